// Status callback of the forwarded leg (<Number statusCallback>): how forwarding
// ended and the talk time, written to the parent call's row.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as CallLogModule from './lib/call-log.private';
import type * as FactsModule from './lib/call-facts.private';

const { callbackHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readAirtableConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf, text, wholeNumber } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { recordCallFacts } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;
const { factsFromForwardLeg, TWILIO_CALL_STATUSES } = require(Runtime.getFunctions()['lib/call-facts'].path) as typeof FactsModule;

export const handler = callbackHandler(
  {
    CallSid: sid('CA'),
    ParentCallSid: sid('CA'),
    CallStatus: oneOf(TWILIO_CALL_STATUSES),
    CallDuration: optional(wholeNumber(0, 86400), 0),
    To: optional(text(64)),
  },
  async (params, context) => {
    const facts = factsFromForwardLeg(params);
    if (facts) await recordCallFacts(readAirtableConfig(context), facts);
  },
);
