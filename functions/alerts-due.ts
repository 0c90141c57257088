// The later pass of the owner's alerts, from the feed page, with nobody running a command: a
// voicemail whose transcript never came, a missed call whose caller hung up while the phones
// rang (no recording callback: alerts/rule.ts waits out the late callbacks first, and Twilio's
// records must show no recording), an alert
// a 429 or the time limit left over. A Function is stopped after 10 s
// (https://www.twilio.com/docs/serverless/functions-assets/limits) and one alert's protocol
// takes up to ALERT_BUDGET_MS, so each invocation sends at most one due alert and says whether
// another is due (`more`); the page asks again. Behind the feed password; response: assets/openapi.json.

import { functionAlertDeps } from './lib/alerts/callback-step';
import { sendOneDueAlert } from './lib/alerts/pass';
import { requireFeedAccess } from './lib/feed/auth';
import { parseWindow } from './lib/feed/window';
import { jsonHandler } from './lib/handlers/json';
import { callTime } from './lib/runtime/clock';
import { readAirtableConfig } from './lib/store/settings';

// One short attempt for the list, so the protocol's ALERT_BUDGET_MS still fits after it.
const LIST_BUDGET = { attempts: 1, timeoutMs: 1000 };

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const started = Date.now();
  // The Function's clock; in local runs only, the simulator's time (lib/runtime/clock.ts), so a test
  // can be five minutes later without waiting them out.
  const now = callTime(context, event);
  const since = parseWindow(event, now);
  const deps = functionAlertDeps(context, readAirtableConfig(context), started, { laterPass: true });
  if (!deps) return { sent: null, failed: null, more: false };
  return sendOneDueAlert({ ...deps, now: () => now }, since, LIST_BUDGET);
});
