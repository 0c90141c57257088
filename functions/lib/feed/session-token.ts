// The feed page's session: the password is sent once, to /session, and exchanged for a token
// the page sends instead. The token is `base64url(payload).base64url(HMAC-SHA256(key, payload))`
// with payload `{"exp": <seconds since 1970>}`, so the Functions keep no state: any instance
// checks a token by recomputing its signature. The key is derived from FEED_PASSWORD, so a new
// password (npm run deploy) ends every session at once and there is no second secret to keep.
// HMAC: https://www.rfc-editor.org/rfc/rfc2104; base64url: https://www.rfc-editor.org/rfc/rfc4648#section-5.
import { createHmac, timingSafeEqual } from 'crypto';

/** How long a session lasts: a working day, after which the page asks for the password again. */
export const SESSION_SECONDS = 12 * 60 * 60;

// The key is the HMAC of a fixed label under the password, so the password itself signs nothing.
const KEY_LABEL = 'trusted-line feed session key';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface SessionToken {
  token: string;
  expiresAt: Date;
}

const sessionKey = (password: string): Buffer => createHmac('sha256', password).update(KEY_LABEL).digest();
const signature = (password: string, payload: string): Buffer => createHmac('sha256', sessionKey(password)).update(payload).digest();

/** A token valid for SESSION_SECONDS from `now`. */
export function issueSessionToken(password: string, now: Date): SessionToken {
  const exp = Math.floor(now.getTime() / 1000) + SESSION_SECONDS;
  const payload = Buffer.from(JSON.stringify({ exp })).toString('base64url');
  return { token: `${payload}.${signature(password, payload).toString('base64url')}`, expiresAt: new Date(exp * 1000) };
}

export type TokenCheck = 'valid' | 'expired' | 'invalid';

/** Whether this token was signed with this password's key and is still within its time. */
export function checkSessionToken(token: string, password: string, now: Date): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts.every((part) => BASE64URL.test(part))) return 'invalid';
  const [payload, given] = parts;
  const expected = signature(password, payload);
  const sent = Buffer.from(given, 'base64url');
  // Same length first (timingSafeEqual requires it; a signature's length is no secret), then
  // compared in constant time, so the answer's timing tells nothing of the right signature.
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return 'invalid';
  let exp: unknown;
  try {
    exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
  } catch {
    return 'invalid';
  }
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'invalid';
  return now.getTime() < exp * 1000 ? 'valid' : 'expired';
}
