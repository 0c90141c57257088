// Writing the call log: idempotent upserts keyed by the Call SID, and making a call's duplicate
// rows one row again. Replays and reordering converge.
import { StoreError } from '../boundary/errors';
import { type CallRecord, COLUMNS, toAirtableFields, unionOfFacts } from '../calls/record';
import { OutOfTime } from '../runtime/timing';
import { sidPattern } from '../twilio/values';
import {
  airtableRequest,
  listPage,
  REQUEST_TIMEOUT_MS,
  type RecordJson,
  type RequestBudget,
  type StoredCall,
  storedCall,
} from './airtable';
import type { AirtableConfig } from './settings';

const MERGE_FIELD = COLUMNS.callSid.name;

/**
 * Changes cells of an existing row, by its id: never creates a row. `null` clears a cell.
 * https://airtable.com/developers/web/api/update-record
 */
export async function updateCall(
  config: AirtableConfig,
  recordId: string,
  fields: { [K in keyof CallRecord]?: CallRecord[K] | null },
  budget?: RequestBudget,
): Promise<StoredCall> {
  const cells: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields) as [keyof CallRecord, unknown][]) {
    cells[COLUMNS[key].name] = value instanceof Date ? value.toISOString() : value;
  }
  const path = `/${encodeURIComponent(recordId)}`;
  return storedCall(await airtableRequest<RecordJson>(config, { method: 'PATCH', path, body: { fields: cells, typecast: true } }, budget));
}

/** One row, by its id. https://airtable.com/developers/web/api/get-record */
export async function readCall(config: AirtableConfig, recordId: string, budget?: RequestBudget): Promise<StoredCall> {
  return storedCall(await airtableRequest<RecordJson>(config, { method: 'GET', path: `/${encodeURIComponent(recordId)}` }, budget));
}

// Airtable's limit of records in one create, update or delete request
// (https://airtable.com/developers/web/api/update-multiple-records).
export const MAX_RECORDS_PER_REQUEST = 10;

const upsertBody = (records: CallRecord[]) => ({
  performUpsert: { fieldsToMergeOn: [MERGE_FIELD] },
  records: records.map((record) => ({ fields: toAirtableFields(record) })),
  typecast: true,
});

/**
 * Two concurrent upserts of a new Call SID can both create a row: Airtable's upsert docs
 * (https://airtable.com/developers/web/api/update-multiple-records) promise no atomicity, and
 * say that an upsert whose merge fields match more than one record fails, but give neither the
 * error's type nor its wording. So any 422 to an upsert may be that: the key's rows, read
 * afterwards, tell whether it was (more than one row) or a refusal of another kind.
 */
export function mayBeMultipleMatches(err: unknown): boolean {
  return err instanceof StoreError && err.status === 422;
}

// A callback merges only when the refused upsert came back this fast, and then with one attempt
// per request (read, write, delete: at most 3 s each), so it still answers inside the Functions'
// 10 s; otherwise it answers 5xx and Twilio's retry merges.
const MERGE_START_WITHIN_MS = 500;
const MERGE_BUDGET: RequestBudget = { attempts: 1, timeoutMs: REQUEST_TIMEOUT_MS };

/**
 * Writes the facts one callback owns. Idempotent: replays and reordering converge, and so do
 * duplicate rows. Returns the whole row as it stands after the write: Airtable answers an
 * update with each record's cell values, not only the ones sent
 * (https://airtable.com/developers/web/api/update-multiple-records), so no second read is needed.
 * @param budget a tighter one than the default, for a write that comes late in its invocation.
 */
export async function recordCallFacts(config: AirtableConfig, record: CallRecord, budget?: RequestBudget): Promise<StoredCall> {
  const started = Date.now();
  try {
    return await upsertOne(config, record, budget);
  } catch (err) {
    // A write given its own budget comes late in its invocation: duplicates are merged by the retry.
    if (budget || !mayBeMultipleMatches(err) || Date.now() - started > MERGE_START_WITHIN_MS) throw err;
    const rows = await readCallRows(config, [record.callSid], MERGE_BUDGET);
    if (rows.length < 2) throw err;
    return mergeRows(config, rows, record, MERGE_BUDGET);
  }
}

/** Upserts up to ten calls in one request. */
export async function upsertCalls(config: AirtableConfig, records: CallRecord[], budget?: RequestBudget): Promise<void> {
  await airtableRequest(config, { method: 'PATCH', path: '', body: upsertBody(records) }, budget);
}

/** One upsert of one call's facts, answered with its whole row. */
async function upsertOne(config: AirtableConfig, record: CallRecord, budget?: RequestBudget): Promise<StoredCall> {
  const body = await airtableRequest<{ records?: RecordJson[] }>(config, { method: 'PATCH', path: '', body: upsertBody([record]) }, budget);
  return storedCall(body?.records?.[0]);
}

const CALL_SID = sidPattern('CA');
// A listRecords body of 100 SIDs is about 5 kB: one page of rows, well inside Airtable's limits.
const SIDS_PER_READ = 100;

/**
 * Every row of these calls, duplicates included: one POST listRecords per 100 calls (the POST
 * form keeps a long formula out of the URL, https://airtable.com/developers/web/api/list-records).
 * Only well-formed Call SIDs are put into the formula, so no caller-supplied text can reach it.
 */
export async function readCallRows(config: AirtableConfig, callSids: string[], budget?: RequestBudget): Promise<StoredCall[]> {
  const sids = [...new Set(callSids)];
  const malformed = sids.find((sid) => !CALL_SID.test(sid));
  if (malformed !== undefined) throw new StoreError(`not a Call SID: ${JSON.stringify(malformed.slice(0, 40))}`, { retryable: false });
  const rows: StoredCall[] = [];
  for (let i = 0; i < sids.length; i += SIDS_PER_READ) {
    const matches = sids.slice(i, i + SIDS_PER_READ).map((sid) => `{${MERGE_FIELD}}='${sid}'`);
    let offset: string | undefined;
    do {
      const body: Record<string, unknown> = { pageSize: 100, filterByFormula: `OR(${matches.join(',')})` };
      if (offset !== undefined) body.offset = offset;
      const page = await listPage(config, { method: 'POST', path: '/listRecords', body }, budget);
      rows.push(...page.rows);
      offset = page.offset;
    } while (offset !== undefined);
  }
  return rows;
}

/**
 * Makes the rows of one call one row again. The facts are order-free, so the merged row is the
 * union of every row's facts (and `extra`'s); it is written over the oldest row first and only
 * then are the others deleted, so a failure half-way loses nothing. Three requests at most.
 * `deadline` (epoch ms): no delete starts after it (OutOfTime); the merged row is written by then,
 * and the next write or reconcile meets the remaining duplicates and merges them again.
 */
export async function mergeRows(
  config: AirtableConfig,
  rows: StoredCall[],
  extra: CallRecord,
  budget?: RequestBudget,
  deadline = Infinity,
): Promise<StoredCall> {
  if (rows.length === 0) return upsertOne(config, extra, budget);
  const [keep, ...others] = rows;
  const merged = unionOfFacts([...rows.map((row) => row.call), extra]);
  const body = await airtableRequest<{ records?: RecordJson[] }>(
    config,
    { method: 'PATCH', path: '', body: { records: [{ id: keep.recordId, fields: toAirtableFields(merged) }], typecast: true } },
    budget,
  );
  for (let i = 0; i < others.length; i += MAX_RECORDS_PER_REQUEST) {
    if (Date.now() >= deadline) throw new OutOfTime();
    const qs = { records: others.slice(i, i + MAX_RECORDS_PER_REQUEST).map((row) => row.recordId) };
    await airtableRequest(config, { method: 'DELETE', path: '', qs }, budget);
  }
  return storedCall(body?.records?.[0]);
}
