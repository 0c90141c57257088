// Status callback of each forwarded leg (<Number statusCallback>): who took the call and
// the talk time, or how forwarding ended when only one phone was rung, written to the
// parent call's row. `numbers` and `screen` are set in the URL by /menu-choice.
import { factsFromForwardLeg } from './lib/call-facts';
import { callbackHandler } from './lib/handlers/callback-handler';
import { oneOf, optional, sid, truncatedText, wholeNumber } from './lib/params';
import { TWILIO_CALL_STATUSES } from './lib/twilio-values';

/** The parameters this callback reads; Twilio sends more, which are ignored. */
const PARAMS = {
  CallSid: sid('CA'),
  ParentCallSid: sid('CA'),
  CallStatus: oneOf(TWILIO_CALL_STATUSES),
  CallDuration: optional(wholeNumber(0, 86400), 0),
  To: optional(truncatedText(64)),
  numbers: optional(wholeNumber(1, 10), 1),
  screen: optional(wholeNumber(1, 600)),
};

export const handler = callbackHandler(PARAMS, ({ screen, ...event }) => factsFromForwardLeg({ ...event, screenSeconds: screen }));
