// The JSON the feed page reads for one call: a stable shape, documented in
// assets/openapi.json (schema FeedCall). Every key is always present; unknown facts are null.
import { alertGivenUp } from '../alerts/rule';
import { textAlertOf } from '../alerts/text-status';
import { forwardingTried, type Outcome, outcomeOf } from '../calls/outcome';
import type { CallRecord, CallStatus, Choice, ForwardStatus } from '../calls/record';
import type { TranscriptionStatus } from '../twilio/values';

export interface FeedCall {
  callSid: string;
  /** ISO 8601, UTC. */
  startedAt: string | null;
  caller: { number: string | null; name: string | null; location: string | null };
  /** What the caller chose at the menu; 'none' when they hung up before choosing. */
  choice: Choice;
  outcome: Outcome;
  /** The call came outside business hours (Choice closed) and went straight to voicemail. */
  afterHours: boolean;
  /** Present when the call was forwarded, or forwarding was tried. */
  forwarding: { to: string | null; status: ForwardStatus | null; talkSeconds: number | null } | null;
  /** Final status of the inbound call; null while it is still going on. */
  status: CallStatus | null;
  durationSeconds: number | null;
  /** Present when the outcome is voicemail. */
  voicemail: {
    recordingSid: string | null;
    durationSeconds: number | null;
    /** Path of the recording function for this message; null when there is nothing to fetch. */
    audioUrl: string | null;
    transcript: string | null;
    transcriptionStatus: TranscriptionStatus | null;
  } | null;
  /** When the owner was sent an alert about this call (ISO 8601, UTC); null when not (yet). */
  alertedAt: string | null;
  /** The alert was tried the most times allowed and never reached every recipient (alerts/rule.ts). */
  alertFailed: boolean;
  /**
   * What Twilio reported of the alert's text (alerts/text-status.ts), null before any report:
   * not-delivered, with Twilio's error code and the reason in words, when any owner phone did not get it.
   */
  textAlert: { status: 'not-delivered'; errorCode: number | null; reason: string } | null;
  /** When the owner marked the call done (ISO 8601, UTC); null while it is new. */
  handledAt: string | null;
  /** The owner's note on the call; null when there is none. */
  note: string | null;
  /**
   * On the owner's call back (an outbound call from the business number, /call-back): the Call
   * SID of the call it answers; `caller` is then the party called. Null on every inbound call.
   */
  callBackOf: string | null;
}

/** The call-log fields a FeedCall is made of: the only ones the list request asks Airtable for. */
export const FEED_FIELDS: readonly (keyof CallRecord)[] = [
  'callSid',
  'startedAt',
  'from',
  'callerName',
  'callerLocation',
  'choice',
  'forwardedTo',
  'forwardStatus',
  'forwardTalkSeconds',
  'callStatus',
  'durationSeconds',
  'recordingSid',
  'recordingSeconds',
  'recordingStatus',
  'transcript',
  'transcriptionStatus',
  'alertedAt',
  'alertAttempts',
  'textFailedTo',
  'textErrorCode',
  // A table set up before these lacks them; store/list.ts then lists without them.
  'handledAt',
  'note',
  'callBackOf',
  // The party a call back called.
  'to',
];

function audioUrl(call: CallRecord): string | null {
  // A recording Twilio reports as absent or failed has no media to fetch.
  if (call.recordingSid === undefined || call.recordingStatus === 'absent' || call.recordingStatus === 'failed') return null;
  return `/recording?sid=${encodeURIComponent(call.recordingSid)}`;
}

export function toFeedCall(call: CallRecord): FeedCall {
  const outcome = outcomeOf(call);
  return {
    callSid: call.callSid,
    startedAt: call.startedAt?.toISOString() ?? null,
    caller: {
      number: (call.callBackOf !== undefined ? call.to : call.from) ?? null,
      name: call.callerName ?? null,
      location: call.callerLocation ?? null,
    },
    choice: call.choice ?? 'none',
    outcome,
    afterHours: call.choice === 'closed',
    forwarding: forwardingTried(call)
      ? { to: call.forwardedTo ?? null, status: call.forwardStatus ?? null, talkSeconds: call.forwardTalkSeconds ?? null }
      : null,
    status: call.callStatus ?? null,
    durationSeconds: call.durationSeconds ?? null,
    voicemail:
      outcome === 'voicemail'
        ? {
            recordingSid: call.recordingSid ?? null,
            durationSeconds: call.recordingSeconds ?? null,
            audioUrl: audioUrl(call),
            transcript: call.transcript ?? null,
            transcriptionStatus: call.transcriptionStatus ?? null,
          }
        : null,
    alertedAt: call.alertedAt?.toISOString() ?? null,
    alertFailed: alertGivenUp(call),
    textAlert: textAlertOf(call),
    handledAt: call.handledAt?.toISOString() ?? null,
    note: call.note ?? null,
    callBackOf: call.callBackOf ?? null,
  };
}
