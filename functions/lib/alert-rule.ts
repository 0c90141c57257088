// Which alert a call owes the owner, from the call log alone. Pure, so the rule is tested
// without I/O; the callbacks and the later pass (lib/alert-pass.ts) both apply it to the row.
import type { CallRecord } from './call-record';
import { outcomeOf } from './feed-outcome';

export type AlertKind = 'voicemail' | 'missed';

/**
 * How long after a call ends its last callbacks may still arrive: Twilio sends the recording
 * and transcription callbacks after the call is over, and a transcript can take minutes
 * (https://www.twilio.com/docs/voice/twiml/record#transcribecallback). After this, a voicemail
 * alerts without its transcript, and a call with no recording is taken as having none.
 */
export const LATE_CALLBACK_WAIT_MS = 5 * 60_000;

/**
 * The alert due for this call now, or null (none owed, already sent, or not yet complete).
 * The call must be over (its status callback is what says who called and when).
 * - voicemail: a message was left, and its transcript arrived, or transcription failed, or
 *   it has not arrived within LATE_CALLBACK_WAIT_MS.
 * - missed: forwarding was tried, nobody accepted (any forward status but `answered`), and no
 *   message: the recording callback said the recording was empty or failed, or none came
 *   within LATE_CALLBACK_WAIT_MS (the caller hung up before the beep).
 */
export function alertDue(call: CallRecord, now: Date, missedCalls: boolean): AlertKind | null {
  if (call.alertedAt !== undefined || call.callStatus === undefined) return null;
  const ended = (call.endedAt ?? call.startedAt)?.getTime();
  const waitedOut = ended !== undefined && now.getTime() - ended >= LATE_CALLBACK_WAIT_MS;
  switch (outcomeOf(call)) {
    case 'voicemail':
      return call.transcriptionStatus !== undefined || waitedOut ? 'voicemail' : null;
    case 'missed':
      return missedCalls && (call.recordingStatus !== undefined || waitedOut) ? 'missed' : null;
    default:
      return null;
  }
}
