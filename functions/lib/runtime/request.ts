// The request headers the Functions runtime hands a function. The runtime builds the event as
// `{ request: { headers, cookies }, ...query, ...body }`
// (https://www.twilio.com/docs/serverless/functions-assets/handler#event-object; the local
// runtime's `constructEvent` in @twilio/runtime-handler does exactly that), so a query or body
// parameter named `request` replaces the real headers: `?request[headers][authorization]=…`
// would let a password travel in a URL. The real `request` has a shape of its own: exactly
// `headers` and `cookies`, lower-case header names with text values, and `cookies` parsed from
// the Cookie header by cookie-parser, an empty object when there is none. A query string cannot
// express an empty object, so a request that must carry no cookies cannot be forged from a URL.
import { BadRequest } from '../boundary/errors';

export type RequestHeaders = Record<string, string | string[] | undefined>;

const FORGED = 'The parameter name "request" is reserved; send headers as HTTP headers.';
const COOKIES =
  'This endpoint takes no cookies (and no "request" parameter): clear the cookies of this site, and send headers as HTTP headers.';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isHeaderValue = (value: unknown): boolean =>
  typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

export interface HeaderRules {
  /**
   * 'none': the request must carry no cookie at all, which only the runtime's own `request`
   * can say (for credentials: the feed sets no cookie and reads none). 'any': cookies are
   * allowed, as Twilio keeps cookies between a call's webhooks.
   */
  cookies: 'none' | 'any';
}

/** The runtime's request headers; a 400 when `request` came from the query or body. */
export function runtimeHeaders(event: Record<string, unknown>, rules: HeaderRules = { cookies: 'any' }): RequestHeaders {
  const request = event.request;
  if (!isPlainObject(request) || Object.keys(request).sort().join() !== 'cookies,headers') throw new BadRequest(FORGED);
  const { headers, cookies } = request;
  if (!isPlainObject(headers) || !isPlainObject(cookies)) throw new BadRequest(FORGED);
  if (!Object.entries(headers).every(([name, value]) => name === name.toLowerCase() && isHeaderValue(value))) throw new BadRequest(FORGED);
  const cookieHeader = headers.cookie;
  if (rules.cookies === 'none' && (cookieHeader !== undefined || Object.keys(cookies).length > 0)) throw new BadRequest(COOKIES);
  if (!Object.values(cookies).every((value) => typeof value === 'string')) throw new BadRequest(FORGED);
  const sentCookies = new Set(
    (typeof cookieHeader === 'string' ? cookieHeader : '')
      .split(';')
      .map((pair) => pair.split('=')[0].trim())
      .filter(Boolean),
  );
  if (!Object.keys(cookies).every((name) => sentCookies.has(name))) throw new BadRequest(FORGED);
  return headers as RequestHeaders;
}
