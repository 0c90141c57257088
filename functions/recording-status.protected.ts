// Recording status callback of the voicemail: recording SID, media URL and length.
// `choice` (and `forward`, the Dial's verdict when forwarding reached nobody) are set by the
// TwiML that started the recording.
import { factsFromRecording } from './lib/call-facts';
import { CHOICES, FORWARD_VERDICTS } from './lib/call-record';
import { callbackHandler } from './lib/handlers/callback-handler';
import { oneOf, optional, sid, twilioMediaUrl, wholeNumber } from './lib/params';
import { TWILIO_RECORDING_STATUSES } from './lib/twilio-values';

/** The parameters this callback reads; Twilio sends more, which are ignored. */
const PARAMS = {
  CallSid: sid('CA'),
  RecordingSid: sid('RE'),
  RecordingStatus: oneOf(TWILIO_RECORDING_STATUSES),
  RecordingUrl: optional(twilioMediaUrl()),
  RecordingDuration: optional(wholeNumber(0, 86400), 0),
  choice: optional(oneOf(CHOICES)),
  forward: optional(oneOf(FORWARD_VERDICTS)),
};

export const handler = callbackHandler(PARAMS, factsFromRecording);
