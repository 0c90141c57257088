// What `npm run check:config` (run by `npm run deploy` first) refuses in a .env: a required
// setting without a value, a feed password the feed would refuse, and variables over the limits
// of the Functions environment.

import { feedPasswordWeakness } from '../../functions/lib/feed/settings';
import { limitProblems } from './limits';
import { ALL_SETTINGS } from './settings';

// twilio-run deploy uploads every variable of .env but these two, which deployed Functions get
// from Twilio ("Add my Twilio Credentials"); empty values are not uploaded either.
const NOT_UPLOADED = new Set(['ACCOUNT_SID', 'AUTH_TOKEN']);

/** The variables a deploy would upload from this .env. */
export function uploadedVariables(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name, value]) => value.trim() !== '' && !NOT_UPLOADED.has(name)));
}

export function configProblems(env: Record<string, string>): string[] {
  const uploaded = uploadedVariables(env);
  const missing = ALL_SETTINGS.filter((setting) => setting.required && !(setting.name in uploaded)).map(
    (setting) => `${setting.name} is required and not set.`,
  );
  // The deployed feed would refuse to run on it (functions/lib/feed/settings.ts); never quote it.
  const weakness = 'FEED_PASSWORD' in uploaded ? feedPasswordWeakness(uploaded.FEED_PASSWORD.trim()) : undefined;
  return [...missing, ...(weakness ? [`FEED_PASSWORD ${weakness}.`] : []), ...limitProblems(uploaded)];
}
