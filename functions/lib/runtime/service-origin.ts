// The origin of this service, for the callback URLs Twilio keeps for later: `<Number
// statusCallback>` is documented as "any URL", not "relative or absolute" like `url`
// (https://www.twilio.com/docs/voice/twiml/number#attributes), and a relative one has been
// refused with error 21609 (https://www.twilio.com/docs/api/errors/21609).
import { type Env, type Setting, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';

/**
 * Set by the runtime, never by the owner
 * (https://www.twilio.com/docs/serverless/functions-assets/handler#context-object): the
 * service's domain in production (https only), `localhost:PORT` locally (http).
 */
export const DOMAIN_NAME: Setting = { name: 'DOMAIN_NAME', required: false };

export function readServiceOrigin(env: Env): string {
  const domain = text(env, DOMAIN_NAME);
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(domain)) throw new ConfigError('DOMAIN_NAME', `must be a host name (got "${domain}")`);
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(domain);
  return `${local ? 'http' : 'https'}://${domain}`;
}
