// Transcription callback of the voicemail: the transcript text. A transcript usually completes
// the voicemail, and its alert then goes out before the write, which records it too.

import { alertBeforeWriteOf } from './lib/alerts/callback-step';
import { TRANSCRIPTION_PARAMS } from './lib/calls/callback-params';
import { factsFromTranscription } from './lib/calls/facts';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(
  TRANSCRIPTION_PARAMS,
  factsFromTranscription,
  undefined,
  (params, context, facts, airtable, startedAt, now) => alertBeforeWriteOf(context, airtable, facts, params.RecordingSid, startedAt, now),
);
