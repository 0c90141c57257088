// Which alert a call owes the owner, from the call log alone. Pure, so the rule is tested
// without I/O; the callbacks and the later pass (alerts/pass.ts) both apply it to the row.

import { outcomeOf } from '../calls/outcome';
import type { CallRecord } from '../calls/record';

export type AlertKind = 'voicemail' | 'missed';

/**
 * How long after a call ends its last callbacks may still arrive: Twilio sends the recording
 * and transcription callbacks after the call is over, and a transcript can take minutes
 * (https://www.twilio.com/docs/voice/twiml/record#transcribecallback). After this, a voicemail
 * alerts without its transcript, and a call with no recording is taken as having none.
 */
export const LATE_CALLBACK_WAIT_MS = 5 * 60_000;

/**
 * A channel that keeps failing (an unverified SendGrid sender, a number not registered for
 * A2P 10DLC) must not cost Airtable requests for ever: each failed delivery is counted in the
 * row, the next one waits longer, and after MAX_ALERT_ATTEMPTS the alert is given up (the feed
 * shows "Alert failed"). The first retry is immediate, so Twilio's retry of the callback (a few
 * seconds later) gets it; then 5, 10, 20 and 40 minutes for the later pass.
 */
export const MAX_ALERT_ATTEMPTS = 6;
const FIRST_BACKOFF_MS = 5 * 60_000;

/** When to try again after `failures` failed deliveries, or undefined when the alert is given up. */
export function nextAlertAttempt(failures: number, now: Date): Date | undefined {
  if (failures >= MAX_ALERT_ATTEMPTS) return undefined;
  return new Date(now.getTime() + (failures < 2 ? 0 : FIRST_BACKOFF_MS * 2 ** (failures - 2)));
}

/** The alert was tried MAX_ALERT_ATTEMPTS times and never reached everyone. */
export const alertGivenUp = (call: CallRecord): boolean => call.alertedAt === undefined && (call.alertAttempts ?? 0) >= MAX_ALERT_ATTEMPTS;

/**
 * The alert due for this call now, or null (none owed, already sent, or not yet complete).
 * The call must be over (its status callback is what says who called and when), and a failed
 * alert waits for its next attempt (nextAlertAttempt).
 * - voicemail: a message was left, and its transcript arrived, or transcription failed, or
 *   it has not arrived within LATE_CALLBACK_WAIT_MS.
 * - missed: forwarding was tried, nobody accepted (any forward status but `answered`), and no
 *   message: the recording callback said the recording was empty or failed, or none came
 *   within LATE_CALLBACK_WAIT_MS (the caller hung up before the beep). Without that callback
 *   the wait alone proves nothing (a callback can be late, or the call's clock not ours):
 *   such an alert goes out only once Twilio's records show no recording (missedNeedsProof).
 */
export function alertDue(call: CallRecord, now: Date, missedCalls: boolean): AlertKind | null {
  if (call.alertedAt !== undefined || call.callStatus === undefined || alertGivenUp(call)) return null;
  // The owner blocked the number: hearing of its calls is what they asked not to.
  if (call.choice === 'blocked') return null;
  if (call.alertRetryAt !== undefined && now.getTime() < call.alertRetryAt.getTime()) return null;
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

/**
 * A missed call with no recording callback: only Twilio's records can show that no message
 * will come (alerts/recording-proof.ts), so the alert is sent by a pass that asks them.
 */
export const missedNeedsProof = (call: CallRecord): boolean => call.recordingStatus === undefined;
