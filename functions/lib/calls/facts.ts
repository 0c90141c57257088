// Turns each Twilio callback into the call facts it owns. Pure, so the rules
// (which statuses are final, what counts as answered) are tested without I/O.
// A callback that carries nothing final yields null: writing an intermediate
// status could overwrite a final one that arrived earlier.
// Each event is typed by the schema its callback parses (calls/callback-params.ts), so the two
// cannot drift apart.

import type { ParamsEvent } from '../boundary/params';
import { type FinalCallStatus, isFinalCallStatus } from '../twilio/values';
import type {
  CALL_STATUS_PARAMS,
  CONFERENCE_STATUS_PARAMS,
  FORWARD_STATUS_PARAMS,
  PHONE_STATUS_PARAMS,
  RECORDING_STATUS_PARAMS,
  TRANSCRIPTION_PARAMS,
} from './callback-params';
import type { CallRecord, ForwardStatus } from './record';

export type CallStatusEvent = ParamsEvent<typeof CALL_STATUS_PARAMS>;
/** `numbers`: how many phones the unscreened <Dial> rang at once (set in the statusCallback URL). */
export type ForwardLegEvent = ParamsEvent<typeof FORWARD_STATUS_PARAMS>;
export type ConferenceEvent = ParamsEvent<typeof CONFERENCE_STATUS_PARAMS>;
export type PhoneStatusEvent = ParamsEvent<typeof PHONE_STATUS_PARAMS>;
/** `forward`: the Dial's verdict when forwarding reached nobody (set in the voicemail URL by /forward-result). */
export type RecordingEvent = ParamsEvent<typeof RECORDING_STATUS_PARAMS>;
export type TranscriptionEvent = ParamsEvent<typeof TRANSCRIPTION_PARAMS>;

/**
 * An inbound call ends busy or no-answer only when its first TwiML was <Reject>
 * (https://www.twilio.com/docs/voice/twiml/reject): Twilio answers every other call. /menu
 * rejects only a blocked number, so that status is the fact that the call was blocked.
 */
export const rejectedUnanswered = (status: FinalCallStatus): boolean => status === 'busy' || status === 'no-answer';

export function factsFromCallStatus(event: CallStatusEvent, receivedAt: Date): CallRecord | null {
  if (!isFinalCallStatus(event.CallStatus)) return null;
  const endedAt = event.Timestamp ?? receivedAt;
  const location = [event.CallerCity, event.CallerState, event.CallerCountry].filter(Boolean).join(', ');
  return {
    callSid: event.CallSid,
    callStatus: event.CallStatus,
    durationSeconds: event.CallDuration,
    endedAt,
    startedAt: new Date(endedAt.getTime() - event.CallDuration * 1000),
    from: event.From,
    to: event.To,
    callerName: event.CallerName,
    callerLocation: location || undefined,
    ...(rejectedUnanswered(event.CallStatus) ? { choice: 'blocked' as const } : {}),
  };
}

/**
 * An unscreened leg that was picked up was connected: the first phone to pick up is connected
 * to the caller (https://www.twilio.com/docs/voice/twiml/number), a carrier's voicemail too.
 */
export function legAccepted(event: Pick<ForwardLegEvent, 'CallStatus'>): boolean {
  return event.CallStatus === 'completed';
}

export function factsFromForwardLeg(event: ForwardLegEvent): CallRecord | null {
  if (!isFinalCallStatus(event.CallStatus)) return null;
  const leg = { callSid: event.ParentCallSid, choice: 'forward' as const };
  if (legAccepted(event)) {
    return {
      ...leg,
      forwardedTo: event.To,
      forwardStatus: 'answered',
      forwardTalkSeconds: event.CallDuration,
      forwardCallSid: event.CallSid,
    };
  }
  // A leg that was not connected writes nothing: how forwarding ended is a fact of all the legs,
  // which report in any order. The Dial's verdict reaches the row through the voicemail the
  // caller is offered (factsFromRecording) and, however the call ends, through the caller's own
  // final status, which reads the legs from Twilio (forwarding/at-call-end.ts).
  return null;
}

/** A phone's call as the forwarding verdict needs it: Twilio's record of it, or its callback. */
export interface ForwardedLeg {
  sid: string;
  to: string;
  status: string;
}

/** The row's facts when forwarding reached nobody; the phone's number when only one rang. */
export function forwardVerdictFacts(callSid: string, verdict: Exclude<ForwardStatus, 'answered'>, onlyPhone?: string): CallRecord {
  return { callSid, choice: 'forward', forwardStatus: verdict, forwardTalkSeconds: 0, ...(onlyPhone ? { forwardedTo: onlyPhone } : {}) };
}

/**
 * How forwarding ended from the legs of an unscreened <Dial>, once every one has ended and none
 * was connected (a connected leg writes its own facts, factsFromForwardLeg); null otherwise.
 */
export function factsFromUnconnectedLegs(callSid: string, legs: readonly ForwardedLeg[]): CallRecord | null {
  const statuses = legs.map((leg) => leg.status);
  if (legs.length === 0 || !statuses.every(isFinalCallStatus) || statuses.some((status) => legAccepted({ CallStatus: status })))
    return null;
  const facts = forwardVerdictFacts(callSid, verdictOfLegs(statuses), legs.length === 1 ? legs[0].to : undefined);
  return legs.length === 1 ? { ...facts, forwardCallSid: legs[0].sid } : facts;
}

/**
 * A phone joining the caller's conference is the acceptance: only a person who pressed 1 at the
 * whisper joins (docs/forwarding.md). The row is the caller's, named by the conference; the
 * caller's own join, and every other event, carry no forwarding fact.
 */
export function factsFromConferenceEvent(event: ConferenceEvent): CallRecord | null {
  if (event.StatusCallbackEvent !== 'participant-join' || !event.CallSid || event.CallSid === event.FriendlyName) return null;
  return {
    callSid: event.FriendlyName,
    choice: 'forward',
    forwardStatus: 'answered',
    forwardedTo: event.ParticipantLabel,
    forwardCallSid: event.CallSid,
  };
}

/**
 * What a phone's end did at Twilio (/phone-status): this phone took the call; it was the last to
 * end and moved the caller to voicemail with the verdict, which `kept` says the caller's Sync
 * Document holds for the caller's own final status to write (forwarding/ring-record.ts); or neither.
 */
export type PhoneEnd =
  | { kind: 'accepted' }
  | { kind: 'moved'; verdict: Exclude<ForwardStatus, 'answered'>; kept: boolean }
  | { kind: 'other' };

/**
 * The talk time of the phone that took the call, from its call's final status. The phone that
 * moved the caller to voicemail writes the verdict only when Sync could not keep it: the caller's
 * final status writes it otherwise, in the request it makes anyway. With one phone whose end did
 * not move the caller (the caller had left), its end is how forwarding ended; with several, such
 * a phone writes nothing (its failure is not the call's).
 */
export function factsFromPhoneEnd(event: PhoneStatusEvent, end: PhoneEnd): CallRecord | null {
  if (!isFinalCallStatus(event.CallStatus)) return null;
  const onlyPhone = event.numbers === 1 ? event.To : undefined;
  switch (end.kind) {
    case 'accepted':
      return { callSid: event.conference, forwardTalkSeconds: event.CallDuration };
    case 'moved':
      return end.kept ? null : forwardVerdictFacts(event.conference, end.verdict, onlyPhone);
    case 'other':
      return onlyPhone ? forwardVerdictFacts(event.conference, verdictOfLegs([event.CallStatus]), onlyPhone) : null;
  }
}

/**
 * How forwarding ended when nobody took the call, from the final statuses of the phones' calls:
 * a phone that was picked up (a voicemail, a whisper nobody answered) means not accepted, else
 * the most hopeful of the others.
 */
export function verdictOfLegs(statuses: readonly FinalCallStatus[]): Exclude<ForwardStatus, 'answered'> {
  if (statuses.includes('completed')) return 'not-accepted';
  for (const status of ['no-answer', 'busy', 'failed'] as const) if (statuses.includes(status)) return status;
  return 'canceled';
}

export function factsFromRecording(event: RecordingEvent): CallRecord | null {
  const status = event.RecordingStatus;
  if (status !== 'completed' && status !== 'absent' && status !== 'failed') return null;
  return {
    callSid: event.CallSid,
    choice: event.choice,
    recordingSid: event.RecordingSid,
    recordingStatus: status,
    recordingUrl: status === 'completed' ? event.RecordingUrl : undefined,
    recordingSeconds: status === 'completed' ? event.RecordingDuration : 0,
    ...(event.forward ? { forwardStatus: event.forward, forwardTalkSeconds: 0 } : {}),
  };
}

export function factsFromTranscription(event: TranscriptionEvent): CallRecord {
  return {
    callSid: event.CallSid,
    transcriptionStatus: event.TranscriptionStatus,
    transcript: event.TranscriptionStatus === 'completed' ? (event.TranscriptionText ?? '') : undefined,
  };
}
