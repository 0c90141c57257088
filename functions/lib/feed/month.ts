// The month at a glance: the last 30 days of calls counted by local day and outcome, the
// missed-call rate, and the calls by hour of the week. Pure computation over call records; the
// days and hours are the business's (TIME_ZONE), read with the runtime's Intl like the hours are.
import { localTime } from '../calls/hours';
import { outcomeOf } from '../calls/outcome';
import type { CallRecord } from '../calls/record';

export const MONTH_DAYS = 30;

/** The feed's outcome rule in the month's four words: "other" is what the list calls abandoned. */
export const MONTH_OUTCOMES = ['answered', 'missed', 'voicemail', 'other'] as const;
export type MonthOutcome = (typeof MONTH_OUTCOMES)[number];
export type OutcomeCounts = Record<MonthOutcome, number>;

/** The facts the month needs of a call: its start and what the outcome rule reads. */
export const MONTH_FIELDS: readonly (keyof CallRecord)[] = [
  'startedAt',
  'choice',
  'forwardedTo',
  'forwardStatus',
  'recordingSid',
  'recordingSeconds',
  'recordingStatus',
  // A table set up before it lacks it; store/list.ts then lists without it.
  'callBackOf',
];

export interface MonthDay extends OutcomeCounts {
  /** The local date, YYYY-MM-DD. */
  date: string;
}

export interface MonthView {
  timeZone: string;
  /** First and last local dates of the 30, both included. */
  firstDay: string;
  lastDay: string;
  /** Oldest first, one per day, days without calls included. */
  days: MonthDay[];
  totals: OutcomeCounts & { calls: number };
  /** Missed calls as a share of all calls (0 to 1); null when there were none. */
  missedRate: number | null;
  /** Calls by local weekday (0 Monday … 6 Sunday) and hour (0 … 23). */
  hours: number[][];
  /** The call log held more calls than one month view may read: the counts are of the newest only. */
  partial: boolean;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD date `days` later (or earlier, when negative). */
export function addDays(date: string, days: number): string {
  const [, year, month, day] = DATE.exec(date)!.map(Number);
  return new Date(Date.UTC(year, month - 1, day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local date starts in `timeZone`. Two passes, because the offset at the
 * midnight may differ from the offset at the UTC guess on a daylight-saving day. Where a zone
 * skips midnight itself, this lands within the hour of it; the counts do not depend on it,
 * since every call is counted by its own local date.
 */
export function localMidnight(date: string, timeZone: string): Date {
  const [, year, month, day] = DATE.exec(date)!.map(Number);
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetMs(guess, timeZone);
  return new Date(guess - offsetMs(first, timeZone));
}

/** The month ending on `lastDay`: the instants its calls start within, `to` exclusive. */
export function monthWindow(lastDay: string, timeZone: string): { firstDay: string; from: Date; to: Date } {
  const firstDay = addDays(lastDay, 1 - MONTH_DAYS);
  return { firstDay, from: localMidnight(firstDay, timeZone), to: localMidnight(addDays(lastDay, 1), timeZone) };
}

const zero = (): OutcomeCounts => ({ answered: 0, missed: 0, voicemail: 0, other: 0 });

export function monthOutcome(call: CallRecord): MonthOutcome {
  const outcome = outcomeOf(call);
  return outcome === 'abandoned' || outcome === 'blocked' ? 'other' : outcome;
}

/** Counts `calls` into the 30 days ending on `lastDay`; calls outside them are left out. */
export function aggregateMonth(calls: readonly CallRecord[], lastDay: string, timeZone: string, partial = false): MonthView {
  const firstDay = addDays(lastDay, 1 - MONTH_DAYS);
  const days: MonthDay[] = Array.from({ length: MONTH_DAYS }, (_, i) => ({ date: addDays(firstDay, i), ...zero() }));
  const byDate = new Map(days.map((day) => [day.date, day]));
  const hours = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const totals = { calls: 0, ...zero() };
  for (const call of calls) {
    // The owner's call backs are calls the line made, not calls it received.
    if (!call.startedAt || call.callBackOf !== undefined) continue;
    const local = localTime(call.startedAt, timeZone);
    const day = byDate.get(local.date);
    if (!day) continue;
    const outcome = monthOutcome(call);
    day[outcome]++;
    totals[outcome]++;
    totals.calls++;
    // localTime counts weekdays from Sunday; the week here starts on Monday.
    hours[(local.day + 6) % 7][Math.floor(local.minute / 60)]++;
  }
  const missedRate = totals.calls === 0 ? null : totals.missed / totals.calls;
  return { timeZone, firstDay, lastDay, days, totals, missedRate, hours, partial };
}
