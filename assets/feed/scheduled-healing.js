// @ts-check
// What the page says about the scheduled reconcile (docs/reconcile.md, "The schedule"), and
// when it asks the service for its time. Pure: tested without a browser
// (test/feed/scheduled-healing.test.ts).
//
// Each scheduled run records its time (/reconcile?by=schedule); the page reads it with one of
// its own reconciles (include=lastScheduledRun), one Airtable request, only when that can tell
// it something new.

// .github/workflows/reconcile.yml runs every two hours.
export const SCHEDULE_INTERVAL_MS = 2 * 3600_000;
// Stopped: no run for two and a half intervals. GitHub delays scheduled runs and at busy times
// drops one (https://docs.github.com/en/actions/using-workflows/events-that-trigger-workflows#schedule),
// so one missed run is not yet a stop; two are.
export const STOPPED_AFTER_MS = 2.5 * SCHEDULE_INTERVAL_MS;
// A run is asked for once it is this late, and then at most this often until it shows.
const LATE_MS = 10 * 60_000;
const ASK_AGAIN_MS = 30 * 60_000;

/**
 * @typedef {{ lastRun: string | null | undefined, askedAt: number | null }} Known What the page
 *   knows: `lastRun` as /reconcile said (null: no scheduled run recorded; undefined: not known,
 *   as the service could not say), `askedAt` when it last asked (page clock, ms).
 * @typedef {{ kind: 'never' | 'ran' | 'stopped', text: string }} Status
 */

/**
 * Whether the next reconcile should ask when the schedule last ran: the first, then only once
 * a newer run is due (or, with none recorded, once an interval in case one was turned on).
 * @param {Known} known @param {number} now
 */
export function askForLastRun({ lastRun, askedAt }, now) {
  if (askedAt === null) return true;
  if (now - askedAt < ASK_AGAIN_MS) return false;
  if (typeof lastRun !== 'string') return now - askedAt >= SCHEDULE_INTERVAL_MS;
  return now - Date.parse(lastRun) > SCHEDULE_INTERVAL_MS + LATE_MS;
}

/** "1 h 20 min ago". @param {number} ms */
export function ago(ms) {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 48) return `${Math.floor(hours / 24)} days ago`;
  return minutes % 60 ? `${hours} h ${minutes % 60} min ago` : `${hours} h ago`;
}

/**
 * What to show, or null when the page knows nothing to say.
 * @param {string | null | undefined} lastRun @param {number} now @returns {Status | null}
 */
export function scheduleStatus(lastRun, now) {
  if (lastRun === undefined) return null;
  if (lastRun === null)
    return {
      kind: 'never',
      text: 'No scheduled healing recorded yet: with no page open, nothing heals the log (see docs/reconcile.md, "The schedule").',
    };
  const since = now - Date.parse(lastRun);
  if (since <= STOPPED_AFTER_MS) return { kind: 'ran', text: `Healed on schedule ${ago(since)}.` };
  const at = new Date(lastRun).toLocaleString(undefined, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
  return { kind: 'stopped', text: `Scheduled healing stopped: last ran ${at}, ${ago(since)}. See docs/reconcile.md, "The schedule".` };
}
