// What happened on a call, in the five words the owner uses. Derived from the facts the
// call log records; store/formula.ts states the same rule as an Airtable formula,
// and a test holds the two together.
import type { CallRecord } from './record';

export const OUTCOMES = ['answered', 'missed', 'voicemail', 'abandoned', 'blocked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A message worth listening to: it has length, or it is complete and its length is not known yet. */
function hasVoicemail(call: CallRecord): boolean {
  if (call.recordingSeconds !== undefined) return call.recordingSeconds > 0;
  return call.recordingSid !== undefined && call.recordingStatus === 'completed';
}

/** The caller pressed 1, or a forwarding leg left any trace. */
export function forwardingTried(call: CallRecord): boolean {
  return call.choice === 'forward' || call.forwardStatus !== undefined || call.forwardedTo !== undefined;
}

/**
 * blocked: the number was on the blocklist and the call was rejected unanswered.
 * answered: the owner picked up. voicemail: the caller left a message. missed: forwarding
 * was tried and nobody answered, and no message. abandoned: everything else (hung up in the
 * menu, or left an empty message).
 */
export function outcomeOf(call: CallRecord): Outcome {
  if (call.choice === 'blocked') return 'blocked';
  if (call.forwardStatus === 'answered') return 'answered';
  if (hasVoicemail(call)) return 'voicemail';
  if (forwardingTried(call)) return 'missed';
  return 'abandoned';
}
