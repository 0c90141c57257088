// Who may read the feed: whoever sends the feed password with HTTP Basic auth (any user name),
// or a session token /session gave for it (`Authorization: Bearer ...`). The page exchanges the
// password once and then sends only the token; scripts and the scheduled workflow send the
// password. Both travel in a header only, never in a URL, a cookie or a log, and are read from
// the runtime's real headers only (runtime/request.ts refuses a forged `request` parameter).
import { createHash, timingSafeEqual } from 'crypto';
import { HttpError } from '../boundary/errors';
import { callTime } from '../runtime/clock';
import { runtimeHeaders } from '../runtime/request';
import type { HandlerContext, WebhookEvent } from '../runtime/respond';
import { checkSessionToken } from './session-token';
import { readFeedConfig } from './settings';

// The 401s carry no WWW-Authenticate challenge: that would make the browser pop its own
// password dialog over the page's sign-in form, which shows these sentences.
const NO_CREDENTIALS = 'Sign in with the feed password.';
const WRONG_PASSWORD = 'That password is not right.';
export const SESSION_EXPIRED = 'Your session has ended; sign in again.';
const SESSION_INVALID = 'This session is not valid any more; sign in again.';

type Credentials = { password: string } | { token: string };

/** The credentials of the Authorization header: a Basic password or a Bearer token. */
function credentials(header: unknown): Credentials | undefined {
  if (typeof header !== 'string') return undefined;
  const bearer = /^Bearer +([A-Za-z0-9._-]+)$/i.exec(header.trim());
  if (bearer) return { token: bearer[1] };
  const basic = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { password: decoded.slice(colon + 1) };
}

/** Compares in constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function passwordMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The feed's configuration and what the request's real headers carry; fails closed without a usable FEED_PASSWORD. */
function read(event: WebhookEvent, context: HandlerContext): { password: string; given: Credentials } {
  const headers = runtimeHeaders(event, { cookies: 'none' });
  const { password } = readFeedConfig(context);
  const given = credentials(headers.authorization);
  if (given === undefined) throw new HttpError(401, NO_CREDENTIALS);
  return { password, given };
}

/**
 * Throws unless the request carries the feed password (HTTP Basic). For /session, which trades
 * the password for a token and takes no token itself, so a session cannot extend itself.
 */
export function requireFeedPassword(event: WebhookEvent, context: HandlerContext): string {
  const { password, given } = read(event, context);
  if (!('password' in given)) throw new HttpError(401, NO_CREDENTIALS);
  if (!passwordMatches(given.password, password)) throw new HttpError(401, WRONG_PASSWORD);
  return password;
}

/**
 * Throws unless the request carries the feed password or a session token still in its time.
 * Without a usable FEED_PASSWORD it throws a ConfigError for everyone (fail closed); the
 * handler logs why.
 */
export function requireFeedAccess(event: WebhookEvent, context: HandlerContext): void {
  const { password, given } = read(event, context);
  if ('password' in given) {
    if (!passwordMatches(given.password, password)) throw new HttpError(401, WRONG_PASSWORD);
    return;
  }
  const check = checkSessionToken(given.token, password, callTime(context, event));
  if (check === 'expired') throw new HttpError(401, SESSION_EXPIRED);
  if (check === 'invalid') throw new HttpError(401, SESSION_INVALID);
}
