// The number's "call status changes" callback: the call's final status, duration, who called,
// and how forwarding ended when nobody took the call (read at Twilio, forwarding/at-call-end.ts).
// Twilio retries it (per the URL's fragment) when the write fails.

import { CALL_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromCallStatus } from './lib/calls/facts';
import { type CallRecord, unionOfFacts } from './lib/calls/record';
import { forwardingAtCallEnd } from './lib/forwarding/at-call-end';
import { twilioOf } from './lib/forwarding/context';
import { callbackHandler } from './lib/handlers/callback';
import { isFinalCallStatus } from './lib/twilio/values';

export const handler = callbackHandler<typeof CALL_STATUS_PARAMS, CallRecord | undefined>(
  CALL_STATUS_PARAMS,
  (params, receivedAt, forwarding) => {
    const facts = factsFromCallStatus(params, receivedAt);
    return facts && forwarding ? unionOfFacts([facts, forwarding]) : facts;
  },
  async (params, context) => {
    if (!isFinalCallStatus(params.CallStatus)) return undefined;
    const log = (line: string) => console.log(`${context.PATH}: ${line}`);
    try {
      return await forwardingAtCallEnd(twilioOf(context), params.CallSid, log);
    } catch (err) {
      // The call's own facts are written all the same.
      log(`${params.CallSid}: forwarding not read at Twilio (${err instanceof Error ? err.message : String(err)})`);
      return undefined;
    }
  },
);
