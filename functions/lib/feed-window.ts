// The time window the feed's /reconcile and /changes read Twilio's records for: `since`, an
// instant with its offset, at most a week back (a Function has 10 seconds; a week of a small
// business's calls is one page of Twilio's lists and a few of Airtable's).
import { BadRequest } from './errors';
import { optional, parseParams, type Field } from './params';

const DAY_MS = 86_400_000;
const MAX_BACK_MS = 7 * DAY_MS;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const instant: Field<Date> = (raw, name) => {
  const date = raw !== undefined && ISO_INSTANT.test(raw) ? new Date(raw) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new BadRequest(`${name} must be a date and time with its offset, such as 2025-01-31T00:00:00-05:00`);
  return date;
};

// `request` is the runtime's own entry (headers and cookies), not a query parameter.
const RUNTIME_KEYS = ['request'];

/** The window's start: `since`, or a day back when absent. */
export function parseWindow(event: Record<string, unknown>, now: Date): Date {
  const unknown = Object.keys(event).find((key) => !RUNTIME_KEYS.includes(key) && key !== 'since');
  if (unknown !== undefined) throw new BadRequest(`Unknown parameter "${unknown.slice(0, 40)}". Known parameters: since`);
  const { since } = parseParams(event, { since: optional(instant) });
  if (since === undefined) return new Date(now.getTime() - DAY_MS);
  if (since.getTime() < now.getTime() - MAX_BACK_MS) throw new BadRequest('since must be within the last 7 days');
  if (since.getTime() > now.getTime()) throw new BadRequest('since must not be in the future');
  return since;
}
