// The parameters each call-log callback reads, in one place: the callbacks parse Twilio's
// requests with them, and reconcile runs the events it rebuilds from Twilio's records through
// the same schemas, so a reconciled row keeps the callbacks' field rules (descriptive text cut
// to length, a recording URL kept only on Twilio's API host). Twilio sends more, which is ignored.

import { oneOf, optional, rfc2822Date, sid, truncatedText, twilioMediaUrl, wholeNumber } from '../boundary/params';
import { CONFERENCE_EVENTS, TRANSCRIPTION_STATUSES, TWILIO_CALL_STATUSES, TWILIO_RECORDING_STATUSES } from '../twilio/values';
import { FORWARD_VERDICTS, VOICEMAIL_CHOICES } from './record';

/** /status. Descriptive fields are cut to length, never refused: the status and duration must not be lost over them. */
export const CALL_STATUS_PARAMS = {
  CallSid: sid('CA'),
  CallStatus: oneOf(TWILIO_CALL_STATUSES),
  CallDuration: optional(wholeNumber(0, 86400), 0),
  Timestamp: optional(rfc2822Date()),
  From: optional(truncatedText(64)),
  To: optional(truncatedText(64)),
  CallerName: optional(truncatedText(256)),
  CallerCity: optional(truncatedText(128)),
  CallerState: optional(truncatedText(128)),
  CallerCountry: optional(truncatedText(8)),
};

/** /forward-status (unscreened <Dial> legs); `numbers` is set in the URL by /menu-choice. */
export const FORWARD_STATUS_PARAMS = {
  CallSid: sid('CA'),
  ParentCallSid: sid('CA'),
  CallStatus: oneOf(TWILIO_CALL_STATUSES),
  CallDuration: optional(wholeNumber(0, 86400), 0),
  To: optional(truncatedText(64)),
  numbers: optional(wholeNumber(1, 10), 1),
};

/**
 * /conference-status: the events of the caller's conference, named after the caller's Call SID
 * (https://www.twilio.com/docs/voice/twiml/conference#attributes-statuscallback-parameters);
 * `caller` and `line` are set in the URL by the TwiML that joined the conference.
 */
export const CONFERENCE_STATUS_PARAMS = {
  ConferenceSid: sid('CF'),
  FriendlyName: sid('CA'),
  StatusCallbackEvent: oneOf(CONFERENCE_EVENTS),
  CallSid: optional(sid('CA')),
  ParticipantLabel: optional(truncatedText(64)),
  Timestamp: optional(rfc2822Date()),
  caller: optional(truncatedText(64), ''),
  line: optional(truncatedText(64), ''),
};

/** /phone-status: the final status of a phone's call; `conference`, `line`, `numbers` (and `accepted`, once it joined) are in the URL. */
export const PHONE_STATUS_PARAMS = {
  CallSid: sid('CA'),
  CallStatus: oneOf(TWILIO_CALL_STATUSES),
  CallDuration: optional(wholeNumber(0, 86400), 0),
  To: optional(truncatedText(64)),
  numbers: optional(wholeNumber(1, 10), 1),
  conference: sid('CA'),
  line: optional(truncatedText(64), ''),
  accepted: optional(oneOf(['1'] as const)),
};

/** /recording-status; `choice` and `forward` are set by the TwiML that started the recording. */
export const RECORDING_STATUS_PARAMS = {
  CallSid: sid('CA'),
  RecordingSid: sid('RE'),
  RecordingStatus: oneOf(TWILIO_RECORDING_STATUSES),
  RecordingUrl: optional(twilioMediaUrl()),
  RecordingDuration: optional(wholeNumber(0, 86400), 0),
  choice: optional(oneOf(VOICEMAIL_CHOICES)),
  forward: optional(oneOf(FORWARD_VERDICTS)),
};

/** /transcription; `RecordingSid` names the voicemail it transcribes. */
export const TRANSCRIPTION_PARAMS = {
  CallSid: sid('CA'),
  RecordingSid: optional(sid('RE')),
  TranscriptionStatus: oneOf(TRANSCRIPTION_STATUSES),
  TranscriptionText: optional(truncatedText(20000)),
};
