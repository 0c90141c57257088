// The values Twilio sends in its webhooks, defined once. Parameters are validated
// against these at the boundary (boundary/params.ts), so the code behind it can trust them.

/** E.164: "+", country code, subscriber number, at most 15 digits. https://www.twilio.com/docs/glossary/what-e164 */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** Every status a Call resource can report. https://www.twilio.com/docs/voice/api/call-resource#call-status-values */
export const TWILIO_CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type TwilioCallStatus = (typeof TWILIO_CALL_STATUSES)[number];

/** The statuses a call cannot leave: the only ones worth writing to the log. */
export const FINAL_CALL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export type FinalCallStatus = (typeof FINAL_CALL_STATUSES)[number];

export function isFinalCallStatus(status: string): status is FinalCallStatus {
  return (FINAL_CALL_STATUSES as readonly string[]).includes(status);
}

/** A SID: its two-letter prefix and 32 hexadecimal characters. https://www.twilio.com/docs/glossary/what-is-a-sid */
export const sidPattern = (prefix: string): RegExp => new RegExp(`^${prefix}[0-9a-fA-F]{32}$`);

/** `DialCallStatus` of the <Dial> action request. https://www.twilio.com/docs/voice/twiml/dial#action */
export const DIAL_CALL_STATUSES = ['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'] as const;

/** `RecordingStatus` of a recording status callback. https://www.twilio.com/docs/voice/twiml/record#recordingstatuscallback */
export const TWILIO_RECORDING_STATUSES = ['in-progress', 'paused', 'stopped', 'processing', 'completed', 'absent', 'failed'] as const;
export type TwilioRecordingStatus = (typeof TWILIO_RECORDING_STATUSES)[number];

/**
 * `MessageStatus` of a Message's status callback (https://www.twilio.com/docs/messaging/api/message-resource#message-status-values);
 * delivered, undelivered and failed are final (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'receiving',
  'received',
  'accepted',
  'scheduled',
  'read',
  'partially_delivered',
  'canceled',
] as const;

/** `TranscriptionStatus` of the transcribe callback. https://www.twilio.com/docs/voice/twiml/record#transcribecallback */
export const TRANSCRIPTION_STATUSES = ['completed', 'failed'] as const;
export type TranscriptionStatus = (typeof TRANSCRIPTION_STATUSES)[number];

/** `StatusCallbackEvent` of a conference's status callback. https://www.twilio.com/docs/voice/twiml/conference#attributes-statuscallbackevent */
export const CONFERENCE_EVENTS = [
  'conference-start',
  'conference-end',
  'participant-join',
  'participant-leave',
  'participant-mute',
  'participant-unmute',
  'participant-hold',
  'participant-unhold',
  'participant-modify',
  'participant-speech-start',
  'participant-speech-stop',
  'announcement-end',
  'announcement-fail',
] as const;

// What a webhook's `From` holds when the caller withheld their number or has none: a word
// ("anonymous", "restricted"…), or the keypad spelling of one, which merely looks like a number:
// +266696687 is ANONYMOUS, +7378742833 RESTRICTED, +86282452253 UNAVAILABLE, +8656696 UNKNOWN,
// +2562533 BLOCKED (https://www.twilio.com/docs/glossary/what-e164 for the numbers that are real).
const WITHHELD_SPELLED = new Set(['+266696687', '+7378742833', '+86282452253', '+8656696', '+2562533']);
const WITHHELD_WORDS = /^(anonymous|restricted|blocked|unavailable|unknown|private)$/i;

/** True when the caller ID is withheld (or absent): nobody's number. */
export const isWithheldCallerId = (from: string | undefined): boolean =>
  from === undefined || from === '' || WITHHELD_SPELLED.has(from) || WITHHELD_WORDS.test(from);
