// The time window the feed's /reconcile and /changes read Twilio's records for: `since`, an
// instant with its offset, at most a week back (a Function has 10 seconds; a week of a small
// business's calls is one page of Twilio's lists and a few of Airtable's).
import { BadRequest } from '../boundary/errors';
import { oneOf, optional, parseOnlyParams, truncatedText } from '../boundary/params';
import { instant } from './query';

const DAY_MS = 86_400_000;
const MAX_BACK_MS = 7 * DAY_MS;

function windowStart(since: Date | undefined, now: Date): Date {
  if (since === undefined) return new Date(now.getTime() - DAY_MS);
  if (since.getTime() < now.getTime() - MAX_BACK_MS) throw new BadRequest('since must be within the last 7 days');
  if (since.getTime() > now.getTime()) throw new BadRequest('since must not be in the future');
  return since;
}

/** The window's start: `since`, or a day back when absent. */
export function parseWindow(event: Record<string, unknown>, now: Date): Date {
  return windowStart(parseOnlyParams(event, { since: optional(instant) }).since, now);
}

export interface ReconcileQuery {
  since: Date;
  /** `by=schedule`: a scheduler asked, and the run is recorded as the last scheduled one. */
  bySchedule: boolean;
  /** `include=lastScheduledRun`: the answer says when the scheduled reconcile last ran. */
  wantsLastScheduledRun: boolean;
  /** `after`: a cursor an earlier answer gave (checked by reconcile/cursor.ts). */
  after?: string;
}

export function parseReconcileQuery(event: Record<string, unknown>, now: Date): ReconcileQuery {
  const { since, by, include, after } = parseOnlyParams(event, {
    since: optional(instant),
    after: optional(truncatedText(120)),
    by: optional(oneOf(['schedule'] as const)),
    include: optional(oneOf(['lastScheduledRun'] as const)),
  });
  return {
    since: windowStart(since, now),
    bySchedule: by === 'schedule',
    wantsLastScheduledRun: include === 'lastScheduledRun' || by === 'schedule',
    after,
  };
}
