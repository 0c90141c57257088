// Prompt, beep and record a voicemail. `choice` says how the caller got here
// (pressed 2, forward not answered, or no choice made) for the call log.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as TwimlModule from './lib/twiml.private';
import type * as CallLogModule from './lib/call-log.private';

const { twimlHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readVoicemailConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { voicemailTwiml } = require(Runtime.getFunctions()['lib/twiml'].path) as typeof TwimlModule;
const { CHOICES } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;

export const handler = twimlHandler(
  { CallSid: sid('CA'), choice: optional(oneOf(CHOICES), 'voicemail') },
  (params, context) => voicemailTwiml(readVoicemailConfig(context), params.choice),
);
