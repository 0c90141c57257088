// The scheduled reconcile's marker, as /reconcile handles it after the reconcile itself: a
// scheduled run records its time, a page that asks reads it. It never fails the reconcile that
// already ran: without the marker table (a base set up before it existed) or with Airtable
// failing, the answer leaves `lastScheduledRun` out and the log says why.
import { logText } from '../boundary/log-text';
import { markScheduledRun, readLastScheduledRun, tableMissing } from '../store/schedule-marker';
import type { AirtableConfig } from '../store/settings';

// The marker's one request (at most 3 s) starts only this soon after the function did, so the
// answer is still out inside the Functions' 10 s.
const MARKER_START_WITHIN_MS = 6000;

export interface MarkerStep {
  airtable: AirtableConfig;
  table: string;
  /** This run's time (the injected clock), recorded when `bySchedule`. */
  at: Date;
  bySchedule: boolean;
  wanted: boolean;
  /** Date.now() when the function started. */
  started: number;
  path: string;
}

/** The answer's `lastScheduledRun`: an ISO time, null when none was ever recorded, or nothing. */
export async function lastScheduledRunField(step: MarkerStep): Promise<{ lastScheduledRun?: string | null }> {
  if (!step.wanted) return {};
  const doing = step.bySchedule ? 'record this scheduled run' : 'read when the scheduled reconcile last ran';
  if (Date.now() - step.started > MARKER_START_WITHIN_MS) {
    console.error(`${step.path}: no time left to ${doing}; the next run will`);
    return {};
  }
  try {
    const last = step.bySchedule
      ? await markScheduledRun(step.airtable, step.table, step.at)
      : await readLastScheduledRun(step.airtable, step.table);
    return { lastScheduledRun: last ? last.toISOString() : null };
  } catch (err) {
    const why = tableMissing(err)
      ? `the base has no table "${step.table}" (AIRTABLE_SCHEDULE_TABLE) that the token can use: run npm run setup:airtable to create it`
      : `Airtable failed: ${err instanceof Error ? err.message : String(err)}`;
    console.error(logText(`${step.path}: could not ${doing}, ${why}`));
    return {};
  }
}
