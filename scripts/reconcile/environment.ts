// The variables reconcile runs with. Like `npm run call`: the environment first, then .env,
// then the local defaults of `npm start`, with the addresses of its stand-ins, so that with no
// .env it reconciles the stack running on this machine.
import { LOCAL_AIRTABLE_PORT, LOCAL_DEFAULTS, LOCAL_MEDIA_PORT, LOCAL_SENDGRID_PORT } from '../local-stack';

type Variables = Record<string, string | undefined>;

// Empty entries (as copied from .env.example) mean "not set".
const given = (variables: Variables): Record<string, string> =>
  Object.fromEntries(Object.entries(variables).filter((entry): entry is [string, string] => Boolean(entry[1])));

export function reconcileEnv(processEnv: Variables, envFile: Variables): Record<string, string> {
  const set = { ...given(envFile), ...given(processEnv) };
  const credentials: Record<string, string> = set.ACCOUNT_SID
    ? {}
    : { ACCOUNT_SID: LOCAL_DEFAULTS.ACCOUNT_SID, AUTH_TOKEN: LOCAL_DEFAULTS.AUTH_TOKEN };
  // The local account exists only in the stand-in; a real account never falls back to it.
  const localAccount = (set.ACCOUNT_SID ?? LOCAL_DEFAULTS.ACCOUNT_SID) === LOCAL_DEFAULTS.ACCOUNT_SID;
  // Locally, the alerts the pass sends go where `npm start`'s go: its stand-ins, its recipients, its feed.
  const api: Record<string, string> = localAccount
    ? {
        TWILIO_API_BASE_URL: `http://127.0.0.1:${LOCAL_MEDIA_PORT}`,
        SENDGRID_API_BASE_URL: `http://127.0.0.1:${LOCAL_SENDGRID_PORT}`,
        FEED_URL: 'http://localhost:3000',
        ALERT_SMS_TO: LOCAL_DEFAULTS.ALERT_SMS_TO,
        ALERT_EMAIL_TO: LOCAL_DEFAULTS.ALERT_EMAIL_TO,
        ALERT_EMAIL_FROM: LOCAL_DEFAULTS.ALERT_EMAIL_FROM,
        SENDGRID_API_KEY: LOCAL_DEFAULTS.SENDGRID_API_KEY,
      }
    : {};
  // Without a base of one's own, `npm start` logs calls to its emulator.
  const airtable: Record<string, string> =
    set.AIRTABLE_TOKEN && set.AIRTABLE_BASE_ID
      ? {}
      : {
          AIRTABLE_TOKEN: LOCAL_DEFAULTS.AIRTABLE_TOKEN,
          AIRTABLE_BASE_ID: LOCAL_DEFAULTS.AIRTABLE_BASE_ID,
          AIRTABLE_TABLE: LOCAL_DEFAULTS.AIRTABLE_TABLE,
          AIRTABLE_ENDPOINT_URL: `http://127.0.0.1:${LOCAL_AIRTABLE_PORT}`,
        };
  return { ...credentials, ...api, ...airtable, ...set };
}
