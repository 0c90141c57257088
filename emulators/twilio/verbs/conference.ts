// <Dial><Conference>: the caller waiting in a conference, the phones the product rings into it
// through the REST API, and each phone that joins. Participants, events and the REST calls
// follow https://www.twilio.com/docs/voice/twiml/conference and
// https://www.twilio.com/docs/voice/api/call-resource. Event callbacks are delivered as they
// happen, since the product acts on them (rings, cancels, redirects) while the call lasts.
import type { CallContext } from '../call-context';
import { apiCallLeg, type Leg } from '../call-legs';
import { newSid } from '../sids';
import { end, NEXT, type RunLeg, type Step, type TwimlRequest } from '../steps';
import { attemptsNote } from '../transcript';
import { boolAttr, intAttr, methodAttr, type TwimlNode, urlAttr } from '../twiml';
import type { Callee, DialOutcome, LiveCall, RestRequest } from '../types';
import { answerAfter, BUSY_SECONDS, calleeAt, FAILED_SECONDS, talk } from './dial';

// "maxParticipants … defaults to 250" (https://www.twilio.com/docs/voice/twiml/conference#attributes-maxparticipants).
const MAX_PARTICIPANTS = 250;
// A caller left waiting in a conference nobody joins hangs up after this long (the simulator's guess).
const STRANDED_PATIENCE = 60;

interface Participant {
  leg: Leg;
  label?: string;
  endConferenceOnExit: boolean;
}

export interface Conference {
  sid: string;
  name: string;
  /** `init` until a participant with startConferenceOnEnter joins (https://www.twilio.com/docs/voice/api/conference-resource#conference-properties). */
  status: 'init' | 'in-progress' | 'completed';
  createdAt: number;
  updatedAt: number;
  participants: Map<string, Participant>;
  maxParticipants: number;
  statusCallback?: string;
  statusCallbackMethod: 'GET' | 'POST';
  events: Set<string>;
  sequence: number;
  phonePlan?: DialOutcome;
  phonesCreated: number;
  /** How and when the caller left: a redirect of their call, the conference ending, or hanging up. */
  callerLeft?: { at: number; why: 'redirect' | 'ended' | 'hangup'; request?: TwimlRequest };
}

/** A phone's call, created by the product through the REST API while the caller waited. */
export interface ApiCall {
  conference: Conference;
  leg: Leg;
  callee: Callee;
  url: string;
  method: 'GET' | 'POST';
  timeout: number;
  statusCallback?: string;
  statusCallbackMethod: 'GET' | 'POST';
  events: Set<string>;
  sequence: number;
  status: LiveCall['status'];
  createdAt: number;
  endedAt?: number;
  duration: number;
  /** Picked up, its Url running: its next moment is not a ring's. */
  answered?: boolean;
  /** A REST update that ends it (canceled while ringing, completed once answered), at its simulated time. */
  stop?: { at: number; status: 'canceled' | 'completed' };
}

function liveState(ctx: CallContext): Parameters<CallContext['postLive']> {
  const caller = ctx.callerLeg!;
  const at = (s: number) => ctx.clock.timestampAt(s);
  const calls: LiveCall[] = [
    {
      sid: caller.callSid,
      direction: 'inbound',
      from: ctx.opts.from,
      to: ctx.opts.to,
      status: caller.status === 'completed' ? 'completed' : 'in-progress',
      startTime: at(0),
      endTime: at(ctx.clock.seconds),
      durationSeconds: 0,
    },
    ...[...ctx.apiCalls.values()].map(
      (c): LiveCall => ({
        sid: c.leg.callSid,
        direction: 'outbound-api',
        from: c.leg.params().From,
        to: c.leg.params().To,
        status: c.status,
        startTime: at(c.createdAt),
        endTime: at(c.endedAt ?? c.createdAt),
        durationSeconds: c.duration,
      }),
    ),
  ];
  const conferences = [...ctx.conferences.values()].map((c) => ({
    sid: c.sid,
    friendlyName: c.name,
    status: c.status,
    dateCreated: at(c.createdAt),
    dateUpdated: at(c.updatedAt),
  }));
  return [calls, conferences];
}

/** Delivers one callback now, after telling the stand-in how things stand, then acts out what the product asked of the REST API. */
async function deliverNow(
  ctx: CallContext,
  url: string,
  method: 'GET' | 'POST',
  params: Record<string, string>,
  summary: string,
): Promise<void> {
  const deliveries = ctx.opts.callbacks?.duplicate ? 2 : 1;
  for (let i = 0; i < deliveries; i++) {
    await ctx.postLive(...liveState(ctx));
    const result = await ctx.send({ kind: 'async', url, method, params });
    const { status, attempts } = result.exchange;
    const tries = attemptsNote(result.history);
    const again = i > 0 ? ' (delivered again)' : '';
    ctx.say(
      `↪ async ${method} ${ctx.show(url)} → ${result.ok || status !== 'error' ? status : `failed: ${result.detail}`}${tries && ' ' + tries}  [${summary}]${again}`,
    );
    if (!result.ok) ctx.problems.push({ kind: 'callback-failed', url: result.exchange.url, status, attempts });
    await applyRestRequests(ctx, await ctx.takeRestRequests());
  }
}

// statusCallbackEvent values and the events they name (https://www.twilio.com/docs/voice/twiml/conference#attributes-statuscallbackevent).
const EVENT_OF: Record<string, string> = {
  'conference-start': 'start',
  'conference-end': 'end',
  'participant-join': 'join',
  'participant-leave': 'leave',
};

async function conferenceEvent(ctx: CallContext, conf: Conference, event: string, participant?: Participant): Promise<void> {
  if (!conf.statusCallback || !conf.events.has(EVENT_OF[event])) return;
  const params: Record<string, string> = {
    AccountSid: ctx.opts.accountSid,
    ConferenceSid: conf.sid,
    FriendlyName: conf.name,
    StatusCallbackEvent: event,
    Timestamp: ctx.clock.timestamp(),
    SequenceNumber: String(conf.sequence++),
  };
  if (participant) {
    Object.assign(params, {
      CallSid: participant.leg.callSid,
      EndConferenceOnExit: String(participant.endConferenceOnExit),
      Muted: 'false',
      Hold: 'false',
      Coaching: 'false',
    });
    if (participant.label) params.ParticipantLabel = participant.label;
  }
  await deliverNow(ctx, conf.statusCallback, conf.statusCallbackMethod, params, `StatusCallbackEvent=${event}`);
}

async function join(ctx: CallContext, conf: Conference, leg: Leg, node: TwimlNode, documentUrl: string): Promise<void> {
  // The first participant to give a statusCallback sets the conference's (the simulator's reading).
  if (!conf.statusCallback && node.attrs.statusCallback) {
    conf.statusCallback = urlAttr(node, 'statusCallback', documentUrl);
    conf.statusCallbackMethod = methodAttr(node, 'statusCallbackMethod');
    conf.events = new Set((node.attrs.statusCallbackEvent ?? '').split(/[\s,]+/).filter(Boolean));
  }
  const participant: Participant = {
    leg,
    label: node.attrs.participantLabel,
    endConferenceOnExit: boolAttr(node, 'endConferenceOnExit', false),
  };
  conf.participants.set(leg.callSid, participant);
  conf.updatedAt = ctx.clock.seconds;
  await conferenceEvent(ctx, conf, 'participant-join', participant);
  // "startConferenceOnEnter … defaults to true"; until then the others hear the waitUrl.
  if (conf.status === 'init' && boolAttr(node, 'startConferenceOnEnter', true)) {
    conf.status = 'in-progress';
    ctx.say(`Conference ${conf.name} starts`);
    await conferenceEvent(ctx, conf, 'conference-start');
  }
}

/** A participant leaves; one with endConferenceOnExit ends the conference for all (https://www.twilio.com/docs/voice/twiml/conference#attributes-endconferenceonexit). */
async function leave(ctx: CallContext, conf: Conference, callSid: string): Promise<void> {
  const participant = conf.participants.get(callSid);
  if (!participant) return;
  conf.participants.delete(callSid);
  conf.updatedAt = ctx.clock.seconds;
  await conferenceEvent(ctx, conf, 'participant-leave', participant);
  if (!participant.endConferenceOnExit && conf.participants.size > 0) return;
  const started = conf.status === 'in-progress';
  conf.status = 'completed';
  for (const other of [...conf.participants.keys()]) await leave(ctx, conf, other);
  if (started) {
    ctx.say(`Conference ${conf.name} ends`);
    await conferenceEvent(ctx, conf, 'conference-end');
  }
  const caller = ctx.callerLeg!;
  if (!conf.callerLeft && callSid !== caller.callSid) conf.callerLeft = { at: ctx.clock.seconds, why: 'ended' };
}

async function applyRestRequests(ctx: CallContext, requests: RestRequest[]): Promise<void> {
  for (const request of requests) {
    if (request.kind === 'create') createApiCall(ctx, request);
    else await updateCall(ctx, request);
  }
  if (requests.length > 0) await ctx.postLive(...liveState(ctx));
}

function createApiCall(ctx: CallContext, request: Extract<RestRequest, { kind: 'create' }>): void {
  // The phone is rung for the conference its URL names (the stand-in hands this call only such creates).
  const named = new Set(new URL(request.url).searchParams.values());
  const conf = [...ctx.conferences.values()].find((c) => c.status !== 'completed' && named.has(c.name));
  if (!conf) return;
  conf.phonePlan ??= ctx.nextDialOutcome();
  const callee = calleeAt(conf.phonePlan, conf.phonesCreated++);
  const leg = apiCallLeg(ctx.opts.accountSid, request.sid, request.from, request.to);
  // Default events: completed only (https://www.twilio.com/docs/voice/api/call-resource#statuscallbackevent).
  const events = new Set(request.statusCallbackEvent.length > 0 ? request.statusCallbackEvent : ['completed']);
  const call: ApiCall = {
    conference: conf,
    leg,
    callee,
    url: request.url,
    method: request.method,
    timeout: request.timeout,
    statusCallback: request.statusCallback,
    statusCallbackMethod: request.statusCallbackMethod,
    events,
    sequence: 0,
    status: callee.kind === 'busy' || callee.kind === 'unreachable' ? 'queued' : 'ringing',
    createdAt: ctx.clock.seconds,
    duration: 0,
  };
  ctx.apiCalls.set(request.sid, call);
  ctx.childCallSids.push(request.sid);
  ctx.say(`REST: the product calls ${request.to} from ${request.from} (${callee.kind}, timeout ${request.timeout} s)`);
}

async function updateCall(ctx: CallContext, request: Extract<RestRequest, { kind: 'update' }>): Promise<void> {
  const call = ctx.apiCalls.get(request.sid);
  if (call) {
    if (request.statusCallback) call.statusCallback = request.statusCallback;
    if (request.statusCallbackMethod) call.statusCallbackMethod = request.statusCallbackMethod;
    if (request.status && call.endedAt === undefined && !call.stop) {
      call.stop = { at: ctx.clock.seconds, status: request.status };
      ctx.say(`REST: the product ends ${call.leg.params().To} (Status=${request.status})`);
    }
    return;
  }
  const caller = ctx.callerLeg!;
  if (request.sid !== caller.callSid || !request.url) return;
  // Redirecting a live call: its current TwiML stops and the new URL's runs
  // (https://www.twilio.com/docs/voice/tutorials/how-to-modify-calls-in-progress).
  const conf = [...ctx.conferences.values()].find((c) => c.participants.has(caller.callSid));
  if (!conf) return;
  ctx.say(`REST: the product redirects the caller to ${ctx.show(request.url)}`);
  conf.callerLeft = { at: ctx.clock.seconds, why: 'redirect', request: { url: request.url, method: request.method, params: {} } };
  await leave(ctx, conf, caller.callSid);
}

/** When a ringing phone's call ends by itself, and how. */
function ringEnd(call: ApiCall): { at: number; status: 'busy' | 'failed' | 'no-answer' } | undefined {
  if (call.callee.kind === 'busy') return { at: call.createdAt + BUSY_SECONDS, status: 'busy' };
  if (call.callee.kind === 'unreachable') return { at: call.createdAt + FAILED_SECONDS, status: 'failed' };
  const after = answerAfter(call.callee);
  // Timeout: how long to ring "before assuming there is no answer".
  return after === undefined || after >= call.timeout ? { at: call.createdAt + call.timeout, status: 'no-answer' } : undefined;
}

function nextTime(call: ApiCall): number {
  const natural = ringEnd(call)?.at ?? call.createdAt + answerAfter(call.callee)!;
  return Math.min(natural, call.stop?.at ?? Infinity);
}

async function finish(ctx: CallContext, call: ApiCall, status: ApiCall['status'], at: number): Promise<void> {
  call.status = status;
  call.endedAt = at;
  call.leg.status = 'completed';
  const { From, To } = call.leg.params();
  ctx.records.calls.push({
    sid: call.leg.callSid,
    direction: 'outbound-api',
    from: From,
    to: To,
    status: status as 'completed',
    startTime: ctx.clock.timestampAt(call.createdAt),
    endTime: ctx.clock.timestampAt(at),
    durationSeconds: call.duration,
  });
  ctx.say(`${To}: the call ends ${status}${status === 'completed' ? ` after ${call.duration} s` : ''}`);
  if (!call.statusCallback || !call.events.has('completed')) return;
  const params = {
    ...call.leg.params(),
    CallStatus: status,
    CallDuration: String(call.duration),
    Timestamp: ctx.clock.timestampAt(at),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(call.sequence++),
  };
  await deliverNow(ctx.at(ctx.clock.at(at)), call.statusCallback, call.statusCallbackMethod, params, `CallStatus=${status}`);
}

/** Plays one phone's next moment: it ends ringing (by itself or a REST update), or picks up and runs its Url. */
async function step(ctx: CallContext, call: ApiCall, runLeg: RunLeg): Promise<void> {
  const at = nextTime(call);
  const here = ctx.at(ctx.clock.at(at));
  if (call.stop && call.stop.at <= at) return finish(here, call, 'canceled', call.stop.at);
  const rang = ringEnd(call);
  if (rang) return finish(here, call, rang.status, rang.at);
  call.status = 'in-progress';
  call.leg.status = 'in-progress';
  if (call.callee.kind === 'person') call.leg.gatherInputs.push(...(call.callee.keys ?? []));
  const number = call.leg.params().To;
  here.say(
    call.callee.kind === 'person' ? `${number}: a person answers` : `${number}: the carrier's voicemail answers and plays its greeting`,
  );
  call.answered = true;
  await here.postLive(...liveState(here));
  await runLeg(here, call.leg, { url: call.url, method: call.method, params: {} });
  call.duration = Math.round(here.clock.seconds - at);
  // What the other phones did meanwhile happened before this call's end is reported.
  await playUntil(ctx, call.conference, here.clock.seconds, runLeg);
  await finish(here, call, 'completed', here.clock.seconds);
}

/** The phones still ringing, by their next moment. */
function ringing(ctx: CallContext, conf: Conference): ApiCall[] {
  return [...ctx.apiCalls.values()]
    .filter((c) => c.conference === conf && c.endedAt === undefined && !c.answered)
    .sort((a, b) => nextTime(a) - nextTime(b));
}

/** Plays the other phones' moments up to `until`, in time order. */
async function playUntil(ctx: CallContext, conf: Conference, until: number, runLeg: RunLeg): Promise<void> {
  for (let next = ringing(ctx, conf)[0]; next && nextTime(next) < until; next = ringing(ctx, conf)[0]) await step(ctx, next, runLeg);
}

/** The caller waits, hearing the waitUrl, while the phones the product rings play out in time order. */
async function callerWaits(
  ctx: CallContext,
  leg: Leg,
  conf: Conference,
  dialNode: TwimlNode,
  room: TwimlNode,
  documentUrl: string,
  runLeg: RunLeg,
): Promise<Step> {
  const waitUrl =
    room.attrs.waitUrl === undefined ? "Twilio's default hold music" : room.attrs.waitUrl === '' ? 'silence' : room.attrs.waitUrl;
  ctx.say(`The caller joins conference ${conf.name} and waits, hearing ${waitUrl} (the simulator does not fetch it)`);
  await join(ctx, conf, leg, room, documentUrl);
  const hangsUpAt =
    conf.phonePlan && 'outcome' in conf.phonePlan && conf.phonePlan.outcome === 'caller-hangs-up'
      ? ctx.clock.seconds + conf.phonePlan.afterSeconds
      : undefined;
  let last = ctx.clock.seconds;
  for (;;) {
    const next = ringing(ctx, conf)[0];
    if (!conf.callerLeft && hangsUpAt !== undefined && (!next || hangsUpAt <= nextTime(next))) {
      const here = ctx.at(ctx.clock.at(hangsUpAt));
      here.say('The caller hangs up while waiting');
      conf.callerLeft = { at: hangsUpAt, why: 'hangup' };
      await leave(here, conf, leg.callSid);
      continue;
    }
    if (!next) break;
    last = Math.max(last, nextTime(next));
    await step(ctx, next, runLeg);
  }
  if (!conf.callerLeft) {
    const at = last + STRANDED_PATIENCE;
    ctx.problems.push({ kind: 'caller-stranded', conference: conf.name, seconds: at - ctx.clock.seconds });
    ctx.say(`[problem] nobody joined conference ${conf.name} and nothing moved the caller: they hang up after ${STRANDED_PATIENCE} s more`);
    conf.callerLeft = { at, why: 'hangup' };
    await leave(ctx.at(ctx.clock.at(at)), conf, leg.callSid);
  }
  const left = conf.callerLeft!;
  ctx.clock.advance(left.at - ctx.clock.seconds);
  if (left.why === 'redirect') return { kind: 'fetch', request: left.request! };
  if (left.why === 'hangup') leg.status = 'completed';
  const action = urlAttr(dialNode, 'action', documentUrl);
  // A conference reports DialCallStatus=answered to the action (https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus).
  ctx.say('Dial ends: DialCallStatus=answered (conference)');
  const gone = leg.status === 'completed';
  if (action)
    return {
      kind: 'fetch',
      request: { url: action, method: methodAttr(dialNode), params: { DialCallStatus: 'answered' }, afterHangup: gone },
    };
  return gone ? end('caller-hangup') : NEXT;
}

/** A phone's call joins the caller; they talk until one hangs up, which ends the conference for both. */
async function phoneJoins(ctx: CallContext, leg: Leg, conf: Conference, room: TwimlNode, documentUrl: string): Promise<Step> {
  const caller = ctx.callerLeg!;
  if (conf.status === 'completed' || !conf.participants.has(caller.callSid)) {
    ctx.say(`Conference ${conf.name} is over: the callee's <Dial> ends at once`);
    return NEXT;
  }
  if (conf.participants.size >= conf.maxParticipants) {
    ctx.say(`Conference ${conf.name} is full (maxParticipants ${conf.maxParticipants}): the callee cannot join`);
    return NEXT;
  }
  await join(ctx, conf, leg, room, documentUrl);
  const callee = ctx.apiCalls.get(leg.callSid)?.callee ?? { kind: 'person', talkSeconds: 0 };
  talk(ctx, leg, callee, 14400);
  const callerHangsUp = leg.status === 'completed';
  // talk() marks its "parent" completed when the caller hangs up: here that is the phone's own leg.
  leg.status = 'in-progress';
  if (callerHangsUp) conf.callerLeft = { at: ctx.clock.seconds, why: 'hangup' };
  await leave(ctx, conf, callerHangsUp ? caller.callSid : leg.callSid);
  return callerHangsUp ? NEXT : end('hangup');
}

export async function conferenceDial(
  ctx: CallContext,
  leg: Leg,
  dialNode: TwimlNode,
  room: TwimlNode,
  documentUrl: string,
  runLeg: RunLeg,
): Promise<Step> {
  const name = room.text;
  let conf = ctx.conferences.get(name);
  // A name whose conference has ended starts a new one.
  if (!conf || conf.status === 'completed') {
    conf = {
      sid: newSid('CF'),
      name,
      status: 'init',
      createdAt: ctx.clock.seconds,
      updatedAt: ctx.clock.seconds,
      participants: new Map(),
      maxParticipants: Math.min(MAX_PARTICIPANTS, intAttr(room, 'maxParticipants', MAX_PARTICIPANTS)),
      statusCallbackMethod: 'POST',
      events: new Set(),
      sequence: 1,
      phonesCreated: 0,
    };
    ctx.conferences.set(name, conf);
  }
  if (leg.role === 'caller') return callerWaits(ctx, leg, conf, dialNode, room, documentUrl, runLeg);
  return phoneJoins(ctx, leg, conf, room, documentUrl);
}
