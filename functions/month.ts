// The month at a glance for the feed page: the last 30 days of calls by day and outcome, the
// missed-call rate and the busiest hours of the week, in the business's time zone.
// Public, but answers nothing without the feed password (see lib/feed/auth.ts).
// Response shape: assets/openapi.json, path /month.

import { isSet, text } from './lib/boundary/env';
import { checkTimeZone } from './lib/calls/hours';
import { HOURS_SETTINGS } from './lib/calls/settings';
import { requireFeedAccess } from './lib/feed/auth';
import { aggregateMonth } from './lib/feed/month';
import { parseMonthQuery, readMonthCalls } from './lib/feed/month-read';
import { jsonHandler } from './lib/handlers/json';
import { callTime } from './lib/runtime/clock';
import { readAirtableConfig } from './lib/store/settings';

// The answer holds counts only, no caller's number: the owner's browser may keep it 10 minutes
// (https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Cache-Control#private), so a
// month view opened again costs no Airtable request. Never a shared cache: it is the owner's.
const CACHE_CONTROL = 'private, max-age=600';

export const handler = jsonHandler(
  async (event, context) => {
    requireFeedAccess(event, context);
    const timeZone = isSet(context, HOURS_SETTINGS.TIME_ZONE) ? checkTimeZone(text(context, HOURS_SETTINGS.TIME_ZONE)) : 'UTC';
    const lastDay = parseMonthQuery(event, callTime(context, event), timeZone);
    const { calls, partial } = await readMonthCalls(readAirtableConfig(context), lastDay, timeZone);
    return aggregateMonth(calls, lastDay, timeZone, partial);
  },
  { cacheControl: CACHE_CONTROL },
);
