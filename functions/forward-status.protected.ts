// Status callback of the forwarded leg (<Number statusCallback>): how forwarding
// ended and the talk time, written to the parent call's row.
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
};

export const handler = callbackHandler(PARAMS, factsFromForwardLeg);
