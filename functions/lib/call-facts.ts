// Turns each Twilio callback into the call facts it owns. Pure, so the rules
// (which statuses are final, what counts as answered) are tested without I/O.
// A callback that carries nothing final yields null: writing an intermediate
// status could overwrite a final one that arrived earlier.
import type { CallRecord, Choice, ForwardStatus } from './call-record';
import {
  isFinalCallStatus,
  type TranscriptionStatus,
  type TwilioCallStatus,
  type TwilioRecordingStatus,
} from './twilio-values';

export interface CallStatusEvent {
  CallSid: string;
  CallStatus: TwilioCallStatus;
  CallDuration: number;
  Timestamp?: Date;
  From?: string;
  To?: string;
  CallerName?: string;
  CallerCity?: string;
  CallerState?: string;
  CallerCountry?: string;
}

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
  };
}

export interface ForwardLegEvent {
  CallSid: string;
  ParentCallSid: string;
  CallStatus: TwilioCallStatus;
  CallDuration: number;
  To?: string;
}

export function factsFromForwardLeg(event: ForwardLegEvent): CallRecord | null {
  if (!isFinalCallStatus(event.CallStatus)) return null;
  const forwardStatus: ForwardStatus = event.CallStatus === 'completed' ? 'answered' : event.CallStatus;
  return {
    callSid: event.ParentCallSid,
    choice: 'forward',
    forwardedTo: event.To,
    forwardStatus,
    forwardTalkSeconds: forwardStatus === 'answered' ? event.CallDuration : 0,
    forwardCallSid: event.CallSid,
  };
}

export interface RecordingEvent {
  CallSid: string;
  RecordingSid: string;
  RecordingStatus: TwilioRecordingStatus;
  RecordingUrl?: string;
  RecordingDuration: number;
  choice?: Choice;
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
  };
}

export interface TranscriptionEvent {
  CallSid: string;
  TranscriptionStatus: TranscriptionStatus;
  TranscriptionText?: string;
}

export function factsFromTranscription(event: TranscriptionEvent): CallRecord {
  return {
    callSid: event.CallSid,
    transcriptionStatus: event.TranscriptionStatus,
    transcript: event.TranscriptionStatus === 'completed' ? (event.TranscriptionText ?? '') : undefined,
  };
}
