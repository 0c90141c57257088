// How forwarding ended, read at Twilio when the caller's call ends, so that the caller's final
// status writes it in the request it makes anyway instead of the phones writing it in one of
// their own. Both ways of forwarding leave it there: a screened call's last phone keeps the
// verdict in a Sync Document before moving the caller to voicemail (ring-record.ts),
// and an unscreened <Dial>'s legs are the caller's child calls
// (https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources, by
// ParentCallSid). This holds however the caller leaves, even hanging up before the voicemail's
// recording, whose callback also carries the verdict. Twilio-native and not charged per request;
// what Twilio does not answer in time is left to the recording's callback and to reconcile.
import { factsFromUnconnectedLegs, forwardVerdictFacts } from '../calls/facts';
import type { CallRecord } from '../calls/record';
import { withDeadline } from '../runtime/timing';
import type { TwilioClient } from './phones';
import { keptVerdict } from './ring-record';

/** Both reads at once; the write waits no longer than this for them. */
export const AT_CALL_END_TIMEOUT_MS = 1000;
// A <Dial> rings at most ten numbers (FORWARD_TO).
const MOST_LEGS = 10;

/** The forwarding facts of call `callSid`, or undefined when it was not forwarded or Twilio did not say. */
export async function forwardingAtCallEnd(
  client: TwilioClient,
  callSid: string,
  log: (line: string) => void,
): Promise<CallRecord | undefined> {
  const late = () => new Error(`Twilio did not answer within ${AT_CALL_END_TIMEOUT_MS} ms`);
  const [kept, legs] = await Promise.allSettled([
    withDeadline(keptVerdict(client, callSid), AT_CALL_END_TIMEOUT_MS, late),
    withDeadline(client.calls.list({ parentCallSid: callSid, limit: MOST_LEGS }), AT_CALL_END_TIMEOUT_MS, late),
  ]);
  if (kept.status === 'rejected') log(`${callSid}: its forwarding verdict was not read (${reason(kept.reason)})`);
  if (legs.status === 'rejected') log(`${callSid}: its forwarded legs were not read (${reason(legs.reason)})`);
  if (kept.status === 'fulfilled' && kept.value) return forwardVerdictFacts(callSid, kept.value.verdict, kept.value.forwardedTo);
  return (legs.status === 'fulfilled' && factsFromUnconnectedLegs(callSid, legs.value)) || undefined;
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));
