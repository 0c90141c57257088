// Typed configuration, read from the function context (the Environment's variables).
// Each reader takes only what its caller needs, so a missing Airtable token never
// stops the menu from answering, and every problem names the variable to fix.
import { checkTimeZone, parseClosedDates, parseOpenHours, type BusinessHours } from '../calls/hours';
import { ConfigError } from './errors';
import { E164, sidPattern } from '../twilio/values';

type Env = Record<string, unknown>;

export function text(env: Env, name: string, fallback?: string): string {
  const raw = env[name];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value) return value;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(name, 'is not set');
}

/** A URL that is only a scheme and host: the base the clients append their own paths to. */
export function origin(env: Env, name: string, fallback: string): string {
  const value = text(env, name, fallback);
  if (value && !/^https?:\/\/[^/]+$/.test(value)) {
    throw new ConfigError(name, `must be a scheme and host with no path or trailing slash (got "${value}")`);
  }
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = text(env, name, String(fallback));
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

// Voices Twilio's <Say> accepts: the classic ones and the Polly/Google neural families.
const VOICE = /^(man|woman|alice|(Polly|Google)\.[A-Za-z0-9_.-]+)$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

export interface SpeechConfig {
  voice: string;
  language: string;
}

export interface MenuConfig extends SpeechConfig {
  greeting: string;
  prompt: string;
  gatherTimeoutSeconds: number;
  maxAttempts: number;
}

export interface ForwardConfig {
  /** Where Twilio sends the forwarded legs' status callbacks: this service's own origin. */
  serviceOrigin: string;
  /** One to ten numbers, rung at once; the first person to accept takes the call. */
  forwardTo: string[];
  ringTimeoutSeconds: number;
  /** Whisper to the answering phone and bridge only when a person presses 1. */
  screenCalls: boolean;
}

export interface VoicemailConfig extends SpeechConfig {
  /** Where Twilio sends the recording and transcription callbacks: this service's own origin. */
  serviceOrigin: string;
  prompt: string;
  maxLengthSeconds: number;
}

export interface AirtableConfig {
  token: string;
  baseId: string;
  table: string;
  endpointUrl?: string;
}

export const DEFAULTS = {
  greeting: 'Thanks for calling.',
  menuPrompt: 'To speak with someone, press 1. To leave a message, press 2.',
  voicemailPrompt: 'Please leave your name, number and a short message after the tone. Press the pound key when you are done.',
  voice: 'Polly.Joanna',
  language: 'en-US',
  gatherTimeoutSeconds: 6,
  maxAttempts: 3,
  // With screening a carrier voicemail that answers cannot take the call, so the phones can
  // ring as long as an owner needs to get to one (Twilio's own <Dial> default). Without it
  // they must stop before the carrier's voicemail picks up (often about 25 s).
  ringTimeoutSeconds: 30,
  ringTimeoutSecondsUnscreened: 20,
  voicemailMaxLengthSeconds: 110,
  closedGreeting: "Thanks for calling. We're closed right now.",
  airtableTable: 'Calls',
} as const;

// Twilio transcribes only recordings shorter than 120 s (error 13617,
// https://www.twilio.com/docs/api/errors/13617; https://www.twilio.com/docs/voice/twiml/record#transcribe):
// a voicemail that runs to its maximum length must stay below that, with a margin.
export const VOICEMAIL_MAX_LENGTH_CEILING = 115;

/**
 * The origin of this service, for the callback URLs Twilio keeps for later: `<Number
 * statusCallback>` is documented as "any URL", not "relative or absolute" like `url`
 * (https://www.twilio.com/docs/voice/twiml/number#attributes), and a relative one has been
 * refused with error 21609 (https://www.twilio.com/docs/api/errors/21609). DOMAIN_NAME is
 * set by the runtime (https://www.twilio.com/docs/serverless/functions-assets/handler#context-object):
 * the service's domain in production (https only), `localhost:PORT` locally (http).
 */
export function readServiceOrigin(env: Env): string {
  const domain = text(env, 'DOMAIN_NAME');
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(domain)) throw new ConfigError('DOMAIN_NAME', `must be a host name (got "${domain}")`);
  const local = /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(domain);
  return `${local ? 'http' : 'https'}://${domain}`;
}

export function readSpeechConfig(env: Env): SpeechConfig {
  const voice = text(env, 'VOICE', DEFAULTS.voice);
  if (!VOICE.test(voice)) throw new ConfigError('VOICE', `is not a voice Twilio's <Say> knows (got "${voice}")`);
  const language = text(env, 'LANGUAGE', DEFAULTS.language);
  if (!LANGUAGE.test(language)) throw new ConfigError('LANGUAGE', `must be a language tag such as en-US (got "${language}")`);
  return { voice, language };
}

export function readMenuConfig(env: Env): MenuConfig {
  return {
    ...readSpeechConfig(env),
    greeting: text(env, 'GREETING', DEFAULTS.greeting),
    prompt: text(env, 'MENU_PROMPT', DEFAULTS.menuPrompt),
    gatherTimeoutSeconds: integer(env, 'MENU_TIMEOUT_SECONDS', DEFAULTS.gatherTimeoutSeconds, 1, 30),
    maxAttempts: integer(env, 'MENU_MAX_ATTEMPTS', DEFAULTS.maxAttempts, 1, 10),
  };
}

// <Dial> rings at most ten <Number>s at once (https://www.twilio.com/docs/voice/twiml/number).
const MAX_FORWARD_NUMBERS = 10;

/** `true` or `false` (any case), else a ConfigError naming the variable. */
export function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = text(env, name, String(fallback)).toLowerCase();
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `must be true or false (got "${raw}")`);
  return raw === 'true';
}

/** Whether forwarded calls are screened (SCREEN_CALLS, default true); reconcile reads it too. */
export function readScreenCalls(env: Env): boolean {
  return flag(env, 'SCREEN_CALLS', true);
}

/**
 * A list of values separated by commas or spaces, each checked against `pattern`, without
 * repeats. Empty entries (a trailing comma, two commas in a row) are ignored, never refused.
 */
export function list(env: Env, name: string, pattern: RegExp, what: string): string[] {
  const values = text(env, name).split(/[\s,]+/).filter(Boolean);
  if (values.length === 0) throw new ConfigError(name, 'is not set');
  const bad = values.find((value) => !pattern.test(value));
  if (bad !== undefined) throw new ConfigError(name, `must be ${what}, separated by commas (got "${bad}")`);
  return [...new Set(values)];
}

export const PHONE_NUMBERS = 'phone numbers in E.164 form such as +14155550123';

export function readForwardConfig(env: Env): ForwardConfig {
  const forwardTo = list(env, 'FORWARD_TO', E164, PHONE_NUMBERS);
  if (forwardTo.length > MAX_FORWARD_NUMBERS) throw new ConfigError('FORWARD_TO', `takes at most ${MAX_FORWARD_NUMBERS} numbers (got ${forwardTo.length})`);
  const screenCalls = readScreenCalls(env);
  const ringDefault = screenCalls ? DEFAULTS.ringTimeoutSeconds : DEFAULTS.ringTimeoutSecondsUnscreened;
  // Twilio's own bounds for <Dial timeout>.
  return {
    serviceOrigin: readServiceOrigin(env),
    forwardTo,
    screenCalls,
    ringTimeoutSeconds: integer(env, 'RING_TIMEOUT_SECONDS', ringDefault, 5, 600),
  };
}

/** The line's hours, or null when it is always open (neither OPEN_HOURS nor CLOSED_DATES set). */
export function readBusinessHours(env: Env): BusinessHours | null {
  const openHours = text(env, 'OPEN_HOURS', '');
  const closedDates = text(env, 'CLOSED_DATES', '');
  if (!openHours && !closedDates) return null;
  const variable = openHours ? 'OPEN_HOURS' : 'CLOSED_DATES';
  const timeZone = text(env, 'TIME_ZONE', '');
  if (!timeZone) throw new ConfigError('TIME_ZONE', `is not set; ${variable} needs it (an IANA name such as America/New_York)`);
  return { timeZone: checkTimeZone(timeZone), open: parseOpenHours(openHours), closedDates: parseClosedDates(closedDates) };
}

/**
 * The hours /menu judged calls by: a mistake in them kept the line open there (it is reported
 * to `onProblem`), so for reconcile no call counts as closed either.
 */
export function readHoursAsTheMenuDid(env: Env, onProblem: (err: ConfigError) => void): BusinessHours | null {
  try {
    return readBusinessHours(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    onProblem(err);
    return null;
  }
}

export function readClosedGreeting(env: Env): string {
  return text(env, 'CLOSED_GREETING', DEFAULTS.closedGreeting);
}

export function readVoicemailConfig(env: Env): VoicemailConfig {
  return {
    ...readSpeechConfig(env),
    serviceOrigin: readServiceOrigin(env),
    prompt: text(env, 'VOICEMAIL_PROMPT', DEFAULTS.voicemailPrompt),
    maxLengthSeconds: voicemailMaxLength(env),
  };
}

/**
 * VOICEMAIL_MAX_LENGTH_SECONDS, cut to the ceiling rather than refused: deployments set up
 * before the ceiling carry 120 (the old default), and a caller must still be able to leave a
 * message. The log names the variable so the owner can fix it.
 */
function voicemailMaxLength(env: Env): number {
  const name = 'VOICEMAIL_MAX_LENGTH_SECONDS';
  const raw = text(env, name, String(DEFAULTS.voicemailMaxLengthSeconds));
  if (/^\d+$/.test(raw) && Number(raw) > VOICEMAIL_MAX_LENGTH_CEILING) {
    console.warn(`${name} is ${raw}, above ${VOICEMAIL_MAX_LENGTH_CEILING} (Twilio transcribes only recordings shorter than 120 s): using ${VOICEMAIL_MAX_LENGTH_CEILING}`);
    return VOICEMAIL_MAX_LENGTH_CEILING;
  }
  return integer(env, name, DEFAULTS.voicemailMaxLengthSeconds, 5, VOICEMAIL_MAX_LENGTH_CEILING);
}

export function readAirtableConfig(env: Env): AirtableConfig {
  const token = text(env, 'AIRTABLE_TOKEN');
  const baseId = text(env, 'AIRTABLE_BASE_ID');
  if (!/^app[A-Za-z0-9]{14}$/.test(baseId)) throw new ConfigError('AIRTABLE_BASE_ID', `must look like app followed by 14 letters or digits (got "${baseId}")`);
  const table = text(env, 'AIRTABLE_TABLE', DEFAULTS.airtableTable);
  const endpointUrl = origin(env, 'AIRTABLE_ENDPOINT_URL', '') || undefined;
  return { token, baseId, table, endpointUrl };
}

// The activity feed shows callers' numbers and voicemails to whoever knows this password,
// so a short one would be guessable over the public URL: the feed refuses to run with it.
const FEED_PASSWORD_MIN_LENGTH = 12;

export interface FeedConfig {
  password: string;
}

export function readFeedConfig(env: Env): FeedConfig {
  const password = text(env, 'FEED_PASSWORD');
  if (password.length < FEED_PASSWORD_MIN_LENGTH) {
    // Never echo the value: it is a secret, and this message goes to the log.
    throw new ConfigError('FEED_PASSWORD', `must be at least ${FEED_PASSWORD_MIN_LENGTH} characters long (it has ${password.length})`);
  }
  return { password };
}

/** Twilio's API host (REST records and recording media) and the account's own credentials. */
export interface TwilioApiConfig {
  baseUrl: string;
  accountSid: string;
  authToken: string;
}

const ACCOUNT_SID = sidPattern('AC');

/** For voicemail audio (the feed) and call records (reconcile), both on api.twilio.com. */
export function readTwilioApiConfig(env: Env): TwilioApiConfig {
  const accountSid = text(env, 'ACCOUNT_SID');
  if (!ACCOUNT_SID.test(accountSid)) throw new ConfigError('ACCOUNT_SID', 'must be AC followed by 32 hexadecimal characters');
  return { accountSid, authToken: text(env, 'AUTH_TOKEN'), baseUrl: readTwilioApiBase(env) };
}

/** Twilio's API host; overridable only so that local runs can point at the stand-in for api.twilio.com. */
export function readTwilioApiBase(env: Env): string {
  return origin(env, 'TWILIO_API_BASE_URL', 'https://api.twilio.com');
}
