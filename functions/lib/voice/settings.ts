// What the caller hears and how forwarding rings: the voice domain's variables and their
// typed readers. Each reader takes only what its caller needs, so a missing Airtable token
// never stops the menu from answering.
import { defineSettings, type Env, flag, integer, list, PHONE_NUMBERS, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';
import { readServiceOrigin } from '../runtime/service-origin';
import { E164 } from '../twilio/values';

// Twilio transcribes only recordings shorter than 120 s (error 13617,
// https://www.twilio.com/docs/api/errors/13617; https://www.twilio.com/docs/voice/twiml/record#transcribe):
// a voicemail that runs to its maximum length must stay below that, with a margin.
export const VOICEMAIL_MAX_LENGTH_CEILING = 115;

// With screening a carrier voicemail that answers cannot take the call, so the phones can
// ring as long as an owner needs to get to one (Twilio's own <Dial> default). Without it
// they must stop before the carrier's voicemail picks up (often about 25 s).
const RING_TIMEOUT_SCREENED = 30;
const RING_TIMEOUT_UNSCREENED = 20;

export const VOICE_SETTINGS = defineSettings({
  GREETING: { fallback: 'Thanks for calling.' },
  MENU_PROMPT: { fallback: 'To speak with someone, press 1. To leave a message, press 2.' },
  MENU_TIMEOUT_SECONDS: { fallback: '6' },
  MENU_MAX_ATTEMPTS: { fallback: '3' },
  VOICEMAIL_PROMPT: {
    fallback: 'Please leave your name, number and a short message after the tone. Press the pound key when you are done.',
  },
  VOICEMAIL_MAX_LENGTH_SECONDS: { fallback: '110' },
  VOICE: { fallback: 'Polly.Joanna' },
  LANGUAGE: { fallback: 'en-US' },
  CLOSED_GREETING: { fallback: "Thanks for calling. We're closed right now." },
  FORWARD_TO: { required: true },
  SCREEN_CALLS: { fallback: 'true' },
  // Its default depends on SCREEN_CALLS.
  RING_TIMEOUT_SECONDS: {},
  WITHHELD_TO_VOICEMAIL: { fallback: 'false' },
});

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

const fallbackOf = (name: keyof typeof VOICE_SETTINGS): string => VOICE_SETTINGS[name].fallback as string;

/** The voice and prompts used when no configuration can be read (/fallback). */
export const DEFAULT_SPEECH: SpeechConfig = { voice: fallbackOf('VOICE'), language: fallbackOf('LANGUAGE') };
export const DEFAULT_VOICEMAIL_PROMPT = fallbackOf('VOICEMAIL_PROMPT');
export const DEFAULT_VOICEMAIL_MAX_LENGTH = Number(fallbackOf('VOICEMAIL_MAX_LENGTH_SECONDS'));

export function readSpeechConfig(env: Env): SpeechConfig {
  const voice = text(env, VOICE_SETTINGS.VOICE);
  if (!VOICE.test(voice)) throw new ConfigError('VOICE', `is not a voice Twilio's <Say> knows (got "${voice}")`);
  const language = text(env, VOICE_SETTINGS.LANGUAGE);
  if (!LANGUAGE.test(language)) throw new ConfigError('LANGUAGE', `must be a language tag such as en-US (got "${language}")`);
  return { voice, language };
}

export function readMenuConfig(env: Env): MenuConfig {
  return {
    ...readSpeechConfig(env),
    greeting: text(env, VOICE_SETTINGS.GREETING),
    prompt: text(env, VOICE_SETTINGS.MENU_PROMPT),
    gatherTimeoutSeconds: integer(env, VOICE_SETTINGS.MENU_TIMEOUT_SECONDS, 1, 30),
    maxAttempts: integer(env, VOICE_SETTINGS.MENU_MAX_ATTEMPTS, 1, 10),
  };
}

// <Dial> rings at most ten <Number>s at once (https://www.twilio.com/docs/voice/twiml/number).
const MAX_FORWARD_NUMBERS = 10;

/** Whether forwarded calls are screened (SCREEN_CALLS, default true); reconcile reads it too. */
export function readScreenCalls(env: Env): boolean {
  return flag(env, VOICE_SETTINGS.SCREEN_CALLS);
}

export function readForwardConfig(env: Env): ForwardConfig {
  const forwardTo = list(env, VOICE_SETTINGS.FORWARD_TO, E164, PHONE_NUMBERS);
  if (forwardTo.length > MAX_FORWARD_NUMBERS)
    throw new ConfigError('FORWARD_TO', `takes at most ${MAX_FORWARD_NUMBERS} numbers (got ${forwardTo.length})`);
  const screenCalls = readScreenCalls(env);
  const ringDefault = screenCalls ? RING_TIMEOUT_SCREENED : RING_TIMEOUT_UNSCREENED;
  return {
    serviceOrigin: readServiceOrigin(env),
    forwardTo,
    screenCalls,
    // Twilio's own bounds for <Dial timeout>.
    ringTimeoutSeconds: integer(env, VOICE_SETTINGS.RING_TIMEOUT_SECONDS, 5, 600, String(ringDefault)),
  };
}

/** Withheld callers skip the menu for voicemail (WITHHELD_TO_VOICEMAIL, default false). */
export function readWithheldToVoicemail(env: Env): boolean {
  return flag(env, VOICE_SETTINGS.WITHHELD_TO_VOICEMAIL);
}

export function readClosedGreeting(env: Env): string {
  return text(env, VOICE_SETTINGS.CLOSED_GREETING);
}

export function readVoicemailConfig(env: Env): VoicemailConfig {
  return {
    ...readSpeechConfig(env),
    serviceOrigin: readServiceOrigin(env),
    prompt: text(env, VOICE_SETTINGS.VOICEMAIL_PROMPT),
    maxLengthSeconds: voicemailMaxLength(env),
  };
}

/**
 * VOICEMAIL_MAX_LENGTH_SECONDS, cut to the ceiling rather than refused: a caller must still be
 * able to leave a message. The log names the variable so the owner can fix it.
 */
function voicemailMaxLength(env: Env): number {
  const setting = VOICE_SETTINGS.VOICEMAIL_MAX_LENGTH_SECONDS;
  const raw = text(env, setting);
  if (/^\d+$/.test(raw) && Number(raw) > VOICEMAIL_MAX_LENGTH_CEILING) {
    console.warn(
      `${setting.name} is ${raw}, above ${VOICEMAIL_MAX_LENGTH_CEILING} (Twilio transcribes only recordings shorter than 120 s): using ${VOICEMAIL_MAX_LENGTH_CEILING}`,
    );
    return VOICEMAIL_MAX_LENGTH_CEILING;
  }
  return integer(env, setting, 5, VOICEMAIL_MAX_LENGTH_CEILING);
}
