// A voicemail's email with its recording attached (ALERT_EMAIL_AUDIO=true), on a whole
// simulated call: the MP3 Twilio serves for the recording, and the transcript in the body.
import { placingCallsAt, useLocalStack } from '../support/e2e-stack';

const local = placingCallsAt(useLocalStack({ ALERT_EMAIL_AUDIO: 'true' }), new Date('2026-11-23T15:00:30Z'));

it("attaches the voicemail's MP3, as Twilio serves it, to the email; the text goes without it", async () => {
  const call = await local().call({
    from: '+14705550123',
    gather: ['2'],
    record: { seconds: 12, end: '#', transcript: 'Please call me back about the order.' },
  });
  expect(call.problems).toEqual([]);
  const mail = local()
    .sendgrid.mail()
    .filter((m) => m.text.includes(call.callSid));
  expect(mail).toHaveLength(1);
  expect(mail[0].text).toContain('Please call me back about the order.');
  const [recordingSid] = call.recordingSids;
  expect(mail[0].attachments.map(({ filename, type, disposition }) => ({ filename, type, disposition }))).toEqual([
    { filename: `voicemail-${recordingSid}.mp3`, type: 'audio/mpeg', disposition: 'attachment' },
  ]);
  const { env, media } = local();
  const served = await fetch(`${media.url}/2010-04-01/Accounts/${env.ACCOUNT_SID}/Recordings/${recordingSid}.mp3`, {
    headers: { Authorization: `Basic ${Buffer.from(`${env.ACCOUNT_SID}:${env.AUTH_TOKEN}`).toString('base64')}` },
  });
  expect(Buffer.compare(mail[0].attachments[0].content, Buffer.from(await served.arrayBuffer()))).toBe(0);
  const texts = local()
    .media.messages()
    .filter((m) => m.body.includes(call.callSid));
  expect(texts).toHaveLength(1);
});
