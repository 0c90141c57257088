// Transcription callback of the voicemail: the transcript text.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as CallLogModule from './lib/call-log.private';
import type * as FactsModule from './lib/call-facts.private';

const { callbackHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readAirtableConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf, text } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { recordCallFacts } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;
const { factsFromTranscription } = require(Runtime.getFunctions()['lib/call-facts'].path) as typeof FactsModule;

export const handler = callbackHandler(
  {
    CallSid: sid('CA'),
    TranscriptionStatus: oneOf(['completed', 'failed'] as const),
    TranscriptionText: optional(text(20000)),
  },
  async (params, context) => {
    await recordCallFacts(readAirtableConfig(context), factsFromTranscription(params));
  },
);
