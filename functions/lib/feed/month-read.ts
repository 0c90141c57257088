// What the month view asks and how it reads the call log for it: the day it ends on,
// validated, and the pages of the month's calls, bounded in requests and in time.
import { BadRequest, HttpError } from '../boundary/errors';
import { type Field, optional, parseOnlyParams } from '../boundary/params';
import { localTime } from '../calls/hours';
import type { CallRecord } from '../calls/record';
import { OutOfTime } from '../runtime/timing';
import { listCalls } from '../store/list';
import { airtablePacer, LockedOut } from '../store/pacer';
import type { AirtableConfig } from '../store/settings';
import { feedFormula } from './formula';
import { MONTH_FIELDS, monthWindow } from './month';

/** One month view reads at most this many pages of Airtable's 100 rows: 2,000 calls. */
export const MONTH_MAX_REQUESTS = 20;
const PAGE_SIZE = 100;
// 4 requests a second leaves the callbacks room inside Airtable's 5 per base
// (https://airtable.com/developers/web/api/rate-limits); 20 of them take 5 s of the Function's 10.
const PACING = { intervalMs: 250, lockoutMs: 30_000, waitOutLockouts: false };
const READ_BUDGET_MS = 7000;

const localDate: Field<string> = (raw, name) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw ?? '');
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw || date.getUTCFullYear() < 2000)
    throw new BadRequest(`${name} must be a date such as 2026-11-20: the last of the 30 days`);
  return raw;
};

/** The last day of the month view: `day`, or today where the business is; never after today. */
export function parseMonthQuery(event: Record<string, unknown>, now: Date, timeZone: string): string {
  const today = localTime(now, timeZone).date;
  const { day } = parseOnlyParams(event, { day: optional(localDate) });
  if (day !== undefined && day > today) throw new BadRequest(`day must not be after today (${today} in ${timeZone})`);
  return day ?? today;
}

/**
 * The calls of the 30 days ending on `lastDay`, newest first: only the columns the month
 * counts by, 100 to a request, at most MONTH_MAX_REQUESTS requests. `partial` when the log
 * held more, or Airtable stopped answering after the first page.
 */
export async function readMonthCalls(
  config: AirtableConfig,
  lastDay: string,
  timeZone: string,
): Promise<{ calls: CallRecord[]; partial: boolean }> {
  const { from, to } = monthWindow(lastDay, timeZone);
  const filterByFormula = feedFormula({ pageSize: PAGE_SIZE, from, to });
  // The deadline bounds the Function's own run time (its 10 s limit), not the calls' time.
  const paced = airtablePacer(PACING, Date.now() + READ_BUDGET_MS);
  const calls: CallRecord[] = [];
  let offset: string | undefined;
  for (let request = 0; request < MONTH_MAX_REQUESTS; request++) {
    try {
      const page = await paced(() => listCalls(config, { pageSize: PAGE_SIZE, offset, filterByFormula, fields: MONTH_FIELDS }));
      calls.push(...page.calls);
      offset = page.offset;
    } catch (err) {
      if (!(err instanceof OutOfTime || err instanceof LockedOut)) throw err;
      if (request === 0) throw new HttpError(503, 'The call log is busy; try again in a minute.', { cause: err });
      return { calls, partial: true };
    }
    if (offset === undefined) return { calls, partial: false };
  }
  return { calls, partial: true };
}
