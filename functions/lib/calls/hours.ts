// Business hours and holidays: whether the line is open at an instant. Pure computation
// on the caller's path, so it uses the runtime's own Intl (the time zone database every
// Node carries) rather than a time zone library: no module to load, no request.
// Wall-clock times are read in the line's time zone, which keeps them right across
// daylight-saving changes: 09:00 is 09:00 on both sides of the change.
import { ConfigError } from '../boundary/errors';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** Open from `from` (inclusive) to `to` (exclusive) on `day`, in minutes after local midnight. */
export interface OpenPeriod {
  day: number;
  from: number;
  to: number;
}

export interface BusinessHours {
  timeZone: string;
  /** Empty means open every day, all day (closed dates still apply). */
  open: OpenPeriod[];
  /** Closed days as inclusive ranges of local dates, YYYY-MM-DD. */
  closedDates: { first: string; last: string }[];
}

function dayIndex(name: string, variable: string): number {
  const index = DAYS.findIndex((day) => day.toLowerCase() === name.toLowerCase());
  if (index === -1) throw new ConfigError(variable, `"${name}" is not a day; use Mon, Tue, Wed, Thu, Fri, Sat or Sun`);
  return index;
}

function minutes(clock: string, variable: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  const value = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || value > 24 * 60)
    throw new ConfigError(variable, `"${clock}" is not a time of day from 00:00 to 24:00`);
  return value;
}

/** `Mon-Fri 09:00-17:30, Sat 10:00-14:00`: days (one, or a range that may wrap round the week), then a time range. */
export function parseOpenHours(value: string, variable = 'OPEN_HOURS'): OpenPeriod[] {
  const periods: OpenPeriod[] = [];
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(entry);
    if (!match) throw new ConfigError(variable, `"${entry}" should look like "Mon-Fri 09:00-17:30"`);
    const first = dayIndex(match[1], variable);
    const last = match[2] === undefined ? first : dayIndex(match[2], variable);
    const from = minutes(match[3], variable);
    const to = minutes(match[4], variable);
    if (to <= from) throw new ConfigError(variable, `"${entry}" ends before it starts; split a period that crosses midnight in two`);
    for (let day = first; ; day = (day + 1) % 7) {
      periods.push({ day, from, to });
      if (day === last) break;
    }
  }
  return periods;
}

function isDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** `2026-12-25, 2026-12-31..2027-01-02`: single dates and inclusive ranges. */
export function parseClosedDates(value: string, variable = 'CLOSED_DATES'): BusinessHours['closedDates'] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((entry) => {
      const [first, last = first, ...rest] = entry.split('..').map((part) => part.trim());
      if (rest.length > 0 || !isDate(first) || !isDate(last))
        throw new ConfigError(variable, `"${entry}" should be a date such as 2026-12-25 or a range such as 2026-12-31..2027-01-02`);
      if (last < first) throw new ConfigError(variable, `"${entry}" ends before it starts`);
      return { first, last };
    });
}

/** Throws ConfigError when the runtime's time zone database does not know the name. */
export function checkTimeZone(timeZone: string, variable = 'TIME_ZONE'): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ConfigError(variable, `"${timeZone}" is not an IANA time zone such as America/New_York`);
  }
  return timeZone;
}

/** The local date, weekday (0 Sunday) and minute of the day at `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): { date: string; day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    day: DAYS.indexOf(part('weekday') as (typeof DAYS)[number]),
    minute: Number(part('hour')) * 60 + Number(part('minute')),
  };
}

export function isOpen(hours: BusinessHours, instant: Date): boolean {
  const local = localTime(instant, hours.timeZone);
  if (hours.closedDates.some(({ first, last }) => first <= local.date && local.date <= last)) return false;
  if (hours.open.length === 0) return true;
  return hours.open.some((period) => period.day === local.day && period.from <= local.minute && local.minute < period.to);
}
