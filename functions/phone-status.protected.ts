// The final status of a phone's call (the StatusCallback /conference-status gave it). The
// phone that took the call writes its talk time; otherwise, when this is the last of the
// caller's phones to end and the caller still waits with nobody joined, the caller moves to
// our voicemail with the verdict (no-answer, busy, not accepted…), kept in a Sync Document for
// the caller's own final status to write (forwarding/at-call-end.ts).

import { PHONE_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromPhoneEnd, type PhoneEnd } from './lib/calls/facts';
import { callersPhones } from './lib/forwarding/callers-phones';
import { forwardingOf, twilioOf } from './lib/forwarding/context';
import { lastPhoneVerdict, moveCallerToVoicemail, waitingConference } from './lib/forwarding/phones';
import { claimVerdict, ringRecord } from './lib/forwarding/ring-record';
import { callbackHandler } from './lib/handlers/callback';
import { isFinalCallStatus } from './lib/twilio/values';

export const handler = callbackHandler<typeof PHONE_STATUS_PARAMS, PhoneEnd>(
  PHONE_STATUS_PARAMS,
  (params, _receivedAt, end) => factsFromPhoneEnd(params, end ?? { kind: 'other' }),
  // Whether this phone took the call: so its ring record says (forwarding/ring-record.ts), or its URL.
  async (params, context): Promise<PhoneEnd> => {
    if (!isFinalCallStatus(params.CallStatus)) return { kind: 'other' };
    const client = twilioOf(context);
    const log = (line: string) => console.log(`${context.PATH}: ${line}`);
    if (params.accepted === '1' || (await ringRecord(client, params.conference, log))?.accepted === params.CallSid)
      return { kind: 'accepted' };
    // Gone from `init` once a phone joined it or the caller left it: nothing to move then, and a
    // repeated callback finds the caller already moved.
    const conference = await waitingConference(client, params.conference);
    if (!conference) return { kind: 'other' };
    const forwarding = forwardingOf(context, params.conference, '', params.line);
    const phones = await callersPhones(client, forwarding, params.CallSid, log);
    const verdict = lastPhoneVerdict(phones, params.CallSid);
    if (!verdict) return { kind: 'other' };
    const forwardedTo = params.numbers === 1 ? params.To : undefined;
    // Claimed before the move, so the caller's call can only end after its verdict is kept.
    const claim = await claimVerdict(client, params.conference, params.CallSid, { verdict, ...(forwardedTo ? { forwardedTo } : {}) }, log);
    if (claim === 'taken') return { kind: 'other' };
    await moveCallerToVoicemail(client, forwarding, verdict);
    return { kind: 'moved', verdict, kept: claim === 'kept' };
  },
);
