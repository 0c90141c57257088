// The forwarded leg has ended (the <Dial> action). If nobody answered, the caller is
// offered voicemail; if they talked, the call ends. The forwarding facts themselves
// are written by /forward-status, so nothing here waits on the store.
import { readSpeechConfig } from './lib/config';
import { twimlHandler } from './lib/handlers/twiml-handler';
import { oneOf, optional, sid } from './lib/params';
import { forwardResultTwiml } from './lib/twiml';
import { DIAL_CALL_STATUSES, TWILIO_CALL_STATUSES } from './lib/twilio-values';

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    CallStatus: optional(oneOf(TWILIO_CALL_STATUSES), 'in-progress'),
    DialCallStatus: oneOf(DIAL_CALL_STATUSES),
    DialBridged: optional(oneOf(['true', 'false'] as const)),
  },
  (params, context) => {
    const answered = (params.DialCallStatus === 'completed' || params.DialCallStatus === 'answered') && params.DialBridged !== 'false';
    const outcome = params.CallStatus === 'completed' ? 'caller-gone' : answered ? 'answered' : 'not-answered';
    return forwardResultTwiml(readSpeechConfig(context), outcome);
  },
);
