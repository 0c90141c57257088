// When the scheduled reconcile last ran: one row of a small second table, upserted on a fixed
// key by each scheduled run, so that the feed can say when the schedule has stopped. One write
// a scheduled run; the page reads it only when it asks.
import { StoreError } from '../boundary/errors';
import type { FieldSpec } from '../calls/record';
import { airtableRequest, REQUEST_TIMEOUT_MS, type RecordJson, type RequestBudget } from './airtable';
import type { AirtableConfig } from './settings';

const KEY_FIELD = 'Job';
const LAST_RUN_FIELD = 'Last Run';
// The one row's key: fixed text, so it is safe inside the formula below.
const RECONCILE_KEY = 'reconcile';

export const SCHEDULE_FIELDS: FieldSpec[] = [
  { name: KEY_FIELD, type: 'singleLineText', description: 'What ran on a schedule: "reconcile".' },
  {
    name: LAST_RUN_FIELD,
    type: 'dateTime',
    options: { timeZone: 'utc', dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' } },
    description: 'When it last ran (UTC), written by /reconcile?by=schedule.',
  },
];

// Made after the reconcile itself, with what is left of the Functions' 10 s: one attempt.
const MARKER_BUDGET: RequestBudget = { attempts: 1, timeoutMs: REQUEST_TIMEOUT_MS };

/**
 * Airtable answers a table that does not exist, like one the token may not use, with 403
 * INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND (https://airtable.com/developers/web/api/errors),
 * and the client turns a 404 into NOT_FOUND: either way the base lacks the table for us.
 */
export function tableMissing(err: unknown): boolean {
  return err instanceof StoreError && (err.status === 403 || err.status === 404);
}

function lastRunOf(row: RecordJson | undefined): Date | null {
  const cell = row?.fields?.[LAST_RUN_FIELD];
  const at = typeof cell === 'string' ? new Date(cell) : undefined;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/**
 * Records a scheduled run at `at`; returns the time the row holds afterwards, read from the
 * upsert's own answer (Airtable answers an update with every cell of the row:
 * https://airtable.com/developers/web/api/update-multiple-records).
 */
export async function markScheduledRun(config: AirtableConfig, table: string, at: Date): Promise<Date | null> {
  const body = {
    performUpsert: { fieldsToMergeOn: [KEY_FIELD] },
    records: [{ fields: { [KEY_FIELD]: RECONCILE_KEY, [LAST_RUN_FIELD]: at.toISOString() } }],
  };
  const answer = await airtableRequest<{ records?: RecordJson[] }>(
    { ...config, table },
    { method: 'PATCH', path: '', body },
    MARKER_BUDGET,
  );
  return lastRunOf(answer?.records?.[0]);
}

/** When the scheduled reconcile last ran, or null when no run was ever recorded. One request. */
export async function readLastScheduledRun(config: AirtableConfig, table: string): Promise<Date | null> {
  const qs = { maxRecords: 1, pageSize: 1, fields: [LAST_RUN_FIELD], filterByFormula: `{${KEY_FIELD}}='${RECONCILE_KEY}'` };
  const page = await airtableRequest<{ records?: RecordJson[] }>({ ...config, table }, { method: 'GET', path: '', qs }, MARKER_BUDGET);
  if (!Array.isArray(page?.records)) throw new StoreError('Airtable answered a list request without records', { retryable: true });
  return lastRunOf(page.records[0]);
}
