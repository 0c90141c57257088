import { randomUUID } from 'crypto';
import { setTimeout as sleep } from 'timers/promises';
import { type ConnectionOverrides, type RetryCause, splitConnectionOverrides } from './connection-overrides';
import type { CookieJar } from './cookie-jar';
import { type AttemptOutcome, attemptRequest } from './http-attempt';
import { signTwilioRequest } from './signing';
import type { WebhookExchange } from './types';

export interface WebhookRequest {
  kind: 'sync' | 'async';
  /** Absolute URL as configured, possibly with a connection-override fragment. */
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  authToken: string;
  backoffMs: number;
  /** Only TwiML requests of a call leg carry cookies. */
  cookies?: CookieJar;
  /** Extra headers (the simulator's own X-Simulated-Time). */
  headers?: Record<string, string>;
}

export type WebhookResult = { exchange: WebhookExchange; history: string[] } & (
  | { ok: true; status: number; contentType: string; body: string }
  | { ok: false; code: number; detail: string }
);

// Debugger codes Twilio logs for webhook failures (https://www.twilio.com/docs/api/errors/11200,
// https://www.twilio.com/docs/api/errors/11205, https://www.twilio.com/docs/api/errors/11215).
const HTTP_RETRIEVAL_FAILURE = 11200;
const HTTP_CONNECTION_FAILURE = 11205;
const TOO_MANY_REDIRECTS = 11215;
const MAX_REDIRECTS = 10;

type Outcome = AttemptOutcome | { kind: 'too-many-redirects' };

function appendQuery(url: string, params: Record<string, string>): string {
  // Appending instead of rebuilding keeps the configured query's encoding byte for byte, which the
  // signature depends on.
  const query = new URLSearchParams(params).toString();
  if (!query) return url;
  return url + (url.includes('?') ? '&' : '?') + query;
}

function retryCause(outcome: Outcome): RetryCause | undefined {
  switch (outcome.kind) {
    case 'connect-failure':
      return 'ct';
    case 'no-response':
      return 'rt';
    case 'response':
      if (outcome.status >= 500) return '5xx';
      if (outcome.status >= 400) return '4xx';
      return undefined;
    default:
      // Partial responses are never retried, and a redirect loop would only loop again.
      return undefined;
  }
}

function describe(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'response':
      return String(outcome.status);
    case 'too-many-redirects':
      return `more than ${MAX_REDIRECTS} redirects`;
    default:
      return outcome.detail;
  }
}

async function attemptFollowingRedirects(
  req: WebhookRequest,
  target: string,
  token: string,
  overrides: ConnectionOverrides,
  deadline: number,
): Promise<Outcome> {
  let url = new URL(target);
  let method = req.method;
  let params = req.method === 'POST' ? req.params : {};
  for (let redirects = 0; ; redirects++) {
    const body = method === 'POST' ? new URLSearchParams(params).toString() : undefined;
    const headers: Record<string, string> = {
      ...req.headers,
      'X-Twilio-Signature': signTwilioRequest(req.authToken, url.href, params),
      'I-Twilio-Idempotency-Token': token,
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
    };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    const cookie = req.cookies?.header();
    if (cookie) headers.Cookie = cookie;

    const outcome = await attemptRequest({
      url,
      method,
      headers,
      body,
      connectTimeoutMs: overrides.connectTimeoutMs,
      readTimeoutMs: overrides.readTimeoutMs,
      deadline,
    });
    if (outcome.kind !== 'response') return outcome;
    req.cookies?.store(outcome.headers['set-cookie']);
    const location = outcome.headers.location;
    if (outcome.status < 300 || outcome.status >= 400 || !location) return outcome;
    if (redirects === MAX_REDIRECTS) return { kind: 'too-many-redirects' };
    // Twilio follows a redirect with a GET and does not resend the parameters
    // (https://www.twilio.com/docs/voice/twiml/gather#action).
    url = new URL(location, url);
    method = 'GET';
    params = {};
  }
}

/** Sends one signed webhook the way Twilio does, retrying per the URL's connection overrides. */
export async function sendWebhook(req: WebhookRequest): Promise<WebhookResult> {
  const { url: bareUrl, overrides } = splitConnectionOverrides(req.url);
  const target = req.method === 'GET' ? appendQuery(bareUrl, req.params) : bareUrl;
  // Kept across retries so the receiver can recognise a retry of the same request.
  const token = randomUUID();
  const deadline = Date.now() + overrides.totalTimeoutMs;
  const history: string[] = [];

  let outcome: Outcome;
  for (;;) {
    outcome = await attemptFollowingRedirects(req, target, token, overrides, deadline);
    history.push(describe(outcome));
    const cause = retryCause(outcome);
    const retry =
      cause !== undefined &&
      overrides.retryOn.has(cause) &&
      history.length <= overrides.retryCount &&
      Date.now() + req.backoffMs < deadline;
    if (!retry) break;
    await sleep(req.backoffMs);
  }

  const status = outcome.kind === 'response' || outcome.kind === 'partial-response' ? outcome.status : 'error';
  const exchange: WebhookExchange = {
    kind: req.kind,
    url: new URL(target).href,
    params: req.params,
    attempts: history.length,
    status,
  };
  if (outcome.kind === 'response') exchange.body = outcome.body;

  if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
    const contentType = String(outcome.headers['content-type'] ?? '');
    return { ok: true, status: outcome.status, contentType, body: outcome.body, exchange, history };
  }
  const code =
    outcome.kind === 'too-many-redirects'
      ? TOO_MANY_REDIRECTS
      : outcome.kind === 'connect-failure' || outcome.kind === 'no-response'
        ? HTTP_CONNECTION_FAILURE
        : HTTP_RETRIEVAL_FAILURE;
  return { ok: false, code, detail: describe(outcome), exchange, history };
}
