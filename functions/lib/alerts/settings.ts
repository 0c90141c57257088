// Who the owner's alerts go to, and through what. Each channel is read on its own: a channel
// that is half configured or invalid is off, named in `problems` (which the caller logs), and
// never stops the other channel or the call-log write.
import { checkTimeZone } from '../calls/hours';
import { flag, list, origin, PHONE_NUMBERS, readServiceOrigin, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';
import { E164 } from '../twilio/values';

type Env = Record<string, unknown>;

export interface SmsChannel {
  /** Owner's phones, E.164. The sender is the business number that was called. */
  to: string[];
}

export interface EmailChannel {
  to: string[];
  from: string;
  apiKey: string;
  /** SendGrid's API host; the local stand-in in development. */
  baseUrl: string;
}

export interface AlertConfig {
  sms?: SmsChannel;
  email?: EmailChannel;
  /** Alert on calls nobody answered and no message was left (ALERT_MISSED_CALLS=false turns off). */
  missedCalls: boolean;
  /** Where the feed is served: the alert's link is `${feedUrl}/index.html#call=CA…`. */
  feedUrl: string;
  /** IANA time zone the alert states the call's time in. */
  timeZone: string;
  /** Channels left off, by the variable to fix. */
  problems: ConfigError[];
}

const EMAIL = /^[^\s@,<>]+@[^\s@,<>]+\.[^\s@,<>]+$/;
const EMAIL_VARIABLES = ['ALERT_EMAIL_TO', 'ALERT_EMAIL_FROM', 'SENDGRID_API_KEY'] as const;

const isSet = (env: Env, name: string) => typeof env[name] === 'string' && (env[name] as string).trim() !== '';

function readSms(env: Env): SmsChannel | undefined {
  if (!isSet(env, 'ALERT_SMS_TO')) return undefined;
  return { to: list(env, 'ALERT_SMS_TO', E164, PHONE_NUMBERS) };
}

function readEmail(env: Env): EmailChannel | undefined {
  const missing = EMAIL_VARIABLES.filter((name) => !isSet(env, name));
  if (missing.length === EMAIL_VARIABLES.length) return undefined;
  if (missing.length > 0) throw new ConfigError(missing[0], `is not set: email alerts also need ${EMAIL_VARIABLES.filter((n) => n !== missing[0]).join(' and ')}`);
  const from = text(env, 'ALERT_EMAIL_FROM');
  if (!EMAIL.test(from)) throw new ConfigError('ALERT_EMAIL_FROM', `must be one email address (got "${from}")`);
  return {
    to: list(env, 'ALERT_EMAIL_TO', EMAIL, 'email addresses'),
    from,
    apiKey: text(env, 'SENDGRID_API_KEY'),
    // Overridable only so that local runs can point at the SendGrid stand-in.
    baseUrl: origin(env, 'SENDGRID_API_BASE_URL', 'https://api.sendgrid.com'),
  };
}

function readTimeZone(env: Env): string {
  return checkTimeZone(text(env, 'ALERT_TIME_ZONE', 'UTC'), 'ALERT_TIME_ZONE');
}

/** A channel that cannot be read is off and reported; the rest still work. */
function attempt<T>(problems: ConfigError[], read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(err);
    return undefined;
  }
}

/**
 * Where the alert's link points: FEED_URL when set (a script has no service of its own), else
 * the service's own origin, where a Function's feed is served.
 */
function readFeedUrl(env: Env): string {
  const feedUrl = origin(env, 'FEED_URL', '');
  if (feedUrl) return feedUrl;
  if (!isSet(env, 'DOMAIN_NAME')) throw new ConfigError('FEED_URL', 'is not set, and there is no service domain (DOMAIN_NAME) to link to instead');
  return readServiceOrigin(env);
}

export function readAlertConfig(env: Env): AlertConfig {
  const problems: ConfigError[] = [];
  const sms = attempt(problems, () => readSms(env));
  const email = attempt(problems, () => readEmail(env));
  // Unreadable: missed-call alerts stay on.
  const missedCalls = attempt(problems, () => flag(env, 'ALERT_MISSED_CALLS', true)) ?? true;
  // The link is only needed when an alert can go out.
  const feedUrl = sms || email ? (attempt(problems, () => readFeedUrl(env)) ?? '') : '';
  const timeZone = attempt(problems, () => readTimeZone(env)) ?? 'UTC';
  return { sms, email, missedCalls, feedUrl, timeZone, problems };
}
