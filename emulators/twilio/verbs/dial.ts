import type { CallContext } from '../call-context';
import { calleeLeg, type Leg } from '../call-legs';
import { newSid } from '../sids';
import { end, NEXT, type RunLeg, type Step } from '../steps';
import { intAttr, methodAttr, type TwimlNode, urlAttr } from '../twiml';
import type { Callee, CallLegRecord, DialOutcome } from '../types';
import { conferenceDial } from './conference';

// Simulated seconds before a person answers, a busy signal, and a failed call setup.
export const RING_BEFORE_ANSWER = 4;
// Mobile carriers send an unanswered call to voicemail after about 25 s: the simulator's own
// estimate; Twilio only says a completed leg "could be … a voicemail"
// (https://help.twilio.com/articles/223132547). Declines and busy phones reach it at once.
const CARRIER_VOICEMAIL_DELAY = 25;
export const BUSY_SECONDS = 3;
export const FAILED_SECONDS = 1;
// Twilio lets a dial ring about 5 s longer than its timeout (https://www.twilio.com/docs/voice/twiml/dial#timeout).
const RING_BUFFER = 5;
const MAX_NUMBERS = 10;

type ChildEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

interface DialedNumber {
  leg: Leg;
  number: string;
  url?: string;
  urlMethod: 'GET' | 'POST';
  statusCallback?: string;
  statusCallbackMethod: 'GET' | 'POST';
  events: Set<string>;
  /** Per-leg counter of fired events (SequenceNumber). */
  sequence: number;
  startTime: string;
}

/**
 * `<Number statusCallback>` is documented as "any URL", unlike `url` ("relative or absolute")
 * (https://www.twilio.com/docs/voice/twiml/number#attributes). Error 21609, Invalid StatusCallback
 * URL (https://www.twilio.com/docs/api/errors/21609), is documented for the REST API and has been
 * reported for a relative TwiML one (https://github.com/twilio/twilio-csharp/issues/395). The
 * simulator takes the strict reading: no status callbacks for that leg, reported as 21609.
 */
function numberStatusCallback(ctx: CallContext, noun: TwimlNode, documentUrl: string): string | undefined {
  const raw = noun.attrs.statusCallback?.trim();
  if (raw && !/^https?:\/\//i.test(raw)) {
    const detail = `<Number statusCallback="${raw}"> is not an absolute URL: no status callbacks for this leg`;
    ctx.problems.push({ kind: 'application-error', code: 21609, url: documentUrl, detail });
    ctx.say(`[error 21609] ${detail}`);
    return undefined;
  }
  return urlAttr(noun, 'statusCallback', documentUrl);
}

function dialedNumbers(ctx: CallContext, parent: Leg, node: TwimlNode, documentUrl: string): DialedNumber[] {
  const callerId = node.attrs.callerId || parent.params().From;
  const make = (number: string, noun?: TwimlNode): DialedNumber => {
    const statusCallback = noun && numberStatusCallback(ctx, noun, documentUrl);
    const events = noun?.attrs.statusCallbackEvent ?? 'completed';
    return {
      leg: calleeLeg(ctx.opts.accountSid, parent.callSid, newSid('CA'), callerId, number),
      number,
      url: noun && urlAttr(noun, 'url', documentUrl),
      urlMethod: noun ? methodAttr(noun) : 'POST',
      statusCallback,
      statusCallbackMethod: noun ? methodAttr(noun, 'statusCallbackMethod') : 'POST',
      events: new Set(events.split(/[\s,]+/).filter(Boolean)),
      sequence: 0,
      startTime: ctx.clock.timestamp(),
    };
  };
  if (node.children.length === 0) return node.text ? [make(node.text)] : [];
  // "You can use up to ten <Number> nouns within a <Dial>" (https://www.twilio.com/docs/voice/twiml/number).
  // The page names no error code for more: the simulator reports it with code 0 and dials nobody.
  const nouns = node.children.filter((noun) => noun.name === 'Number').length;
  if (nouns > MAX_NUMBERS) {
    const detail = `<Dial> has ${nouns} <Number> nouns; Twilio allows at most ${MAX_NUMBERS}`;
    ctx.problems.push({ kind: 'application-error', code: 0, url: documentUrl, detail });
    ctx.say(`[application error] ${detail}`);
    return [];
  }
  const numbers: DialedNumber[] = [];
  for (const noun of node.children) {
    if (noun.name === 'Number') numbers.push(make(noun.text, noun));
    else ctx.say(`[<${noun.name}> in <Dial> is not simulated: skipped]`);
  }
  return numbers;
}

/** Queues a child-leg status callback when the <Number> asked for this event
 * (https://www.twilio.com/docs/voice/twiml/number#statuscallbackevent). */
function fire(ctx: CallContext, dialed: DialedNumber, event: ChildEvent, callStatus: string, duration?: number): void {
  if (!dialed.statusCallback || !dialed.events.has(event)) return;
  const params: Record<string, string> = {
    ...dialed.leg.params(),
    CallStatus: callStatus,
    Timestamp: ctx.clock.timestamp(),
    CallbackSource: 'call-progress-events',
    SequenceNumber: String(dialed.sequence++),
  };
  if (duration !== undefined) params.CallDuration = String(duration);
  ctx.callbacks.add({ phase: 'during-call', url: dialed.statusCallback, method: dialed.statusCallbackMethod, params });
}

function finish(ctx: CallContext, dialed: DialedNumber, status: CallLegRecord['status'], duration: number): void {
  dialed.leg.status = 'completed';
  fire(ctx, dialed, 'completed', status, duration);
  const { ParentCallSid, From, To } = dialed.leg.params();
  ctx.records.calls.push({
    sid: dialed.leg.callSid,
    parentCallSid: ParentCallSid,
    direction: 'outbound-dial',
    from: From,
    to: To,
    status,
    startTime: dialed.startTime,
    endTime: ctx.clock.timestamp(),
    durationSeconds: duration,
  });
}

/** The behaviour of the i-th phone: the per-phone list, or the single outcome spread over all numbers. */
export function calleeAt(outcome: DialOutcome, i: number): Callee {
  if ('phones' in outcome) return outcome.phones[i] ?? { kind: 'no-answer' };
  if (outcome.outcome === 'answered') {
    return i === 0
      ? { kind: 'person', talkSeconds: outcome.talkSeconds, hangupBy: outcome.hangupBy, keys: outcome.screen ?? [] }
      : { kind: 'no-answer' };
  }
  if (outcome.outcome === 'caller-hangs-up') return { kind: 'no-answer' };
  return { kind: outcome.outcome === 'failed' ? 'unreachable' : outcome.outcome };
}

function callees(outcome: DialOutcome, count: number): Callee[] {
  return Array.from({ length: count }, (_, i) => calleeAt(outcome, i));
}

export function answerAfter(callee: Callee): number | undefined {
  if (callee.kind === 'person') return callee.answerAfterSeconds ?? RING_BEFORE_ANSWER;
  if (callee.kind === 'carrier-voicemail') return callee.answerAfterSeconds ?? CARRIER_VOICEMAIL_DELAY;
  return undefined;
}

/** A phone picks up; with a <Number url> the whisper runs on its leg first. Returns whether the caller is connected. */
async function pickUp(ctx: CallContext, dialed: DialedNumber, callee: Callee, runLeg: RunLeg): Promise<boolean> {
  dialed.leg.status = 'in-progress';
  if (callee.kind === 'person') dialed.leg.gatherInputs.push(...(callee.keys ?? []));
  fire(ctx, dialed, 'answered', 'in-progress');
  ctx.say(
    callee.kind === 'person'
      ? `${dialed.number}: a person answers`
      : `${dialed.number}: the carrier's voicemail answers and plays its greeting`,
  );
  if (!dialed.url) return true;
  ctx.say('Screening runs on the callee leg; the caller hears ringing');
  const reason = await runLeg(ctx, dialed.leg, { url: dialed.url, method: dialed.urlMethod, params: {} });
  // The whisper document connects the call by simply running out of verbs
  // (https://www.twilio.com/docs/voice/twiml/number#url).
  const bridged = reason === 'end-of-document';
  ctx.say(bridged ? 'Screening done: caller and callee are connected' : 'Screening ended the callee leg: not connected');
  return bridged;
}

/** Caller and callee talk until one hangs up (a carrier voicemail records the caller, then hangs up). */
export function talk(ctx: CallContext, parent: Leg, callee: Callee, timeLimit: number): void {
  const seconds =
    callee.kind === 'person'
      ? callee.talkSeconds
      : callee.kind === 'carrier-voicemail'
        ? (callee.messageSeconds ?? ctx.opts.record?.seconds ?? 20)
        : 0;
  const talkSeconds = Math.min(Math.max(0, seconds), timeLimit);
  ctx.clock.advance(talkSeconds);
  const by = callee.kind === 'person' ? (callee.hangupBy ?? 'callee') : 'callee';
  ctx.say(
    callee.kind === 'person'
      ? `Caller and callee talk for ${talkSeconds} s; the ${by} hangs up`
      : `The caller leaves a ${talkSeconds} s message in the carrier's voicemail, which hangs up`,
  );
  if (by === 'caller') parent.status = 'completed';
}

/**
 * The Dial's verdict when nobody was connected: completed when some phone picked up (Twilio
 * reports the leg completed, DialBridged false), otherwise the most hopeful of the others.
 * Unconfirmed how Twilio combines mixed outcomes of parallel <Number>s, and `canceled` (documented
 * for a call canceled through the REST API, https://www.twilio.com/docs/voice/twiml/dial#dialcallstatus)
 * as the verdict when the caller hung up while every phone rang is the simulator's reading.
 */
function verdict(statuses: CallLegRecord['status'][], pickedUp: boolean): string {
  if (pickedUp) return 'completed';
  for (const status of ['no-answer', 'busy', 'failed'] as const) if (statuses.includes(status)) return status;
  return 'canceled';
}

/** The phones still ringing when one picks up are hung up (canceled); those that already ended keep their status. */
function hangUpTheRest(
  ctx: CallContext,
  numbers: DialedNumber[],
  phones: Callee[],
  picked: DialedNumber,
  at: number,
  ended: Map<DialedNumber, CallLegRecord['status']>,
): void {
  numbers.forEach((n, i) => {
    if (n === picked) return;
    const kind = phones[i].kind;
    const endsAt = kind === 'busy' ? BUSY_SECONDS : kind === 'unreachable' ? FAILED_SECONDS : Infinity;
    const status = endsAt <= at ? (kind === 'busy' ? 'busy' : 'failed') : 'canceled';
    finish(ctx, n, status, 0);
    ended.set(n, status);
  });
  if (numbers.length > 1) ctx.say(`${picked.number} picked up: Twilio hangs up the other phones`);
}

export async function dial(ctx: CallContext, leg: Leg, node: TwimlNode, documentUrl: string, runLeg: RunLeg): Promise<Step> {
  const room = node.children.find((noun) => noun.name === 'Conference');
  if (room) return conferenceDial(ctx, leg, node, room, documentUrl, runLeg);
  const timeout = Math.min(600, Math.max(5, intAttr(node, 'timeout', 30)));
  const timeLimit = intAttr(node, 'timeLimit', 14400);
  const action = urlAttr(node, 'action', documentUrl);
  if ((node.attrs.record ?? 'do-not-record') !== 'do-not-record') ctx.say('[<Dial record> is not simulated]');

  const numbers = dialedNumbers(ctx, leg, node, documentUrl);
  const outcome: DialOutcome = numbers.length > 0 ? ctx.nextDialOutcome() : { outcome: 'failed' };
  const phones = callees(outcome, numbers.length);
  const callerHangsUpAt = 'outcome' in outcome && outcome.outcome === 'caller-hangs-up' ? outcome.afterSeconds : undefined;
  ctx.childCallSids.push(...numbers.map((n) => n.leg.callSid));
  const plan = numbers.map((n, i) => `${n.number}: ${phones[i].kind}`).join(', ');
  const together = numbers.length > 1 ? ', ringing at once' : '';
  const ringback = node.attrs.answerOnBridge === 'true' ? '; the caller hears ringing until connected' : '';
  ctx.say(`Dialing ${plan || '(nothing)'}${together} (timeout ${timeout} s)${ringback}`);

  const start = ctx.clock.seconds;
  const ringLimit = Math.min(timeout + RING_BUFFER, callerHangsUpAt ?? Infinity);
  for (const n of numbers) fire(ctx, n, 'initiated', 'initiated');
  numbers.forEach((n, i) => {
    if (phones[i].kind === 'busy' || phones[i].kind === 'unreachable') return;
    n.leg.status = 'ringing';
    fire(ctx, n, 'ringing', 'ringing');
  });

  // "The first call to pick up is connected to the current call and the rest are hung up"
  // (https://www.twilio.com/docs/voice/twiml/number): the first phone to pick up, a carrier's
  // voicemail included, ends the others at that moment, before its whisper has run. The page
  // documents no exception for a <Number url>, so a whisper it rejects leaves nobody ringing.
  const first = numbers
    .map((n, i) => ({ n, callee: phones[i], at: answerAfter(phones[i]) }))
    .filter((p): p is { n: DialedNumber; callee: Callee; at: number } => p.at !== undefined && p.at < ringLimit)
    .sort((a, b) => a.at - b.at)[0];
  const ended = new Map<DialedNumber, CallLegRecord['status']>();
  let connected: { n: DialedNumber; callee: Callee; answeredAt: number } | undefined;
  let lastPickedUp: { n: DialedNumber; duration: number } | undefined;
  if (first) {
    ctx.clock.advance(start + first.at - ctx.clock.seconds);
    const answeredAt = ctx.clock.seconds;
    hangUpTheRest(ctx, numbers, phones, first.n, first.at, ended);
    if (await pickUp(ctx, first.n, first.callee, runLeg)) {
      connected = { n: first.n, callee: first.callee, answeredAt };
    } else {
      const duration = Math.round(ctx.clock.seconds - answeredAt);
      finish(ctx, first.n, 'completed', duration);
      ended.set(first.n, 'completed');
      lastPickedUp = { n: first.n, duration };
    }
  }

  const params: Record<string, string> = { DialBridged: 'false' };
  if (connected) {
    // The first phone connected takes the call; Twilio hangs up the others.
    talk(ctx, leg, connected.callee, timeLimit);
    const duration = Math.round(ctx.clock.seconds - connected.answeredAt);
    finish(ctx, connected.n, 'completed', duration);
    ended.set(connected.n, 'completed');
    Object.assign(params, {
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallSid: connected.n.leg.callSid,
      DialCallDuration: String(duration),
    });
  }
  const lastEnd = Math.max(
    0,
    ...numbers.map((n, i) =>
      ended.has(n) ? 0 : phones[i].kind === 'busy' ? BUSY_SECONDS : phones[i].kind === 'unreachable' ? FAILED_SECONDS : ringLimit,
    ),
  );
  if (!connected) ctx.clock.advance(start + lastEnd - ctx.clock.seconds);
  if (callerHangsUpAt !== undefined && !connected) {
    ctx.say(`The caller hangs up after ${callerHangsUpAt} s of ringing`);
    leg.status = 'completed';
  }
  numbers.forEach((n, i) => {
    if (ended.has(n)) return;
    const kind = phones[i].kind;
    const status =
      kind === 'busy' ? 'busy' : kind === 'unreachable' ? 'failed' : connected || callerHangsUpAt !== undefined ? 'canceled' : 'no-answer';
    finish(ctx, n, status, 0);
    ended.set(n, status);
  });
  if (!connected) {
    params.DialCallStatus = verdict([...ended.values()], lastPickedUp !== undefined);
    const reported = lastPickedUp?.n ?? numbers[0];
    if (reported) params.DialCallSid = reported.leg.callSid;
    if (lastPickedUp) params.DialCallDuration = String(lastPickedUp.duration);
  }
  ctx.say(`Dial ends: DialCallStatus=${params.DialCallStatus}, DialBridged=${params.DialBridged}`);

  const callerGone = leg.status === 'completed';
  if (action) return { kind: 'fetch', request: { url: action, method: methodAttr(node), params, afterHangup: callerGone } };
  return callerGone ? end('caller-hangup') : NEXT;
}
