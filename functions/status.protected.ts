// The number's "call status changes" callback: the call's final status, duration,
// and who called. Twilio retries it (per the URL's fragment) when the write fails.
import { factsFromCallStatus } from './lib/call-facts';
import { callbackHandler } from './lib/handlers/callback-handler';
import { oneOf, optional, rfc2822Date, sid, truncatedText, wholeNumber } from './lib/params';
import { TWILIO_CALL_STATUSES } from './lib/twilio-values';

/** The parameters this callback reads; Twilio sends more, which are ignored. Descriptive
 * fields are cut to length, never refused: the status and duration must not be lost over them. */
const PARAMS = {
  CallSid: sid('CA'),
  CallStatus: oneOf(TWILIO_CALL_STATUSES),
  CallDuration: optional(wholeNumber(0, 86400), 0),
  Timestamp: optional(rfc2822Date()),
  From: optional(truncatedText(64)),
  To: optional(truncatedText(64)),
  CallerName: optional(truncatedText(256)),
  CallerCity: optional(truncatedText(128)),
  CallerState: optional(truncatedText(128)),
  CallerCountry: optional(truncatedText(8)),
};

export const handler = callbackHandler(PARAMS, factsFromCallStatus);
