// What the call log costs in Airtable API calls a month, projected from one measured hour, for
// the reference business of issue 9: 50 calls a working day, the feed open 8 hours on each of
// 22 working days. Airtable caps API calls per workspace per month on its Free (1,000) and Team
// (100,000) plans (https://support.airtable.com/docs/managing-api-call-limits-in-airtable).

export const REFERENCE = { callsPerDay: 50, openHoursPerDay: 8, workingDays: 22 } as const;
export const MONTHLY_BUDGET = 10_000;
// The optional scheduled reconcile (.github/workflows/reconcile.yml): every 15 minutes, every
// day, one Airtable read per run (the rows of up to 100 calls of the last two days).
export const SCHEDULED_RUNS_PER_MONTH = 4 * 24 * 30;

export interface MeasuredHour {
  /** Airtable requests the open page caused: lists, and reconcile's reads and writes. */
  pageRequests: number;
  /** Airtable requests the callbacks made (their upserts). */
  callbackRequests: number;
  calls: number;
}

export interface Projection {
  page: number;
  callbacks: number;
  total: number;
  withSchedule: number;
}

export function projectMonth(hour: MeasuredHour): Projection {
  const openHours = REFERENCE.openHoursPerDay * REFERENCE.workingDays;
  const callsPerMonth = REFERENCE.callsPerDay * REFERENCE.workingDays;
  const page = Math.round(hour.pageRequests * openHours);
  const callbacks = Math.round((hour.callbackRequests / Math.max(1, hour.calls)) * callsPerMonth);
  return { page, callbacks, total: page + callbacks, withSchedule: page + callbacks + SCHEDULED_RUNS_PER_MONTH };
}
