// "A call comes in": greet the caller and offer the menu. No store I/O on this path.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as TwimlModule from './lib/twiml.private';

const { twimlHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readMenuConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, wholeNumber } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { menuTwiml } = require(Runtime.getFunctions()['lib/twiml'].path) as typeof TwimlModule;

export const handler = twimlHandler(
  // The attempt count travels in the URL: Functions keep no memory between requests.
  { CallSid: sid('CA'), attempt: optional(wholeNumber(1, 99), 1) },
  (params, context) => menuTwiml(readMenuConfig(context), params.attempt),
);
