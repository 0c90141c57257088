// The forwarded leg has ended (the <Dial> action). If nobody answered, the caller is
// offered voicemail; if they talked, the call ends. The forwarding facts themselves
// are written by /forward-status, so nothing here waits on the store.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as TwimlModule from './lib/twiml.private';
import type * as FactsModule from './lib/call-facts.private';

const { twimlHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readSpeechConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { forwardResultTwiml } = require(Runtime.getFunctions()['lib/twiml'].path) as typeof TwimlModule;
const { TWILIO_CALL_STATUSES } = require(Runtime.getFunctions()['lib/call-facts'].path) as typeof FactsModule;

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    CallStatus: optional(oneOf(TWILIO_CALL_STATUSES), 'in-progress'),
    DialCallStatus: oneOf(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled'] as const),
    DialBridged: optional(oneOf(['true', 'false'] as const)),
  },
  (params, context) => {
    const answered = (params.DialCallStatus === 'completed' || params.DialCallStatus === 'answered') && params.DialBridged !== 'false';
    const outcome = params.CallStatus === 'completed' ? 'caller-gone' : answered ? 'answered' : 'not-answered';
    return forwardResultTwiml(readSpeechConfig(context), outcome);
  },
);
