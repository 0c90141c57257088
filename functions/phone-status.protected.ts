// The final status of a phone's call (the StatusCallback /conference-status gave it). The
// phone that took the call writes its talk time; otherwise, when this is the last of the
// caller's phones to end and the caller still waits with nobody joined, the caller moves to
// our voicemail with the verdict (no-answer, busy, not accepted…), which its recording callback writes.

import { PHONE_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromPhoneEnd } from './lib/calls/facts';
import { callersPhones } from './lib/forwarding/callers-phones';
import { forwardingOf, twilioOf } from './lib/forwarding/context';
import { lastPhoneVerdict, moveCallerToVoicemail, waitingConference } from './lib/forwarding/phones';
import { ringRecord } from './lib/forwarding/ring-record';
import { callbackHandler } from './lib/handlers/callback';
import { isFinalCallStatus } from './lib/twilio/values';

export const handler = callbackHandler<typeof PHONE_STATUS_PARAMS, boolean>(
  PHONE_STATUS_PARAMS,
  (params, _receivedAt, accepted) => factsFromPhoneEnd(params, accepted === true),
  // Whether this phone took the call: so its ring record says (forwarding/ring-record.ts), or its URL.
  async (params, context): Promise<boolean> => {
    if (!isFinalCallStatus(params.CallStatus)) return false;
    const client = twilioOf(context);
    const log = (line: string) => console.log(`${context.PATH}: ${line}`);
    if (params.accepted === '1' || (await ringRecord(client, params.conference, log))?.accepted === params.CallSid) return true;
    // Gone from `init` once a phone joined it or the caller left it: nothing to move then, and a
    // repeated callback finds the caller already moved.
    const conference = await waitingConference(client, params.conference);
    if (!conference) return false;
    const forwarding = forwardingOf(context, params.conference, '', params.line);
    const verdict = lastPhoneVerdict(await callersPhones(client, forwarding, params.CallSid, log), params.CallSid);
    if (verdict) await moveCallerToVoicemail(client, forwarding, verdict);
    return false;
  },
);
