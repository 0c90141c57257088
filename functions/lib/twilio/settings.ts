// Twilio's API host (REST records and recording media) and the account's own credentials.
// Deployed Functions get ACCOUNT_SID and AUTH_TOKEN from Twilio ("Add my Twilio Credentials").
import { defineSettings, origin, text, type Env } from '../boundary/env';
import { ConfigError } from '../boundary/errors';
import { sidPattern } from './values';

export const TWILIO_SETTINGS = defineSettings({
  ACCOUNT_SID: {},
  AUTH_TOKEN: {},
  // Overridable only so that local runs can point at the stand-in for api.twilio.com.
  TWILIO_API_BASE_URL: { fallback: 'https://api.twilio.com' },
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
