// Who may read the feed: whoever sends the feed password with HTTP Basic auth (any user
// name). The page keeps the password for the browser session and sends it in a header on
// every request, so it never appears in a URL, a cookie or a log.
import { createHash, timingSafeEqual } from 'crypto';
import { readFeedConfig } from './settings';
import { HttpError } from '../boundary/errors';
import type { WebhookEvent } from '../runtime/respond';
import { runtimeHeaders } from '../runtime/request';

/** The password of an `Authorization: Basic ...` header, or undefined for anything else. */
function basicAuthPassword(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Basic +([A-Za-z0-9+/]+={0,2})$/i.exec(header.trim());
  if (!match) return undefined;
  const credentials = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon === -1 ? undefined : credentials.slice(colon + 1);
}

/** Compares in constant time whatever the lengths: both sides are hashed to 32 bytes first. */
function passwordMatches(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Throws unless the request carries the feed password. Without a usable FEED_PASSWORD it
 * throws a ConfigError for everyone (fail closed); the handler logs why.
 */
export function requireFeedAccess(event: WebhookEvent, env: Record<string, unknown>): void {
  const headers = runtimeHeaders(event, { cookies: 'none' });
  const { password } = readFeedConfig(env);
  const given = basicAuthPassword(headers.authorization);
  // The 401 carries no WWW-Authenticate challenge: that would make the browser pop its
  // own password dialog over the page's sign-in form.
  if (given === undefined) throw new HttpError(401, 'Sign in with the feed password.');
  if (!passwordMatches(given, password)) throw new HttpError(401, 'That password is not right.');
}
