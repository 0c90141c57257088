// Heals the call log from the feed page: the same reconcile as `npm run reconcile`, for the
// calls of a window (default: the last day), bounded to answer inside the Functions' 10-second
// limit (https://www.twilio.com/docs/serverless/functions-assets/functions/request-flow: a
// Function is stopped after 10 s). It says what it restored and whether there is more to do
// (a lockout or the time limit stopped it): `cursor` is where to go on from, `retryAfterMs`
// when. Once a run finishes, its `cursor` passed as `after` makes the next one read only the
// calls Twilio changed since (reconcile/cursor.ts). A scheduler asks with `by=schedule`, and the run is
// recorded so that the feed can say when the schedule stopped; the page asks for that time with
// `include=lastScheduledRun`. Behind the feed password; response: assets/openapi.json.

import { logConfigProblem } from './lib/boundary/error-answers';
import { readHoursAsTheMenuDid } from './lib/calls/settings';
import { requireFeedAccess } from './lib/feed/auth';
import { lastScheduledRunField } from './lib/feed/last-scheduled-run';
import { parseReconcileQuery } from './lib/feed/window';
import { jsonHandler } from './lib/handlers/json';
import { parseCursor } from './lib/reconcile/cursor';
import { reconcile } from './lib/reconcile/reconcile';
import { callTime } from './lib/runtime/clock';
import { REQUEST_TIMEOUT_MS } from './lib/store/airtable';
import { DEFAULT_PACING } from './lib/store/pacer';
import { readAirtableConfig, readScheduleTable } from './lib/store/settings';
import { FUNCTION_TWILIO_TIMEOUT_MS, twilioClient } from './lib/twilio/records';
import { readLineNumber, readTwilioApiConfig } from './lib/twilio/settings';

// Twilio's reads answer within 2.5 s or fail; no Airtable request starts after 6 s from the
// start, and each is one attempt of at most 3 s: the answer is out before 9.5 s.
const START_AIRTABLE_REQUESTS_WITHIN_MS = 6000;

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const started = Date.now();
  const now = callTime(context, event);
  const { since, bySchedule, wantsLastScheduledRun, after } = parseReconcileQuery(event, now);
  parseCursor(after);
  const airtable = readAirtableConfig(context);
  const summary = await reconcile({
    client: twilioClient(readTwilioApiConfig(context), FUNCTION_TWILIO_TIMEOUT_MS),
    airtable,
    businessHours: readHoursAsTheMenuDid(context, (err) => logConfigProblem(context.PATH, err)),
    since,
    to: readLineNumber(context),
    after,
    // No time to wait out a 30-second lockout here: the answer says when to come back.
    pacing: { ...DEFAULT_PACING, waitOutLockouts: false },
    budget: { attempts: 1, timeoutMs: REQUEST_TIMEOUT_MS },
    deadline: started + START_AIRTABLE_REQUESTS_WITHIN_MS,
    now,
  });
  return {
    callsSeen: summary.callsSeen,
    restored: summary.rowsWritten,
    merged: summary.duplicatesMerged,
    failed: summary.failures.length,
    // A failure is not "more": Airtable refusing the same write again soon is likely, so the
    // page backs off on `failed` instead (assets/feed/schedule.js).
    more: summary.more,
    remaining: summary.remaining,
    cursor: summary.cursor,
    // Out of time: go on at once; locked out: not before the lockout ends.
    ...(summary.more ? { retryAfterMs: summary.lockedUntil ? Math.max(0, summary.lockedUntil.getTime() - Date.now()) : 0 } : {}),
    ...(await lastScheduledRunField({
      airtable,
      table: readScheduleTable(context),
      at: now,
      bySchedule,
      wanted: wantsLastScheduledRun,
      started,
      path: context.PATH,
    })),
  };
});
