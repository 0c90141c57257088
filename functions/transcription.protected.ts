// Transcription callback of the voicemail: the transcript text.
import { factsFromTranscription } from './lib/calls/facts';
import { callbackHandler } from './lib/handlers/callback';
import { TRANSCRIPTION_PARAMS } from './lib/calls/callback-params';

export const handler = callbackHandler(TRANSCRIPTION_PARAMS, factsFromTranscription);
