// Transcription callback of the voicemail: the transcript text.
import { factsFromTranscription } from './lib/call-facts';
import { callbackHandler } from './lib/handlers/callback-handler';
import { TRANSCRIPTION_PARAMS } from './lib/callback-params';

export const handler = callbackHandler(TRANSCRIPTION_PARAMS, factsFromTranscription);
