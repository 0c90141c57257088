// The events of the caller's conference (<Conference statusCallback>), named after the
// caller's Call SID. The caller's join rings the owner's phones, each as a call of its own, once
// however often Twilio delivers it; a phone's join is the acceptance: the caller's row says
// answered by that number, and this caller's other phones stop. When the caller leaves before
// anyone joined, their phones stop too.
// Off the caller's path: the caller hears the conference's hold music meanwhile.

import { CONFERENCE_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromConferenceEvent } from './lib/calls/facts';
import { callersPhones } from './lib/forwarding/callers-phones';
import { forwardingOf, twilioOf } from './lib/forwarding/context';
import { moveCallerToVoicemail, ringPhones, stopOtherPhones } from './lib/forwarding/phones';
import { claimRinging, recordAcceptance, recordPhones } from './lib/forwarding/ring-record';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(CONFERENCE_STATUS_PARAMS, factsFromConferenceEvent, async (params, context) => {
  const callerEvent = params.CallSid === params.FriendlyName;
  const phoneJoined = params.StatusCallbackEvent === 'participant-join' && params.CallSid !== undefined && !callerEvent;
  const callerJoined = params.StatusCallbackEvent === 'participant-join' && callerEvent;
  const callerLeft = params.StatusCallbackEvent === 'participant-leave' && callerEvent;
  if (!phoneJoined && !callerJoined && !callerLeft) return;
  const forwarding = forwardingOf(context, params.FriendlyName, params.caller, params.line);
  const client = twilioOf(context);
  const log = (line: string) => console.log(`${context.PATH}: ${line}`);
  if (callerJoined) {
    const claim = await claimRinging(client, forwarding.conference, log);
    if (claim === 'taken') return;
    const rung = await ringPhones(client, forwarding, log);
    // Nobody could be rung (every create refused): the caller must not wait for nothing.
    if (rung.length === 0) await moveCallerToVoicemail(client, forwarding, 'failed');
    else if (claim === 'claimed') await recordPhones(client, forwarding.conference, rung, log);
    return;
  }
  const calls = await callersPhones(client, forwarding, phoneJoined ? params.CallSid : undefined, log);
  if (phoneJoined)
    await recordAcceptance(
      client,
      forwarding.conference,
      calls.map((call) => call.sid),
      params.CallSid!,
      log,
    );
  await stopOtherPhones(client, forwarding, calls, phoneJoined ? params.CallSid : undefined, log);
});
