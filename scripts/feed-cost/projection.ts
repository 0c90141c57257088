// What the call log costs in Airtable API calls a month, projected from one measured hour, for
// a reference business: 50 calls a working day, the feed open 8 hours on each of
// 22 working days. Airtable caps API calls per workspace per month on its Free (1,000) and Team
// (100,000) plans (https://support.airtable.com/docs/managing-api-call-limits-in-airtable).

export const REFERENCE = { callsPerDay: 50, openHoursPerDay: 8, workingDays: 22 } as const;
export const MONTHLY_BUDGET = 10_000;
// The optional scheduled reconcile (.github/workflows/reconcile.yml): every two hours, every
// day, three Airtable requests a run when everything is in order: the rows of the last day's
// calls (/reconcile), the run's marker (/reconcile?by=schedule, so that the feed can say when the
// schedule stopped), and the calls that may owe an alert (/alerts-due).
export const SCHEDULED_RUNS_PER_MONTH = 12 * 30;
export const REQUESTS_PER_SCHEDULED_RUN = 3;

export interface MeasuredHour {
  /** Airtable requests the open page caused: lists, reconcile's reads and writes, the alert pass's lists. */
  pageRequests: number;
  /** Airtable requests the callbacks made: their upserts, and the alert step's claim, read-back and record. */
  callbackRequests: number;
  calls: number;
}

export interface Projection {
  page: number;
  callbacks: number;
  total: number;
  withSchedule: number;
}

/** The month of a business like the reference one, with `callsPerDay` calls a working day. */
export function projectMonth(hour: MeasuredHour, callsPerDay: number = REFERENCE.callsPerDay): Projection {
  const openHours = REFERENCE.openHoursPerDay * REFERENCE.workingDays;
  const callsPerMonth = callsPerDay * REFERENCE.workingDays;
  const page = Math.round(hour.pageRequests * openHours);
  const callbacks = Math.round((hour.callbackRequests / Math.max(1, hour.calls)) * callsPerMonth);
  return {
    page,
    callbacks,
    total: page + callbacks,
    withSchedule: page + callbacks + SCHEDULED_RUNS_PER_MONTH * REQUESTS_PER_SCHEDULED_RUN,
  };
}
