// The request headers the Functions runtime hands a function. The runtime builds the event as
// `{ request: { headers, cookies }, ...query, ...body }`
// (https://www.twilio.com/docs/serverless/functions-assets/handler#event-object), so a query
// or body parameter named `request` replaces the real headers: `?request[headers][authorization]=…`
// would let a password travel in a URL. Only the runtime's own shape is accepted: exactly
// `headers` and `cookies`, header values as text, and the cookies the Cookie header carries,
// none when it carries none, which a query string cannot express (it cannot make an empty object).
import { BadRequest } from '../boundary/errors';

export type RequestHeaders = Record<string, string | string[] | undefined>;

const FORGED = 'The parameter name "request" is reserved; send headers as HTTP headers.';

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isHeaderValue = (value: unknown): boolean =>
  typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));

/** The runtime's request headers; a 400 when `request` came from the query or body. */
export function runtimeHeaders(event: Record<string, unknown>): RequestHeaders {
  const request = event.request;
  if (!isPlainObject(request) || Object.keys(request).sort().join() !== 'cookies,headers') throw new BadRequest(FORGED);
  const { headers, cookies } = request;
  if (!isPlainObject(headers) || !isPlainObject(cookies)) throw new BadRequest(FORGED);
  if (!Object.entries(headers).every(([name, value]) => name === name.toLowerCase() && isHeaderValue(value))) throw new BadRequest(FORGED);
  if (!Object.values(cookies).every((value) => typeof value === 'string')) throw new BadRequest(FORGED);
  const cookieHeader = typeof headers.cookie === 'string' ? headers.cookie : '';
  const sentCookies = new Set(cookieHeader.split(';').map((pair) => pair.split('=')[0].trim()).filter(Boolean));
  if (!Object.keys(cookies).every((name) => sentCookies.has(name))) throw new BadRequest(FORGED);
  return headers as RequestHeaders;
}
