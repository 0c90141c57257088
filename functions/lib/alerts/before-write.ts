// A transcript usually completes a voicemail, and the alert it owes can then go out before the
// transcription's write, so that the record of who got it rides in that same request instead
// of a second one. The row is not read for it: Twilio's own records say what the alert needs,
// free per request (the Call: who, when, and that it is over,
// https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource; the Recording: its
// length, https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources).
// Only an alert nobody has tried goes this way: it is claimed by creating its Sync Document
// (alerts/claim.ts), which any earlier attempt (another callback, the later pass, a retry) has
// created. Anything else, and anything Twilio does not answer in time, is left to the protocol
// after the write (alerts/delivery.ts), which reads the alert's state from the row.
import { randomUUID } from 'crypto';
import type { AlertError } from '../boundary/errors';
import type { CallRecord } from '../calls/record';
import { withDeadline } from '../runtime/timing';
import { REQUEST_TIMEOUT_MS, type RequestBudget } from '../store/airtable';
import { isFinalCallStatus } from '../twilio/values';
import { SEND_TIMEOUT_MS } from './channels';
import { SYNC_TIMEOUT_MS } from './claim';
import { type AlertDeps, attachesAudio, attemptFailed, recipientsOf, sendOwed } from './delivery';
import { alertDue, nextAlertAttempt } from './rule';
import { AUDIO_TIMEOUT_MS, audioOrNote } from './voicemail-audio';

/** What the early alert reads of a Twilio client: `context.getTwilioClient()` has it. */
export interface CallRecordsClient {
  calls(sid: string): {
    fetch(): Promise<{
      from: string;
      to: string;
      callerName: string | null;
      startTime: Date | null;
      endTime: Date | null;
      status: string;
    }>;
  };
  recordings: { list(params: { callSid: string; limit: number }): Promise<{ sid: string; status: string; duration: string | null }[]> };
}

/** Both reads at once; past this the callback writes first and alerts from the row. */
export const TWILIO_RECORDS_TIMEOUT_MS = 1000;
/**
 * The write that carries the record comes last in its invocation: one attempt, and a failure
 * answers 5xx for Twilio's retry, which finds the alert sent (its claim says so) and writes.
 */
export const WRITE_AFTER_ALERT: RequestBudget = { attempts: 1, timeoutMs: REQUEST_TIMEOUT_MS };

/**
 * What the alert and the write after it may take: the claim, the recording for the email, the
 * sends (an email's deadline is its timeout and 500 ms), the claim's release, the write.
 */
function earlyBudgetMs(withAudio: boolean): number {
  return SYNC_TIMEOUT_MS + (withAudio ? AUDIO_TIMEOUT_MS : 0) + SEND_TIMEOUT_MS + 500 + SYNC_TIMEOUT_MS + REQUEST_TIMEOUT_MS + 500;
}

/**
 * The call with its voicemail as Twilio's records have it, or undefined when the call is not
 * over or the recording not complete with a length (the row then decides, after the write).
 * @throws when Twilio does not answer within TWILIO_RECORDS_TIMEOUT_MS.
 */
export async function voicemailAtTwilio(client: CallRecordsClient, callSid: string, recordingSid: string): Promise<CallRecord | undefined> {
  const [call, recordings] = await withDeadline(
    Promise.all([client.calls(callSid).fetch(), client.recordings.list({ callSid, limit: 20 })]),
    TWILIO_RECORDS_TIMEOUT_MS,
    () => new Error(`Twilio did not answer within ${TWILIO_RECORDS_TIMEOUT_MS} ms`),
  );
  const recording = recordings.find((r) => r.sid === recordingSid);
  const seconds = Number(recording?.duration ?? 0);
  if (!isFinalCallStatus(call.status) || recording?.status !== 'completed' || !(seconds > 0)) return undefined;
  return {
    callSid,
    callStatus: call.status,
    from: call.from,
    to: call.to,
    callerName: call.callerName ?? undefined,
    startedAt: call.startTime ?? undefined,
    endedAt: call.endTime ?? undefined,
    recordingSid,
    recordingStatus: 'completed',
    recordingSeconds: seconds,
  };
}

export interface EarlyAlert {
  /** Who got the alert, for the callback's write. */
  record: Pick<CallRecord, 'alertsSent' | 'alertedAt' | 'alertAttempts' | 'alertRetryAt'>;
  /** What could not be sent: thrown once the record is written, so that Twilio retries. */
  failure?: AlertError;
}

/**
 * Sends the voicemail alert `call` owes when nobody has tried it yet, and answers the record of
 * it; undefined when it is not owed, or is left to the protocol after the write.
 * @param call the call as Twilio has it, with the facts of the callback about to be written.
 * @example
 * const early = await alertBeforeWrite(deps, { ...await voicemailAtTwilio(client, callSid, recordingSid), ...facts });
 * await recordCallFacts(airtable, early ? { ...facts, ...early.record } : facts, early ? WRITE_AFTER_ALERT : undefined);
 */
export async function alertBeforeWrite(deps: AlertDeps, call: CallRecord): Promise<EarlyAlert | undefined> {
  const now = (deps.now ?? (() => new Date()))();
  const log = deps.log ?? (() => undefined);
  const everyone = recipientsOf(deps.alerts);
  if (!deps.claims || everyone.length === 0 || alertDue(call, now, deps.alerts.missedCalls) !== 'voicemail') return undefined;
  const withAudio = attachesAudio(deps, call);
  if (deps.deadline !== undefined && deps.deadline - Date.now() < earlyBudgetMs(withAudio)) return undefined;
  const token = randomUUID();
  if ((await deps.claims.first(call.callSid, token, now)) !== 'created') return undefined;
  const audio = withAudio ? audioOrNote(deps.voicemailAudio!, call.recordingSid!) : undefined;
  const { delivered, failures } = await sendOwed(deps, 'voicemail', call, everyone, audio);
  const complete = failures.length === 0;
  await deps.claims.release(call.callSid, token, delivered, complete);
  for (const recipient of delivered) log(`${call.callSid}: voicemail alert sent to ${recipient}`);
  const alertsSent = delivered.join(', ') || undefined;
  if (complete) return { record: { alertsSent, alertedAt: now } };
  const retryAt = nextAlertAttempt(1, now);
  return {
    record: { alertsSent, alertAttempts: 1, alertRetryAt: retryAt },
    failure: attemptFailed(call.callSid, 'voicemail', 1, retryAt, failures, log),
  };
}
