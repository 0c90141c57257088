// @ts-check
// Talking to the functions. The feed password is sent once, to /session, which answers a signed
// session token that ends after a working day; only the token is kept, in sessionStorage for
// this tab only, and it travels in an Authorization header, never in a URL.

const TOKEN_KEY = 'feed-session';
const REQUEST_TIMEOUT_MS = 15000;

/** The token the page signs its requests with; null when signed out. */
export const session = { token: sessionStorage.getItem(TOKEN_KEY) };

export function forgetSession() {
  session.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  /**
   * @param {number} status 0 when the service could not be reached @param {string} message
   * @param {Record<string, unknown> | null} [body] the whole JSON answer, for errors that carry more than a sentence
   */
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** HTTP Basic credentials with the password (the user name is not checked). @param {string} password */
function basic(password) {
  let binary = '';
  for (const byte of new TextEncoder().encode(`owner:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * A successful answer of the service, or an ApiError with the sentence it gave.
 * @param {string} url @param {RequestInit} init
 */
async function send(url, init) {
  let response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    throw new ApiError(0, "Can't reach the phone line service. Check the connection, then retry.");
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    const message = body && typeof body.error === 'string' ? body.error : `The service answered with an error (${response.status}).`;
    throw new ApiError(response.status, message, body && typeof body === 'object' ? body : null);
  }
  return response;
}

/** Trades the password for a session token and keeps the token for this tab; the password is not kept. @param {string} password */
export async function startSession(password) {
  const response = await send('session', { method: 'POST', headers: { Authorization: basic(password), Accept: 'application/json' } });
  const answer = await response.json().catch(() => null);
  if (!answer || typeof answer.token !== 'string') throw new ApiError(502, 'The service did not start a session. Try again.');
  session.token = answer.token;
  sessionStorage.setItem(TOKEN_KEY, answer.token);
}

/**
 * A successful answer of the service, asked with the session's token.
 * @param {string} path
 * @param {Record<string, string | null | undefined> | undefined} params empty values are left out
 * @param {string} accept
 */
export async function request(path, params, accept) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
  const url = query.toString() ? `${path}?${query}` : path;
  return send(url, { headers: { Authorization: `Bearer ${session.token || ''}`, Accept: accept } });
}

/**
 * @param {string} path
 * @param {Record<string, string | null | undefined>} [params] empty values are left out
 * @returns {Promise<any>} the JSON answer, shaped as assets/openapi.json says
 */
export async function api(path, params) {
  const response = await request(path, params, 'application/json');
  return response.json().catch(() => null);
}

/**
 * Sends a change as JSON (POST), signed with the session's token.
 * @param {string} path @param {Record<string, unknown>} body
 * @returns {Promise<any>} the JSON answer, shaped as assets/openapi.json says
 */
export async function post(path, body) {
  const response = await send(path, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token || ''}`, Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json().catch(() => null);
}
