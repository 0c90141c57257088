// Transcription callback of the voicemail: the transcript text.
import { factsFromTranscription } from './lib/call-facts';
import { callbackHandler } from './lib/handlers/callback-handler';
import { oneOf, optional, sid, truncatedText } from './lib/params';
import { TRANSCRIPTION_STATUSES } from './lib/twilio-values';

/** The parameters this callback reads; Twilio sends more, which are ignored. */
const PARAMS = {
  CallSid: sid('CA'),
  TranscriptionStatus: oneOf(TRANSCRIPTION_STATUSES),
  TranscriptionText: optional(truncatedText(20000)),
};

export const handler = callbackHandler(PARAMS, factsFromTranscription);
