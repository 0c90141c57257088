// The feed page's change check, which costs no Airtable request: a version of what Twilio's
// records say about the calls of a window. The page lists calls from Airtable only when the
// version moves, so an open page spends Airtable's monthly allowance on news, not on polling.
// Behind the feed password; response: assets/openapi.json.

import { requireFeedAccess } from './lib/feed/auth';
import { parseWindow } from './lib/feed/window';
import { jsonHandler } from './lib/handlers/json';
import { changesVersion, finishedCalls } from './lib/reconcile/changes-version';
import { callTime } from './lib/runtime/clock';
import { FUNCTION_TWILIO_TIMEOUT_MS, readTwilioWindow, twilioClient } from './lib/twilio/records';
import { readLineNumber, readTwilioApiConfig } from './lib/twilio/settings';

// The version needs the transcriptions: a transcript reaches its row on its own callback, after
// the recording's. But Twilio's Transcriptions list has no date filter and carries every
// transcript's text, so a page of 1,000 would bring the account's last 1,000 voicemails' text
// every 15 s; pages of 20 cover a day's voicemails of a small line in one request, and more pages
// are read only while they are all from the window.
const TRANSCRIPTION_PAGE_SIZE = 20;

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const since = parseWindow(event, callTime(context, event));
  // The line's own calls only: another number's call on the account must not move the version.
  const window = await readTwilioWindow(twilioClient(readTwilioApiConfig(context), FUNCTION_TWILIO_TIMEOUT_MS), since, {
    to: readLineNumber(context),
    transcriptionPageSize: TRANSCRIPTION_PAGE_SIZE,
  });
  return { version: changesVersion(window), calls: finishedCalls(window) };
});
