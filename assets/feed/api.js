// @ts-check
// Talking to the functions. The feed password lives in sessionStorage for this tab only and
// travels in an Authorization header, never in a URL.

const PASSWORD_KEY = 'feed-password';
const REQUEST_TIMEOUT_MS = 15000;

/** The password the page signs its requests with; null when signed out. */
export const session = { password: sessionStorage.getItem(PASSWORD_KEY) };

/** Keeps the accepted password for this tab, so a reload stays signed in. */
export function keepPassword() {
  if (session.password) sessionStorage.setItem(PASSWORD_KEY, session.password);
}

export function forgetPassword() {
  session.password = null;
  sessionStorage.removeItem(PASSWORD_KEY);
}

export class ApiError extends Error {
  /** @param {number} status 0 when the service could not be reached @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {string} password */
function authorization(password) {
  let binary = '';
  for (const byte of new TextEncoder().encode(`owner:${password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * A successful answer of the service, or an ApiError with the sentence it gave.
 * @param {string} path
 * @param {Record<string, string | null | undefined> | undefined} params empty values are left out
 * @param {string} accept
 */
export async function request(path, params, accept) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
  const url = query.toString() ? `${path}?${query}` : path;
  let response;
  try {
    response = await fetch(url, {
      headers: { Authorization: authorization(session.password || ''), Accept: accept },
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, "Can't reach the phone line service. Check the connection, then retry.");
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    const message = body && typeof body.error === 'string' ? body.error : `The service answered with an error (${response.status}).`;
    throw new ApiError(response.status, message);
  }
  return response;
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
