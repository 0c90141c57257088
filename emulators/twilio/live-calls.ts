// The REST stand-in's view of calls while they last: Calls create and update, the Conference
// list and fetch, and the live state the simulator posts as a call unfolds. The product's
// requests are checked the way Twilio checks them, applied at once (so the product's next read
// sees them) and queued for the simulator, which acts them out at its simulated time.
// https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource
// https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource
// https://www.twilio.com/docs/voice/api/conference-resource
import { answerInlineTwiml } from './inline-twiml-call';
import { newSid } from './sids';
import type { LiveCall, LiveConference, RestRequest } from './types';

export interface Refusal {
  status: number;
  code: number;
  message: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const ABSOLUTE = /^https?:\/\//i;
const RINGING = new Set(['queued', 'ringing']);
const method = (value: string | null): 'GET' | 'POST' => (value?.toUpperCase() === 'GET' ? 'GET' : 'POST');
// RFC 2822, as Twilio formats dates.
const rfc2822 = (date: Date) => date.toUTCString().replace(/GMT$/, '+0000');

export interface LiveCalls {
  calls(): LiveCall[];
  conferences(): LiveConference[];
  /** The simulator's state of its call, its legs and conferences, replacing what was known by SID. */
  post(state: { calls?: LiveCall[]; conferences?: LiveConference[] }): void;
  /**
   * The product's requests since the last take that concern one simulated call, oldest first:
   * updates of the calls it knows (`sids`), and creates whose URL carries one of them (a phone
   * rung for that caller). Several calls simulated at once each take their own.
   */
  take(sids: readonly string[]): RestRequest[];
  /** The latest moment any posted call reached (ms), so the next simulated call starts after it. */
  latest(): number;
  create(form: URLSearchParams, ownNumbers: () => Set<string>): LiveCall | Refusal;
  /** What the calls made with inline TwiML ran into (Twilio's error codes), oldest first. */
  problems(): string[];
  update(sid: string, form: URLSearchParams): LiveCall | Refusal;
  /**
   * The harsher reading of an update's StatusCallback: kept only when the update also redirects
   * the call (Url). The Update a Call parameters state no such rule
   * (https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource), but developers
   * report an update of StatusCallback alone has no effect, and read Twilio's docs as saying it
   * needs Url (https://github.com/twilio/twilio-python/issues/884). Off by default.
   */
  setStatusCallbackNeedsUrl(on: boolean): void;
}

export function liveCalls(now: () => Date = () => new Date()): LiveCalls {
  const calls = new Map<string, LiveCall>();
  const conferences = new Map<string, LiveConference>();
  let requests: RestRequest[] = [];
  const problems: string[] = [];
  let statusCallbackNeedsUrl = false;
  return {
    setStatusCallbackNeedsUrl: (on) => {
      statusCallbackNeedsUrl = on;
    },
    problems: () => [...problems],
    calls: () => [...calls.values()],
    conferences: () => [...conferences.values()],
    post(state) {
      for (const call of state.calls ?? []) calls.set(call.sid, call);
      for (const conference of state.conferences ?? []) conferences.set(conference.sid, conference);
    },
    latest: () => Math.max(0, ...[...calls.values()].map((call) => Date.parse(call.endTime))),
    take(sids) {
      const known = new Set(sids);
      const concerns = (request: RestRequest) =>
        request.kind === 'update' ? known.has(request.sid) : [...new URL(request.url).searchParams.values()].some((v) => known.has(v));
      const taken = requests.filter(concerns);
      requests = requests.filter((request) => !concerns(request));
      return taken;
    },
    create(form, ownNumbers) {
      const to = form.get('To') ?? '';
      const from = form.get('From') ?? '';
      const url = form.get('Url') ?? '';
      const twiml = form.get('Twiml') ?? undefined;
      if (!E164.test(to)) return { status: 400, code: 21211, message: `Invalid 'To' Phone Number: ${to}` };
      // A call's caller ID must be one of the account's numbers (https://www.twilio.com/docs/api/errors/21210).
      if (!ownNumbers().has(from))
        return { status: 400, code: 21210, message: `The source phone number provided, ${from}, is not yet verified for your account.` };
      // Url, Twiml or ApplicationSid is required (https://www.twilio.com/docs/api/errors/21200); a Url
      // must be absolute (https://www.twilio.com/docs/api/errors/21205). The stand-in plays Url and Twiml.
      if (twiml === undefined && !ABSOLUTE.test(url)) return { status: 400, code: 21205, message: `Url is not a valid URL: ${url}` };
      const statusCallback = form.get('StatusCallback') ?? undefined;
      if (statusCallback !== undefined && !ABSOLUTE.test(statusCallback))
        return { status: 400, code: 21609, message: `Invalid StatusCallback URL: ${statusCallback}` };
      // Timeout: "how long we should wait … before assuming there is no answer", default 60, at most 600.
      const timeout = Math.min(600, Math.max(1, Number(form.get('Timeout') ?? 60) || 60));
      const sid = newSid('CA');
      const at = rfc2822(now());
      const call: LiveCall = { sid, direction: 'outbound-api', from, to, status: 'queued', startTime: at, endTime: at, durationSeconds: 0 };
      calls.set(sid, call);
      if (twiml !== undefined) {
        // Twilio answers the create at once, then rings; the phone answers a moment later.
        setTimeout(() => {
          const outcome = answerInlineTwiml(call, twiml, ownNumbers(), rfc2822(now()));
          for (const leg of outcome.legs) calls.set(leg.sid, leg);
          problems.push(...outcome.problems);
        }, 10);
        return { ...call };
      }
      requests.push({
        kind: 'create',
        sid,
        from,
        to,
        url,
        method: method(form.get('Method')),
        timeout,
        statusCallback,
        statusCallbackMethod: method(form.get('StatusCallbackMethod')),
        // Default: only the call's end (https://www.twilio.com/docs/voice/api/call-resource#statuscallbackevent).
        statusCallbackEvent: form
          .getAll('StatusCallbackEvent')
          .flatMap((e) => e.split(/[\s,]+/))
          .filter(Boolean),
      });
      return call;
    },
    update(sid, form) {
      const call = calls.get(sid);
      if (!call) return { status: 404, code: 20404, message: `The requested resource /Calls/${sid}.json was not found` };
      const status = form.get('Status') ?? undefined;
      const url = form.get('Url') ?? undefined;
      const ended = !RINGING.has(call.status) && call.status !== 'in-progress';
      if (status !== undefined && status !== 'canceled' && status !== 'completed')
        return { status: 400, code: 20001, message: `Status must be canceled or completed` };
      // "Call is not in-progress. Cannot redirect." (https://www.twilio.com/docs/api/errors/21220)
      if (ended && (status !== undefined || url !== undefined))
        return { status: 400, code: 21220, message: 'Call is not in-progress. Cannot redirect.' };
      // canceled ends a call only while it is queued or ringing; completed hangs up either.
      if (status === 'canceled' && RINGING.has(call.status)) call.status = 'canceled';
      if (status === 'completed') call.status = RINGING.has(call.status) ? 'canceled' : 'completed';
      if (call.status !== 'in-progress' && call.status !== 'queued' && call.status !== 'ringing') call.endTime = rfc2822(now());
      const keepsCallback = url !== undefined || !statusCallbackNeedsUrl;
      const statusCallback = keepsCallback ? (form.get('StatusCallback') ?? undefined) : undefined;
      const request: RestRequest = { kind: 'update', sid, method: method(form.get('Method')), url, statusCallback };
      if (status === 'canceled' || status === 'completed') request.status = status;
      if (keepsCallback && form.has('StatusCallbackMethod')) request.statusCallbackMethod = method(form.get('StatusCallbackMethod'));
      requests.push(request);
      return call;
    },
  };
}

export function conferenceResource(conference: LiveConference, accountSid: string): Record<string, unknown> {
  return {
    sid: conference.sid,
    account_sid: accountSid,
    friendly_name: conference.friendlyName,
    status: conference.status,
    date_created: conference.dateCreated,
    date_updated: conference.dateUpdated,
    api_version: '2010-04-01',
    region: 'us1',
    reason_conference_ended: null,
    call_sid_ending_conference: null,
    uri: `/2010-04-01/Accounts/${accountSid}/Conferences/${conference.sid}.json`,
    subresource_uris: { participants: `/2010-04-01/Accounts/${accountSid}/Conferences/${conference.sid}/Participants.json` },
  };
}
