// Who the owner's alerts go to, and through what. Each channel is read on its own: a channel
// that is half configured or invalid is off, named in `problems` (which the caller logs), and
// never stops the other channel or the call-log write.
import { defineSettings, type Env, flag, isSet, list, origin, PHONE_NUMBERS, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';
import { checkTimeZone } from '../calls/hours';
import { HOURS_SETTINGS } from '../calls/settings';
import { DOMAIN_NAME, readServiceOrigin } from '../runtime/service-origin';
import { E164 } from '../twilio/values';

export const ALERT_SETTINGS = defineSettings({
  ALERT_SMS_TO: { fallback: '' },
  // Email alerts need the three together.
  ALERT_EMAIL_TO: { fallback: '' },
  ALERT_EMAIL_FROM: { fallback: '' },
  SENDGRID_API_KEY: { fallback: '' },
  // Overridable only so that local runs can point at the SendGrid stand-in.
  SENDGRID_API_BASE_URL: { fallback: 'https://api.sendgrid.com' },
  ALERT_MISSED_CALLS: { fallback: 'true' },
  // A voicemail's email carries its MP3.
  ALERT_EMAIL_AUDIO: { fallback: 'false' },
  FEED_URL: { fallback: '' },
  // Empty: the line's TIME_ZONE, else UTC.
  ALERT_TIME_ZONE: { fallback: '' },
  // The caller's missed-call text (alerts/text-back.ts); empty: none is sent.
  AUTO_REPLY_SMS: { fallback: '' },
});

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
  /** Attach a voicemail's recording (MP3) to its email. */
  attachAudio: boolean;
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
const EMAIL_VARIABLES = [ALERT_SETTINGS.ALERT_EMAIL_TO, ALERT_SETTINGS.ALERT_EMAIL_FROM, ALERT_SETTINGS.SENDGRID_API_KEY];

function readSms(env: Env): SmsChannel | undefined {
  if (!isSet(env, ALERT_SETTINGS.ALERT_SMS_TO)) return undefined;
  return { to: list(env, ALERT_SETTINGS.ALERT_SMS_TO, E164, PHONE_NUMBERS) };
}

function readEmail(env: Env): EmailChannel | undefined {
  const missing = EMAIL_VARIABLES.filter((setting) => !isSet(env, setting)).map(({ name }) => name);
  if (missing.length === EMAIL_VARIABLES.length) return undefined;
  const others = EMAIL_VARIABLES.map(({ name }) => name).filter((name) => name !== missing[0]);
  if (missing.length > 0) throw new ConfigError(missing[0], `is not set: email alerts also need ${others.join(' and ')}`);
  const from = text(env, ALERT_SETTINGS.ALERT_EMAIL_FROM);
  if (!EMAIL.test(from)) throw new ConfigError('ALERT_EMAIL_FROM', `must be one email address (got "${from}")`);
  return {
    to: list(env, ALERT_SETTINGS.ALERT_EMAIL_TO, EMAIL, 'email addresses'),
    from,
    apiKey: text(env, ALERT_SETTINGS.SENDGRID_API_KEY),
    baseUrl: origin(env, ALERT_SETTINGS.SENDGRID_API_BASE_URL),
    attachAudio: false,
  };
}

/** The owner reads times where the business is: ALERT_TIME_ZONE, else the line's TIME_ZONE, else UTC. */
function readTimeZone(env: Env): string {
  for (const setting of [ALERT_SETTINGS.ALERT_TIME_ZONE, HOURS_SETTINGS.TIME_ZONE]) {
    if (isSet(env, setting)) return checkTimeZone(text(env, setting), setting.name);
  }
  return 'UTC';
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
  const feedUrl = origin(env, ALERT_SETTINGS.FEED_URL);
  if (feedUrl) return feedUrl;
  if (!isSet(env, DOMAIN_NAME))
    throw new ConfigError('FEED_URL', 'is not set, and there is no service domain (DOMAIN_NAME) to link to instead');
  return readServiceOrigin(env);
}

export function readAlertConfig(env: Env): AlertConfig {
  const problems: ConfigError[] = [];
  const sms = attempt(problems, () => readSms(env));
  const read = attempt(problems, () => readEmail(env));
  // Unreadable: the email goes out without the recording.
  const email = read && { ...read, attachAudio: attempt(problems, () => flag(env, ALERT_SETTINGS.ALERT_EMAIL_AUDIO)) ?? false };
  // Unreadable: missed-call alerts stay on.
  const missedCalls = attempt(problems, () => flag(env, ALERT_SETTINGS.ALERT_MISSED_CALLS)) ?? true;
  // The link is only needed when an alert can go out.
  const feedUrl = sms || email ? (attempt(problems, () => readFeedUrl(env)) ?? '') : '';
  const timeZone = attempt(problems, () => readTimeZone(env)) ?? 'UTC';
  return { sms, email, missedCalls, feedUrl, timeZone, problems };
}
