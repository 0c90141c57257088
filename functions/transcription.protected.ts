// Transcription callback of the voicemail: the transcript text.

import { TRANSCRIPTION_PARAMS } from './lib/calls/callback-params';
import { factsFromTranscription } from './lib/calls/facts';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(TRANSCRIPTION_PARAMS, factsFromTranscription);
