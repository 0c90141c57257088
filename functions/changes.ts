// The feed page's change check, which costs no Airtable request: a version of what Twilio's
// records say about the calls of a window. The page lists calls from Airtable only when the
// version moves, so an open page spends Airtable's monthly allowance on news, not on polling.
// Behind the feed password; response: assets/openapi.json.
import { readTwilioApiConfig } from './lib/config';
import { requireFeedAccess } from './lib/feed-auth';
import { parseWindow } from './lib/feed-window';
import { jsonHandler } from './lib/handlers/json-handler';
import { changesVersion } from './lib/changes-version';
import { readTwilioWindow, twilioClient } from './lib/twilio-records';

const TWILIO_TIMEOUT_MS = 2500;

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const since = parseWindow(event, new Date());
  const window = await readTwilioWindow(twilioClient(readTwilioApiConfig(context), TWILIO_TIMEOUT_MS), since);
  return { version: changesVersion(window) };
});
