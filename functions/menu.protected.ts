// "A call comes in": greet the caller and offer the menu. No store I/O on this path.
import { readMenuConfig } from './lib/config';
import { twimlHandler } from './lib/handlers/twiml-handler';
import { optional, sid, wholeNumber } from './lib/params';
import { menuTwiml } from './lib/twiml';

export const handler = twimlHandler(
  // The attempt count travels in the URL: Functions keep no memory between requests.
  { CallSid: sid('CA'), attempt: optional(wholeNumber(1, 99), 1) },
  (params, context) => menuTwiml(readMenuConfig(context), params.attempt),
);
