import { CallContext } from '../call-context';
import { calleeLeg, Leg } from '../call-legs';
import { newSid } from '../sids';
import { end, NEXT, RunLeg, Step } from '../steps';
import { intAttr, methodAttr, TwimlNode, urlAttr } from '../twiml';
import { CallLegRecord, DialOutcome } from '../types';

// Simulated seconds before the callee answers, a busy signal, and a failed call setup.
const RING_BEFORE_ANSWER = 4;
const BUSY_SECONDS = 3;
const FAILED_SECONDS = 1;
// Twilio lets a dial ring about 5 s longer than its timeout (https://www.twilio.com/docs/voice/twiml/dial#timeout).
const RING_BUFFER = 5;

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
 * (https://www.twilio.com/docs/voice/twiml/number#attributes), and a relative one is refused with
 * error 21609, Invalid StatusCallback URL (https://www.twilio.com/docs/api/errors/21609): the
 * forwarded leg's status then never reaches anyone.
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

/** Answers on the first number, optionally screens, talks; returns whether the parties were bridged. */
async function answer(
  ctx: CallContext,
  parent: Leg,
  dialed: DialedNumber,
  outcome: Extract<DialOutcome, { outcome: 'answered' }>,
  timeLimit: number,
  runLeg: RunLeg,
): Promise<{ bridged: boolean; duration: number }> {
  dialed.leg.status = 'in-progress';
  dialed.leg.gatherInputs.push(...(outcome.screen ?? []));
  fire(ctx, dialed, 'answered', 'in-progress');
  const answeredAt = ctx.clock.seconds;
  let bridged = true;
  if (dialed.url) {
    ctx.say(`Callee answers; screening runs on the callee leg`);
    const reason = await runLeg(ctx, dialed.leg, { url: dialed.url, method: dialed.urlMethod, params: {} });
    // The whisper document bridges the call by simply running out of verbs
    // (https://www.twilio.com/docs/voice/twiml/number#url).
    bridged = reason === 'end-of-document';
    ctx.say(bridged ? 'Screening done: caller and callee are connected' : 'Screening ended the callee leg: not connected');
  }
  if (bridged) {
    const talk = Math.min(Math.max(0, outcome.talkSeconds), timeLimit);
    ctx.clock.advance(talk);
    const by = outcome.hangupBy ?? 'callee';
    ctx.say(`Caller and callee talk for ${talk} s; the ${by} hangs up`);
    if (by === 'caller') parent.status = 'completed';
  }
  const duration = Math.round(ctx.clock.seconds - answeredAt);
  finish(ctx, dialed, 'completed', duration);
  return { bridged, duration };
}

export async function dial(ctx: CallContext, leg: Leg, node: TwimlNode, documentUrl: string, runLeg: RunLeg): Promise<Step> {
  const timeout = Math.min(600, Math.max(5, intAttr(node, 'timeout', 30)));
  const timeLimit = intAttr(node, 'timeLimit', 14400);
  const action = urlAttr(node, 'action', documentUrl);
  if ((node.attrs.record ?? 'do-not-record') !== 'do-not-record') ctx.say('[<Dial record> is not simulated]');

  const numbers = dialedNumbers(ctx, leg, node, documentUrl);
  const outcome: DialOutcome = numbers.length > 0 ? ctx.nextDialOutcome() : { outcome: 'failed' };
  ctx.childCallSids.push(...numbers.map((n) => n.leg.callSid));
  ctx.say(`Dialing ${numbers.map((n) => n.number).join(', ') || '(nothing)'} (timeout ${timeout} s) → ${outcome.outcome}`);

  for (const n of numbers) fire(ctx, n, 'initiated', 'initiated');
  if (outcome.outcome === 'answered' || outcome.outcome === 'no-answer') {
    for (const n of numbers) {
      n.leg.status = 'ringing';
      fire(ctx, n, 'ringing', 'ringing');
    }
  }

  const params: Record<string, string> = { DialCallStatus: outcome.outcome, DialBridged: 'false' };
  if (numbers.length > 0) params.DialCallSid = numbers[0].leg.callSid;
  if (outcome.outcome === 'answered') {
    ctx.clock.advance(Math.min(RING_BEFORE_ANSWER, timeout));
    // Parallel <Number>s: the first answers, Twilio hangs up the others.
    for (const other of numbers.slice(1)) finish(ctx, other, 'canceled', 0);
    const { bridged, duration } = await answer(ctx, leg, numbers[0], outcome, timeLimit, runLeg);
    params.DialCallStatus = 'completed';
    params.DialBridged = String(bridged);
    params.DialCallDuration = String(duration);
  } else {
    const status = outcome.outcome;
    ctx.clock.advance(status === 'no-answer' ? timeout + RING_BUFFER : status === 'busy' ? BUSY_SECONDS : FAILED_SECONDS);
    for (const n of numbers) finish(ctx, n, status, 0);
  }

  const callerGone = leg.status === 'completed';
  if (action) return { kind: 'fetch', request: { url: action, method: methodAttr(node), params, afterHangup: callerGone } };
  return callerGone ? end('caller-hangup') : NEXT;
}
