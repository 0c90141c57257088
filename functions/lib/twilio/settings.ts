// Twilio's API host (REST records and recording media) and the account's own credentials.
// Deployed Functions get ACCOUNT_SID and AUTH_TOKEN from Twilio ("Add my Twilio Credentials").
import { defineSettings, type Env, origin, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';
import { E164, sidPattern } from './values';

export const TWILIO_SETTINGS = defineSettings({
  ACCOUNT_SID: {},
  AUTH_TOKEN: {},
  // Overridable only so that local runs can point at the stand-in for api.twilio.com.
  TWILIO_API_BASE_URL: { fallback: 'https://api.twilio.com' },
  // Twilio's call records are the account's: every number on it, not only this line's.
  TWILIO_NUMBER: { required: true },
});

export interface TwilioApiConfig {
  baseUrl: string;
  accountSid: string;
  authToken: string;
}

const ACCOUNT_SID = sidPattern('AC');

/** For voicemail audio (the feed) and call records (reconcile), both on api.twilio.com. */
export function readTwilioApiConfig(env: Env): TwilioApiConfig {
  const accountSid = text(env, TWILIO_SETTINGS.ACCOUNT_SID);
  if (!ACCOUNT_SID.test(accountSid)) throw new ConfigError('ACCOUNT_SID', 'must be AC followed by 32 hexadecimal characters');
  return { accountSid, authToken: text(env, TWILIO_SETTINGS.AUTH_TOKEN), baseUrl: readTwilioApiBase(env) };
}

export function readTwilioApiBase(env: Env): string {
  return origin(env, TWILIO_SETTINGS.TWILIO_API_BASE_URL);
}

/**
 * The line's own number, the one callers dial: the feed's /changes and /reconcile read only its
 * calls. Twilio's Calls list holds every call of the account
 * (https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources), and
 * nothing in a Function's context names the number that points at it.
 */
export function readLineNumber(env: Env): string {
  const number = text(env, TWILIO_SETTINGS.TWILIO_NUMBER);
  if (!E164.test(number))
    throw new ConfigError('TWILIO_NUMBER', `must be a phone number in E.164 form such as +15025550100 (got "${number}")`);
  return number;
}
