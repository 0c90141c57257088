// Ringing the owner's phones as calls of their own while the caller waits in a conference
// named after their Call SID (docs/forwarding.md): start them, find them again, stop the rest
// once one phone has joined, and move the caller to voicemail when every phone has ended
// unanswered. No call-log store: Twilio holds the state (the calls, the conference, and which
// calls were rung for which caller, ring-record.ts).
import { verdictOfLegs } from '../calls/facts';
import type { ForwardStatus } from '../calls/record';
import type { HandlerContext } from '../runtime/respond';
import { type FinalCallStatus, isFinalCallStatus } from '../twilio/values';
import { CALLBACK_RETRY, ROUTES, withQuery } from '../voice/response';
import type { ForwardConfig } from '../voice/settings';

/** A phone's call as the Calls list reports it (https://www.twilio.com/docs/voice/api/call-resource#call-properties). */
export interface PhoneCall {
  sid: string;
  to: string;
  status: string;
  startTime: Date | null;
  /** When Twilio recorded the latest status: for an ended call, when it ended (end_time stays empty unless it completed). */
  dateUpdated: Date;
}

/** The caller's conference, and the numbers it was made with. */
export interface Forwarding {
  /** The conference's name: the caller's Call SID. */
  conference: string;
  callerNumber: string;
  lineNumber: string;
  forward: ForwardConfig;
}

/** The account's client as the Functions runtime gives it. */
export type TwilioClient = ReturnType<HandlerContext['getTwilioClient']>;

const RINGING = new Set(['queued', 'initiated', 'ringing']);

/**
 * One call per number (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource):
 * the whisper as its Url, the ring time as its Timeout, the line's number as caller ID (a REST
 * call's From must be a number of the account; the whisper says who is calling). A number that
 * cannot be rung is logged and the others still ring.
 * Returns the SIDs of the calls that ring.
 */
export async function ringPhones(client: TwilioClient, forwarding: Forwarding, log: (line: string) => void): Promise<string[]> {
  const { conference, callerNumber, lineNumber, forward } = forwarding;
  const ringing: string[] = [];
  // One after another, in FORWARD_TO's order: ten requests fit the Function's 10 s, and the
  // phones ring in the order the owner listed them.
  for (const to of forward.forwardTo) {
    try {
      const call = await client.calls.create({
        to,
        from: lineNumber,
        url: forward.serviceOrigin + withQuery(ROUTES.screen, { conference, caller: callerNumber, line: lineNumber }),
        method: 'POST',
        timeout: forward.ringTimeoutSeconds,
        statusCallback: phoneStatusUrl(forwarding),
        statusCallbackEvent: ['completed'],
        statusCallbackMethod: 'POST',
      });
      ringing.push(call.sid);
    } catch (err) {
      log(`forwarding ${conference}: ${to} could not be rung: ${reason(err)}`);
    }
  }
  return ringing;
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function phoneStatusUrl({ forward, conference, lineNumber }: Forwarding, accepted = false): string {
  return (
    forward.serviceOrigin +
    withQuery(ROUTES.phoneStatus, {
      conference,
      line: lineNumber,
      numbers: forward.forwardTo.length,
      ...(accepted ? { accepted: 1 } : {}),
    }) +
    CALLBACK_RETRY
  );
}

/** The phones' calls as they stand now, by SID (https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource). */
export async function callsBySid(client: TwilioClient, sids: readonly string[]): Promise<PhoneCall[]> {
  return Promise.all(sids.map((sid) => client.calls(sid).fetch()));
}

/**
 * Without a record of this caller's phones (Sync did not answer): the line's calls to the
 * forwarding numbers started since the conference was created (the Calls list filters on From
 * and StartTime>, https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources).
 * A REST call carries no link to its caller, so callers forwarded at the same moment share this view.
 */
export async function callsSince(client: TwilioClient, forwarding: Forwarding, since: Date): Promise<PhoneCall[]> {
  const numbers = new Set(forwarding.forward.forwardTo);
  const calls = await client.calls.list({ from: forwarding.lineNumber, startTimeAfter: since, limit: 100 });
  return calls.filter((call) => numbers.has(call.to) && (call.startTime === null || call.startTime.getTime() >= since.getTime()));
}

/**
 * A phone joined and takes the call: every other phone still ringing is canceled and one in its
 * whisper hung up (https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource);
 * the joined call's status callback is told it was the one, so its end writes the talk time.
 * With `joined` undefined (the caller left) every phone is stopped.
 */
export async function stopOtherPhones(
  client: TwilioClient,
  forwarding: Forwarding,
  calls: PhoneCall[],
  joined: string | undefined,
  log: (line: string) => void,
): Promise<void> {
  const updates = calls.map(async (call) => {
    if (call.sid === joined)
      await client.calls(call.sid).update({ statusCallback: phoneStatusUrl(forwarding, true), statusCallbackMethod: 'POST' });
    else if (RINGING.has(call.status)) await client.calls(call.sid).update({ status: 'canceled' });
    else if (call.status === 'in-progress') await client.calls(call.sid).update({ status: 'completed' });
  });
  const results = await Promise.allSettled(updates);
  // A call that ended meanwhile refuses the update: there is nothing left to stop.
  results.forEach((result, i) => {
    if (result.status === 'rejected') log(`forwarding ${forwarding.conference}: ${calls[i].sid} not updated: ${reason(result.reason)}`);
  });
}

/**
 * Whether the end of call `ended` may move the caller on: every phone's call has ended, and none
 * ended after this one. The phone that ended last finds every other one ended, whatever order
 * their callbacks arrive in; Twilio's times have whole seconds, so phones that ring out together
 * tie, and each may act: the verdict's claim lets one (ring-record.ts). The verdict, or undefined.
 */
export function lastPhoneVerdict(calls: PhoneCall[], ended: string): Exclude<ForwardStatus, 'answered'> | undefined {
  const self = calls.find((call) => call.sid === ended);
  if (!self || !calls.every((call) => isFinalCallStatus(call.status))) return undefined;
  const latest = Math.max(...calls.map((call) => call.dateUpdated.getTime()));
  return self.dateUpdated.getTime() === latest ? verdictOfLegs(calls.map((call) => call.status as FinalCallStatus)) : undefined;
}

/** The caller leaves the conference for our voicemail, carrying the verdict (a redirect of their call). */
export async function moveCallerToVoicemail(
  client: TwilioClient,
  forwarding: Forwarding,
  verdict: Exclude<ForwardStatus, 'answered'>,
): Promise<void> {
  const url = forwarding.forward.serviceOrigin + withQuery(ROUTES.voicemail, { choice: 'forward', forward: verdict });
  await client.calls(forwarding.conference).update({ url, method: 'POST' });
}

/**
 * The caller's conference while nobody has joined it: a conference whose participants all wait
 * (startConferenceOnEnter=false) has not started, and Twilio lists it as `init`
 * (https://www.twilio.com/docs/voice/api/conference-resource#conference-properties).
 */
export async function waitingConference(client: TwilioClient, conference: string): Promise<{ sid: string; dateCreated: Date } | undefined> {
  const [found] = await client.conferences.list({ friendlyName: conference, status: 'init', limit: 1 });
  return found;
}
