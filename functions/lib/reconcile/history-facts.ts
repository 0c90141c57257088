// Turns Twilio's records of a call back into the callbacks that would have reported it, and
// those into facts with the callbacks' own mapping, so a reconciled row is the row the
// callbacks would have written and upserting it over theirs changes nothing.

import { BadRequest } from '../boundary/errors';
import { type Params, parseParams, type Schema } from '../boundary/params';
import { CALL_STATUS_PARAMS, FORWARD_STATUS_PARAMS, RECORDING_STATUS_PARAMS, TRANSCRIPTION_PARAMS } from '../calls/callback-params';
import {
  factsFromCallStatus,
  factsFromForwardLeg,
  factsFromRecording,
  factsFromTranscription,
  factsFromUnconnectedLegs,
} from '../calls/facts';
import { type BusinessHours, isOpen } from '../calls/hours';
import { type CallRecord, type Choice, unionOfFacts } from '../calls/record';
import type { CallHistory } from '../twilio/records';
import { TRANSCRIPTION_STATUSES, TWILIO_CALL_STATUSES, TWILIO_RECORDING_STATUSES } from '../twilio/values';

const known = <T extends string>(values: readonly T[], value: string): value is T => (values as readonly string[]).includes(value);

// Twilio leaves the duration empty for calls that never connected; the callbacks send 0 for them.
const seconds = (duration: string | null): number => (duration !== null && /^\d+$/.test(duration) ? Number(duration) : 0);

/**
 * The rebuilt callback as its function would have parsed it: the same schema cuts descriptive
 * text and drops a recording URL off Twilio's API host. Null where the callback would have been
 * refused (400), which writes nothing.
 */
function asCallback<S extends Schema>(schema: S, event: Record<string, string | number | Date | undefined>): Params<S> | null {
  const raw: Record<string, string> = {};
  for (const [name, value] of Object.entries(event)) {
    // Twilio sends every parameter as text, dates as RFC 2822 (https://www.twilio.com/docs/voice/twiml#request-parameters).
    if (value !== undefined) raw[name] = value instanceof Date ? value.toUTCString() : String(value);
  }
  try {
    return parseParams(raw, schema);
  } catch (err) {
    if (!(err instanceof BadRequest)) throw err;
    console.warn(`Reconcile: ${event.CallSid} skipped a callback its function would refuse: ${err.message}`);
    return null;
  }
}

function merged(facts: (CallRecord | null)[]): CallRecord | null {
  const found = facts.filter((fact): fact is CallRecord => fact !== null);
  return found.length === 0 ? null : unionOfFacts(found);
}

export interface LineSettings {
  /** The line's hours (readBusinessHours), null when always open: a call outside them went straight to voicemail as `closed`. */
  businessHours?: BusinessHours | null;
}

/** The facts the callbacks of this call would have written, as one record; null while nothing is final. */
export function factsFromHistory({ call, legs, recordings }: CallHistory, { businessHours = null }: LineSettings = {}): CallRecord | null {
  const facts: (CallRecord | null)[] = [];
  if (known(TWILIO_CALL_STATUSES, call.status)) {
    // Twilio leaves end_time empty for calls that did not complete; date_updated is when it
    // recorded the final status, the moment the status callback's Timestamp reports.
    const event = {
      CallSid: call.sid,
      CallStatus: call.status,
      CallDuration: seconds(call.duration),
      Timestamp: call.endTime ?? undefined,
      From: call.from,
      To: call.to,
      CallerName: call.callerName || undefined,
    };
    const params = asCallback(CALL_STATUS_PARAMS, event);
    if (params) facts.push(factsFromCallStatus(params, call.dateUpdated));
  }
  for (const leg of legs) {
    if (!known(TWILIO_CALL_STATUSES, leg.status)) continue;
    const event = {
      CallSid: leg.sid,
      ParentCallSid: call.sid,
      CallStatus: leg.status,
      CallDuration: seconds(leg.duration),
      To: leg.to,
      numbers: legs.length,
    };
    const params = asCallback(FORWARD_STATUS_PARAMS, event);
    if (params) facts.push(factsFromForwardLeg(params));
  }
  // When no leg was connected the caller was offered voicemail with the Dial's verdict, which
  // its recording callback and the caller's final status wrote; Twilio's records keep the legs it was made of.
  const unconnected = factsFromUnconnectedLegs(call.sid, legs);
  facts.push(unconnected);
  const forward = unconnected?.forwardStatus === 'answered' ? undefined : unconnected?.forwardStatus;
  // Twilio's records cannot tell "pressed 2" from "said nothing and was taken to voicemail":
  // both are a recording without a forwarded leg. Choice is left to the recording callback
  // then, since writing a guess would overwrite the 'none' it may already have written. A call
  // that came outside the hours had no menu: /menu sent it straight to the voicemail whose
  // recording callback writes `closed`. Its start is the one the status callback writes.
  const startedAt = new Date((call.endTime ?? call.dateUpdated).getTime() - seconds(call.duration) * 1000);
  const closed = legs.length === 0 && businessHours !== null && !isOpen(businessHours, startedAt);
  const choice: Choice | undefined = legs.length > 0 ? 'forward' : closed ? 'closed' : undefined;
  for (const { recording, transcriptions } of recordings) {
    if (known(TWILIO_RECORDING_STATUSES, recording.status)) {
      const event = {
        CallSid: call.sid,
        RecordingSid: recording.sid,
        RecordingStatus: recording.status,
        RecordingUrl: recording.mediaUrl,
        RecordingDuration: seconds(recording.duration),
        choice,
        forward,
      };
      const params = asCallback(RECORDING_STATUS_PARAMS, event);
      if (params) facts.push(factsFromRecording(params));
    }
    for (const transcription of transcriptions) {
      if (!known(TRANSCRIPTION_STATUSES, transcription.status)) continue;
      const event = {
        CallSid: call.sid,
        TranscriptionStatus: transcription.status,
        TranscriptionText: transcription.transcriptionText ?? undefined,
      };
      const params = asCallback(TRANSCRIPTION_PARAMS, event);
      if (params) facts.push(factsFromTranscription(params));
    }
  }
  return merged(facts);
}
