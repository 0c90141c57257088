// The time window the feed's /reconcile and /changes read Twilio's records for: `since`, an
// instant with its offset, at most a week back (a Function has 10 seconds; a week of a small
// business's calls is one page of Twilio's lists and a few of Airtable's).
import { BadRequest } from '../boundary/errors';
import { instant } from './query';
import { optional, parseOnlyParams } from '../boundary/params';

const DAY_MS = 86_400_000;
const MAX_BACK_MS = 7 * DAY_MS;

/** The window's start: `since`, or a day back when absent. */
export function parseWindow(event: Record<string, unknown>, now: Date): Date {
  const { since } = parseOnlyParams(event, { since: optional(instant) });
  if (since === undefined) return new Date(now.getTime() - DAY_MS);
  if (since.getTime() < now.getTime() - MAX_BACK_MS) throw new BadRequest('since must be within the last 7 days');
  if (since.getTime() > now.getTime()) throw new BadRequest('since must not be in the future');
  return since;
}
