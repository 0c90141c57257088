import { CallContext } from './call-context';
import { callerLeg } from './call-legs';
import { runLeg } from './leg-runner';
import { newSid } from './sids';
import type { EndReason } from './steps';
import { attemptsNote } from './transcript';
import type { CallLegRecord, SimulatedCall, SimulatedCallOptions } from './types';

const KEYS = /^[0-9*#]+$/;

function validate(opts: SimulatedCallOptions): void {
  for (const input of opts.gather ?? []) {
    if (input !== null && input !== 'hangup' && !KEYS.test(input)) {
      throw new TypeError(`gather input ${JSON.stringify(input)}: use keys 0-9 * #, null (silence) or 'hangup'`);
    }
  }
  for (const d of opts.dial ?? []) {
    if ('outcome' in d && d.outcome === 'answered' && !(d.talkSeconds >= 0)) throw new TypeError('dial: talkSeconds must be >= 0');
    if ('phones' in d && d.phones.some((p) => p.kind === 'person' && !(p.talkSeconds >= 0)))
      throw new TypeError('dial: talkSeconds must be >= 0');
  }
  if (opts.record && !(opts.record.seconds >= 0)) throw new TypeError('record: seconds must be >= 0');
}

function finalStatus(reason: EndReason): CallLegRecord['status'] {
  // An unanswered (rejected) inbound call ends busy or no-answer; anything the IVR picked up completes.
  if (reason === 'rejected-busy') return 'busy';
  if (reason === 'rejected') return 'no-answer';
  return 'completed';
}

/** The most telling value of a callback, for its transcript line. */
function summary(params: Record<string, string>): string {
  if (params.TranscriptionStatus) return `TranscriptionStatus=${params.TranscriptionStatus}`;
  if (params.RecordingStatus) return `RecordingStatus=${params.RecordingStatus}`;
  return `CallStatus=${params.CallStatus}`;
}

async function deliverCallbacks(ctx: CallContext): Promise<void> {
  for (const callback of ctx.callbacks.ordered(ctx.opts.callbacks)) {
    const result = await ctx.send({ kind: 'async', url: callback.url, method: callback.method, params: callback.params });
    const { status, attempts } = result.exchange;
    const outcome = result.ok || status !== 'error' ? String(status) : `failed: ${result.detail}`;
    const tries = attemptsNote(result.history);
    ctx.say(`↪ async ${callback.method} ${ctx.show(callback.url)} → ${outcome}${tries && ' ' + tries}  [${summary(callback.params)}]`);
    if (!result.ok) ctx.problems.push({ kind: 'callback-failed', url: result.exchange.url, status, attempts });
  }
}

/**
 * Simulated time runs faster than the wall clock, so a call started "now" could overlap the
 * simulated end of the previous one, which no real line sees: without a given start, a call
 * starts after the latest moment the REST stand-in has seen.
 */
async function afterLastCall(opts: SimulatedCallOptions): Promise<SimulatedCallOptions> {
  if (opts.startAt || !opts.restUrl) return opts;
  const res = await fetch(`${opts.restUrl.replace(/\/+$/, '')}/__sim/live`);
  const latest = res.ok ? ((await res.json()) as { latest: number }).latest : 0;
  return latest + 1000 > Date.now() ? { ...opts, startAt: new Date(latest + 1000) } : opts;
}

/** Plays Twilio's part in one inbound call against locally running Functions. */
export async function simulateCall(given: SimulatedCallOptions): Promise<SimulatedCall> {
  validate(given);
  const opts = await afterLastCall(given);
  const ctx = new CallContext(opts);
  const callSid = opts.callSid ?? newSid('CA');
  const leg = callerLeg(opts, callSid);
  ctx.callerLeg = leg;
  ctx.say(`Incoming call from ${opts.from} to ${opts.to} (${callSid})`);
  const startTime = ctx.clock.timestamp();

  const reason = await runLeg(ctx, leg, { url: new URL(opts.voiceUrl, opts.baseUrl).href, method: 'POST', params: {} });
  const status = finalStatus(reason);
  const duration = status === 'completed' ? Math.round(ctx.clock.seconds) : 0;
  const endTime = ctx.clock.timestamp();
  ctx.say(`Call ended: ${status}, ${duration} s`);

  ctx.records.calls.unshift({
    sid: callSid,
    direction: 'inbound',
    from: opts.from,
    to: opts.to,
    callerName: opts.callerName,
    status,
    startTime,
    endTime,
    durationSeconds: duration,
  });
  await opts.onCallRecords?.(ctx.records);

  if (opts.statusCallbackUrl) {
    ctx.callbacks.add({
      phase: 'call-ended',
      url: new URL(opts.statusCallbackUrl, opts.baseUrl).href,
      method: 'POST',
      params: {
        ...leg.params(),
        CallStatus: status,
        CallDuration: String(duration),
        Duration: String(Math.ceil(duration / 60)),
        Timestamp: endTime,
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
      },
    });
  }
  await deliverCallbacks(ctx);

  return {
    callSid,
    transcript: ctx.transcript.lines,
    exchanges: ctx.exchanges,
    finalStatus: status,
    durationSeconds: duration,
    childCallSids: ctx.childCallSids,
    recordingSids: ctx.recordingSids,
    records: ctx.records,
    problems: ctx.problems,
  };
}
