// Twilio's records of many calls at once, put straight into the REST stand-in: a forwarded call
// nobody answered, then a voicemail with its transcript (a leg, a recording and a transcription
// each), so a reconcile has every kind of record to read.
import type { CallRecords } from '../../emulators/twilio';

const hex = (n: number) => n.toString(16).padStart(32, '0');
const rfc2822 = (date: Date) => date.toUTCString().replace('GMT', '+0000');

export function missedThenVoicemail(count: number, to: string, first: number, startedAt: Date): CallRecords {
  const records: CallRecords = { calls: [], recordings: [], transcriptions: [] };
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const start = new Date(startedAt.getTime() + i * 1000);
    const end = new Date(start.getTime() + 60_000);
    const sid = `CA${hex(n)}`;
    records.calls.push(
      {
        sid,
        direction: 'inbound',
        from: `+1470555${String(1000 + (n % 9000)).padStart(4, '0')}`,
        to,
        status: 'completed',
        startTime: rfc2822(start),
        endTime: rfc2822(end),
        durationSeconds: 60,
      },
      {
        sid: `CA${hex(n + 0x100000)}`,
        parentCallSid: sid,
        direction: 'outbound-dial',
        from: to,
        to: '+14155550199',
        status: 'no-answer',
        startTime: rfc2822(start),
        endTime: rfc2822(start),
        durationSeconds: 0,
      },
    );
    records.recordings.push({
      sid: `RE${hex(n)}`,
      callSid: sid,
      status: 'completed',
      durationSeconds: 12,
      startTime: rfc2822(start),
      mediaUrl: `https://api.twilio.com/2010-04-01/Accounts/AC/Recordings/RE${hex(n)}`,
    });
    records.transcriptions.push({
      sid: `TR${hex(n)}`,
      recordingSid: `RE${hex(n)}`,
      status: 'completed',
      text: `Message ${n}`,
      durationSeconds: 12,
      dateCreated: rfc2822(end),
    });
  }
  return records;
}
