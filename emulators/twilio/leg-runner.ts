import type { CallContext } from './call-context';
import type { Leg } from './call-legs';
import { speechSeconds } from './sim-clock';
import { type EndReason, NEXT, type Step, type TwimlRequest } from './steps';
import { attemptsNote } from './transcript';
import { parseTwiml, type TwimlNode, TwimlParseError } from './twiml';
import { dial } from './verbs/dial';
import { hangup, redirect, reject } from './verbs/flow';
import { gather } from './verbs/gather';
import { prompt } from './verbs/prompt';
import { record } from './verbs/record';

/** A runaway <Redirect>/<Gather> loop is reported instead of simulated forever. */
export const MAX_DOCUMENTS = 50;

const APPLICATION_ERROR_MESSAGE = 'We are sorry, an application error has occurred. Goodbye.';
const DOCUMENT_PARSE_FAILURE = 12100;
const INVALID_CONTENT_TYPE = 12300;

// Verbs Twilio knows but this simulator does not act out.
const UNSIMULATED = new Set(['Connect', 'Echo', 'Enqueue', 'Leave', 'Pay', 'Prompt', 'Queue', 'Refer', 'Sms', 'Start', 'Stop']);
// What a <Number url> document may contain (https://www.twilio.com/docs/voice/twiml/number#url).
const CALLEE_VERBS = new Set(['Say', 'Play', 'Pause', 'Gather', 'Hangup', 'Redirect']);

type Fetched = { ok: true; verbs: TwimlNode[] } | { ok: false; code: number; url: string; detail: string };

/** How Twilio treats a 2xx body, by content type (https://www.twilio.com/docs/voice/twiml#responding-to-twilio). */
function interpret(contentType: string, body: string, url: string): Fetched {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('audio/')) {
    return { ok: true, verbs: [{ name: 'Play', attrs: {}, children: [], text: url }] };
  }
  if (!['text/xml', 'application/xml', 'text/html', 'text/plain'].includes(type)) {
    return { ok: false, code: INVALID_CONTENT_TYPE, url, detail: `content type "${type || 'none'}" is not TwiML` };
  }
  try {
    return { ok: true, verbs: parseTwiml(body) };
  } catch (err) {
    if (!(err instanceof TwimlParseError)) throw err;
    // Plain text that is not TwiML is read aloud.
    if (type === 'text/plain' && body.trim()) return { ok: true, verbs: [{ name: 'Say', attrs: {}, children: [], text: body.trim() }] };
    return { ok: false, code: DOCUMENT_PARSE_FAILURE, url, detail: err.message };
  }
}

async function fetchDocument(ctx: CallContext, leg: Leg, request: TwimlRequest): Promise<Fetched> {
  const whose = leg.role === 'callee' ? 'callee leg, ' : '';
  ctx.say(`→ ${request.method} ${ctx.show(request.url)} (${whose}${leg.status})`);
  const result = await ctx.send({
    kind: 'sync',
    url: request.url,
    method: request.method,
    params: { ...leg.params(), ...request.params },
    cookies: leg.cookies,
  });
  if (result.history.length > 1) ctx.say(`  ← ${result.ok ? result.status : 'failed'} ${attemptsNote(result.history)}`);
  if (!result.ok) return { ok: false, code: result.code, url: result.exchange.url, detail: result.detail };
  return interpret(result.contentType, result.body, result.exchange.url);
}

function applicationError(ctx: CallContext, leg: Leg, request: TwimlRequest, failure: Extract<Fetched, { ok: false }>): void {
  ctx.problems.push({ kind: 'application-error', code: failure.code, url: failure.url, detail: failure.detail });
  ctx.say(`[application error ${failure.code}] ${request.method} ${ctx.show(request.url)}: ${failure.detail}`);
  if (request.afterHangup) return;
  // Twilio answers the call if need be, just to play its apology.
  if (leg.status === 'ringing') leg.status = 'in-progress';
  ctx.say(`${leg.role === 'caller' ? 'Twilio says' : 'Twilio says to the callee'}: "${APPLICATION_ERROR_MESSAGE}"`);
  ctx.clock.advance(speechSeconds(APPLICATION_ERROR_MESSAGE));
}

async function executeVerb(ctx: CallContext, leg: Leg, verb: TwimlNode, documentUrl: string): Promise<Step> {
  // Only a <Dial> child leg is limited so; a call created through the REST API runs any TwiML.
  if (leg.role === 'callee' && leg.params().ParentCallSid && !CALLEE_VERBS.has(verb.name)) {
    ctx.say(`[warning 12200: <${verb.name}> is not allowed on the callee leg: skipped]`);
    return NEXT;
  }
  switch (verb.name) {
    case 'Say':
    case 'Play':
    case 'Pause':
      return prompt(ctx, leg, verb, documentUrl, false);
    case 'Gather':
      return gather(ctx, leg, verb, documentUrl);
    case 'Dial':
      return dial(ctx, leg, verb, documentUrl, runLeg);
    case 'Record':
      return record(ctx, leg, verb, documentUrl);
    case 'Redirect':
      return redirect(ctx, verb, documentUrl);
    case 'Hangup':
      return hangup(ctx, leg);
    case 'Reject':
      return reject(ctx, leg, verb);
    default:
      ctx.say(
        UNSIMULATED.has(verb.name)
          ? `[<${verb.name}> is not simulated: skipped]`
          : `[warning 12200: unknown TwiML element <${verb.name}> skipped (TwiML is case-sensitive)]`,
      );
      return NEXT;
  }
}

async function runDocument(ctx: CallContext, leg: Leg, verbs: TwimlNode[], documentUrl: string): Promise<Exclude<Step, { kind: 'next' }>> {
  for (const verb of verbs) {
    // Any verb but <Reject> answers a ringing call (Twilio's <Reject> documentation).
    if (leg.status === 'ringing' && verb.name !== 'Reject') leg.status = 'in-progress';
    const step = await executeVerb(ctx, leg, verb, documentUrl);
    if (step.kind !== 'next') return step;
  }
  if (leg.role === 'caller') ctx.say('Twilio hangs up (end of TwiML)');
  return { kind: 'end', reason: 'end-of-document' };
}

/**
 * When a caller's TwiML request fails, Twilio requests the number's VoiceFallbackUrl with
 * ErrorCode and ErrorUrl added, and its TwiML continues the call; without one the caller hears
 * the generic application error (https://www.twilio.com/docs/voice/twiml#fallback-url).
 * A failing fallback is not retried.
 */
function fallbackRequest(
  ctx: CallContext,
  leg: Leg,
  request: TwimlRequest,
  failure: Extract<Fetched, { ok: false }>,
): TwimlRequest | undefined {
  const fallbackUrl = ctx.opts.fallbackUrl && new URL(ctx.opts.fallbackUrl, ctx.opts.baseUrl).href;
  if (!fallbackUrl || leg.role !== 'caller' || request.afterHangup || request.url === fallbackUrl) return undefined;
  ctx.problems.push({ kind: 'application-error', code: failure.code, url: failure.url, detail: failure.detail });
  ctx.say(
    `[application error ${failure.code}] ${request.method} ${ctx.show(request.url)}: ${failure.detail}; Twilio tries the fallback URL`,
  );
  return { url: fallbackUrl, method: 'POST', params: { ErrorCode: String(failure.code), ErrorUrl: failure.url } };
}

/** Plays Twilio's part for one leg: fetch TwiML, act it out, follow where it leads. */
export async function runLeg(ctx: CallContext, leg: Leg, first: TwimlRequest): Promise<EndReason> {
  let request = first;
  for (;;) {
    if (ctx.documents >= MAX_DOCUMENTS) {
      ctx.problems.push({ kind: 'loop-guard', documents: ctx.documents });
      ctx.say(`[loop guard: ${ctx.documents} TwiML documents fetched; the simulator ends the call]`);
      return 'loop-guard';
    }
    ctx.documents++;
    const fetched = await fetchDocument(ctx, leg, request);
    if (!fetched.ok) {
      const fallback = fallbackRequest(ctx, leg, request, fetched);
      if (fallback) {
        request = fallback;
        continue;
      }
      applicationError(ctx, leg, request, fetched);
      return 'application-error';
    }
    if (request.afterHangup) {
      ctx.say('  (the caller has hung up: Twilio ignores this TwiML)');
      return 'caller-hangup';
    }
    const step = await runDocument(ctx, leg, fetched.verbs, request.url);
    if (step.kind === 'end') return step.reason;
    request = step.request;
  }
}
