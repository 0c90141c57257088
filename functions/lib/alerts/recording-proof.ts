// Whether a call that looks missed may still have a message. Without a recording callback the
// row cannot tell a caller who hung up before the beep from a recording callback that is late
// or lost, so before a missed-call alert goes out on the wait alone (alerts/rule.ts), Twilio's
// own records of the call are asked: a recording exists from the moment <Record> starts
// (its status is in-progress, then processing, then completed or absent:
// https://www.twilio.com/docs/voice/api/recording#recording-status-values), so a call that is
// over and has none will never have one.
import { AlertError } from '../boundary/errors';
import { withDeadline } from '../runtime/timing';

/** What the proof needs of a Twilio client: `context.getTwilioClient()` and the SDK's client have it. */
export interface RecordingsClient {
  recordings: { list(params: { callSid: string; limit: number }): Promise<{ status: string; duration: string | null }[]> };
}

/** The longest the read may take: with ALERT_BUDGET_MS after it, what is left of a Function's 10 s once the pass has listed. */
export const PROOF_TIMEOUT_MS = 1000;

/** Statuses of a recording that holds no message (absent: nothing was said, or too short). */
const NO_MESSAGE = new Set(['absent', 'failed', 'deleted']);

/**
 * True when Twilio holds a recording of this call that is, or may become, a message.
 * One request: Read multiple Recording resources filtered by CallSid
 * (https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources).
 * @throws AlertError when Twilio does not answer in time (the alert waits for the next pass).
 */
export async function twilioHasRecording(client: RecordingsClient, callSid: string): Promise<boolean> {
  const read = client.recordings.list({ callSid, limit: 20 });
  const recordings = await withDeadline(
    read,
    PROOF_TIMEOUT_MS,
    () => new AlertError(`recordings of ${callSid}: no answer from Twilio within ${PROOF_TIMEOUT_MS} ms`),
  ).catch((err) => {
    if (err instanceof AlertError) throw err;
    throw new AlertError(`recordings of ${callSid} could not be read from Twilio: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  });
  return recordings.some((recording) => !NO_MESSAGE.has(recording.status) && recording.duration !== '0');
}
