// The call log in Airtable: every request the product makes to it lives in this module.
// Writes are idempotent upserts keyed by the Call SID; reads are list pages.
// Only callbacks and the feed load it: the caller's path never does.
import Airtable from 'airtable';
import type { AirtableConfig } from '../boundary/env';
import { COLUMNS, fromAirtableFields, toAirtableFields, unionOfFacts, type CallRecord } from '../calls/record';
import { StoreError } from '../boundary/errors';
import { OutOfTime, sleep, withDeadline } from '../runtime/timing';
import { sidPattern } from '../twilio/values';

const MERGE_FIELD = COLUMNS.callSid.name;

// Budget: a callback must answer well inside the Functions' 10 s limit and leave
// Twilio's 15 s retry window room for its own retries, so at most two attempts of
// 2.5 s each. A 429 is not retried here: Airtable locks the base out for 30 s.
const REQUEST_TIMEOUT_MS = 2500;
const ATTEMPTS = 2;
const BACKOFF_MS = 250;

interface AirtableFailure {
  error?: string;
  message?: string;
  statusCode?: number | null;
}

interface Failure {
  message: string;
  retryable: boolean;
  status?: number;
  type?: string;
  cause?: unknown;
}

function describe(err: unknown): Failure {
  const failure = (err ?? {}) as AirtableFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  const message = `${failure.error ?? 'ERROR'}${status ? ` (${status})` : ''}: ${failure.message ?? String(err)}`;
  if (status === undefined) return { message, retryable: true, cause: err }; // timeout or connection failure
  return { message, status, type: failure.error, retryable: status >= 500 || status === 429, cause: err };
}

type AirtableRequest = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; qs?: Record<string, unknown>; body?: unknown };

/** A tighter budget than the default, for requests made once the callback's own write is done. */
export interface RequestBudget {
  attempts: number;
  timeoutMs: number;
}

/**
 * One Airtable request through the real client, with the client's unsuitable defaults
 * (5-minute timeout, endless 429 retries) replaced by a bounded budget of our own.
 */
async function airtableRequest<T>(
  config: AirtableConfig,
  request: AirtableRequest,
  { attempts, timeoutMs }: RequestBudget = { attempts: ATTEMPTS, timeoutMs: REQUEST_TIMEOUT_MS },
): Promise<T> {
  const base = new Airtable({
    apiKey: config.token,
    endpointUrl: config.endpointUrl,
    requestTimeout: timeoutMs,
    noRetryIfRateLimited: true,
  }).base(config.baseId);
  const path = `/${encodeURIComponent(config.table)}${request.path}`;
  let last: Failure = { message: 'no attempt made', retryable: true };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await withDeadline(base.makeRequest({ ...request, path }), timeoutMs + 500, () => ({ error: 'TIMEOUT', message: `no answer from Airtable within ${timeoutMs + 500} ms` }));
      return response.body as T;
    } catch (err) {
      last = describe(err);
      const worthRetrying = last.retryable && last.status !== 429;
      if (!worthRetrying || attempt === attempts) break;
      await sleep(BACKOFF_MS * attempt);
    }
  }
  throw new StoreError(`Airtable request failed: ${last.message}`, last);
}

/** A call as its row stands in the log, with the row's id. */
export interface StoredCall {
  recordId: string;
  call: CallRecord;
}

interface RecordJson {
  id?: unknown;
  fields?: Record<string, unknown>;
}

function storedCall(row: RecordJson | undefined): StoredCall {
  const call = row && typeof row.id === 'string' ? fromAirtableFields(row.fields ?? {}) : undefined;
  if (!row || typeof row.id !== 'string' || !call) throw new StoreError('Airtable answered without the call\'s row', { retryable: true });
  return { recordId: row.id, call };
}

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
 * every later upsert of that SID then fails because "multiple matches" were found (422).
 */
export function isMultipleMatches(err: unknown): boolean {
  return err instanceof StoreError && err.status === 422 && /match/i.test(err.message);
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
 */
export async function recordCallFacts(config: AirtableConfig, record: CallRecord): Promise<StoredCall> {
  const started = Date.now();
  try {
    return await upsertOne(config, record);
  } catch (err) {
    if (!isMultipleMatches(err) || Date.now() - started > MERGE_START_WITHIN_MS) throw err;
    const rows = await readCallRows(config, [record.callSid], MERGE_BUDGET);
    return mergeRows(config, rows, record, MERGE_BUDGET);
  }
}

/** Upserts up to ten calls in one request. */
export async function upsertCalls(config: AirtableConfig, records: CallRecord[]): Promise<void> {
  await airtableRequest(config, { method: 'PATCH', path: '', body: upsertBody(records) });
}

interface ListResponse {
  records?: RecordJson[];
  offset?: unknown;
}

/** One page of a list request, as the call log's rows; rows without a Call SID are left out. */
async function listPage(config: AirtableConfig, request: AirtableRequest, budget?: RequestBudget): Promise<{ rows: StoredCall[]; offset?: string }> {
  const page = await airtableRequest<ListResponse>(config, request, budget);
  if (!Array.isArray(page?.records)) throw new StoreError('Airtable answered a list request without records', { retryable: true });
  const rows = page.records.flatMap((row) => {
    const call = fromAirtableFields(row.fields ?? {});
    return call && typeof row.id === 'string' ? [{ recordId: row.id, call }] : [];
  });
  return typeof page.offset === 'string' ? { rows, offset: page.offset } : { rows };
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
export async function mergeRows(config: AirtableConfig, rows: StoredCall[], extra: CallRecord, budget?: RequestBudget, deadline = Infinity): Promise<StoredCall> {
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

export interface CallPageRequest {
  pageSize: number;
  /** Airtable's cursor from the previous page. */
  offset?: string;
  filterByFormula?: string;
  /** Only these columns are fetched (the Call SID always is). */
  fields: readonly (keyof CallRecord)[];
}

export interface CallPage {
  calls: CallRecord[];
  /** Row ids, in the order of `calls`. */
  recordIds: string[];
  /** Cursor of the next page; absent on the last one. */
  offset?: string;
}

/** One page of calls, newest first: exactly one Airtable request. */
export async function listCalls(config: AirtableConfig, request: CallPageRequest, budget?: RequestBudget): Promise<CallPage> {
  const columns = new Set<keyof CallRecord>(['callSid', ...request.fields]);
  const qs: Record<string, unknown> = {
    pageSize: request.pageSize,
    sort: [{ field: COLUMNS.startedAt.name, direction: 'desc' }],
    fields: [...columns].map((key) => COLUMNS[key].name),
  };
  // The client would send an absent value as an empty parameter, which Airtable rejects.
  if (request.offset !== undefined) qs.offset = request.offset;
  if (request.filterByFormula !== undefined) qs.filterByFormula = request.filterByFormula;
  const { rows, offset } = await listPage(config, { method: 'GET', path: '', qs }, budget);
  const page = { calls: rows.map((row) => row.call), recordIds: rows.map((row) => row.recordId) };
  return offset === undefined ? page : { ...page, offset };
}

/**
 * Whether a row of this line's call log holds this recording: the feed plays only this
 * line's voicemails, not any recording of the account. One request for at most one row.
 * `recordingSid` must already be validated (RE and 32 hexadecimal characters), so it is
 * safe inside the formula.
 */
export async function callLogHasRecording(config: AirtableConfig, recordingSid: string, budget?: RequestBudget): Promise<boolean> {
  if (!sidPattern('RE').test(recordingSid)) return false;
  const qs = {
    maxRecords: 1,
    pageSize: 1,
    fields: [COLUMNS.callSid.name],
    filterByFormula: `{${COLUMNS.recordingSid.name}}='${recordingSid}'`,
  };
  return (await listPage(config, { method: 'GET', path: '', qs }, budget)).rows.length > 0;
}
