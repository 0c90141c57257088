// The number's "call status changes" callback: the call's final status, duration,
// and who called. Twilio retries it (per the URL's fragment) when the write fails.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as CallLogModule from './lib/call-log.private';
import type * as FactsModule from './lib/call-facts.private';

const { callbackHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readAirtableConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf, text, wholeNumber, rfc2822Date } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { recordCallFacts } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;
const { factsFromCallStatus, TWILIO_CALL_STATUSES } = require(Runtime.getFunctions()['lib/call-facts'].path) as typeof FactsModule;

export const handler = callbackHandler(
  {
    CallSid: sid('CA'),
    CallStatus: oneOf(TWILIO_CALL_STATUSES),
    CallDuration: optional(wholeNumber(0, 86400), 0),
    Timestamp: optional(rfc2822Date()),
    From: optional(text(64)),
    To: optional(text(64)),
    CallerName: optional(text(256)),
    CallerCity: optional(text(128)),
    CallerState: optional(text(128)),
    CallerCountry: optional(text(8)),
  },
  async (params, context) => {
    const facts = factsFromCallStatus(params, new Date());
    if (facts) await recordCallFacts(readAirtableConfig(context), facts);
  },
);
