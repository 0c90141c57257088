// Forwarding has ended (the <Dial> action). If nobody took the call, the caller is offered
// voicemail and the Dial's verdict travels with them to the log; if they talked, the call
// ends. The forwarding facts are written by the callbacks, so nothing here waits on the store.

import { oneOf, optional, sid } from './lib/boundary/params';
import { twimlHandler } from './lib/handlers/twiml';
import { DIAL_CALL_STATUSES, TWILIO_CALL_STATUSES } from './lib/twilio/values';
import { type DialOutcome, forwardResultTwiml } from './lib/voice/forward';

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    CallStatus: optional(oneOf(TWILIO_CALL_STATUSES), 'in-progress'),
    DialCallStatus: oneOf(DIAL_CALL_STATUSES),
    DialBridged: optional(oneOf(['true', 'false'] as const)),
  },
  (params) => {
    // A phone that was picked up but never connected (nobody pressed 1 at the whisper, or its
    // voicemail answered) still reports completed: only DialBridged says the caller was
    // connected (https://www.twilio.com/docs/voice/twiml/dial#action). A <Conference> reports
    // `answered` when its caller leaves it: with screening, the phone that took the call has
    // hung up; a caller nobody took is moved to voicemail by /phone-status instead.
    const status = params.DialCallStatus;
    let outcome: DialOutcome;
    if (params.CallStatus === 'completed') outcome = 'caller-gone';
    else if (status === 'completed' || status === 'answered') outcome = params.DialBridged === 'false' ? 'not-accepted' : 'answered';
    else outcome = status;
    return forwardResultTwiml(outcome);
  },
);
