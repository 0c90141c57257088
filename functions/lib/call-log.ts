// The call log in Airtable: every request the product makes to it lives in this module.
// Writes are idempotent upserts keyed by the Call SID; reads are list pages.
// Only callbacks and the feed load it: the caller's path never does.
import Airtable from 'airtable';
import type { AirtableConfig } from './config';
import { COLUMNS, fromAirtableFields, toAirtableFields, unionOfFacts, type CallRecord } from './call-record';
import { StoreError } from './errors';

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
  cause?: unknown;
}

function describe(err: unknown): Failure {
  const failure = (err ?? {}) as AirtableFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  const message = `${failure.error ?? 'ERROR'}${status ? ` (${status})` : ''}: ${failure.message ?? String(err)}`;
  if (status === undefined) return { message, retryable: true, cause: err }; // timeout or connection failure
  return { message, status, retryable: status >= 500 || status === 429, cause: err };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject({ error: 'TIMEOUT', message: `no answer from Airtable within ${ms} ms` }), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type AirtableRequest = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; qs?: Record<string, unknown>; body?: unknown };

/**
 * One Airtable request through the real client, with the client's unsuitable defaults
 * (5-minute timeout, endless 429 retries) replaced by a bounded budget of our own.
 */
async function airtableRequest<T>(config: AirtableConfig, request: AirtableRequest, attempts = ATTEMPTS): Promise<T> {
  const base = new Airtable({
    apiKey: config.token,
    endpointUrl: config.endpointUrl,
    requestTimeout: REQUEST_TIMEOUT_MS,
    noRetryIfRateLimited: true,
  }).base(config.baseId);
  const path = `/${encodeURIComponent(config.table)}${request.path}`;
  let last: Failure = { message: 'no attempt made', retryable: true };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await withDeadline(base.makeRequest({ ...request, path }), REQUEST_TIMEOUT_MS + 500);
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
const MERGE_ATTEMPTS = 1;

/** Writes the facts one callback owns. Idempotent: replays and reordering converge, and so do duplicate rows. */
export async function recordCallFacts(config: AirtableConfig, record: CallRecord): Promise<void> {
  const started = Date.now();
  try {
    await airtableRequest(config, { method: 'PATCH', path: '', body: upsertBody([record]) });
  } catch (err) {
    if (!isMultipleMatches(err) || Date.now() - started > MERGE_START_WITHIN_MS) throw err;
    const rows = await readCallRows(config, [record.callSid], MERGE_ATTEMPTS);
    await mergeRows(config, rows, record, MERGE_ATTEMPTS);
  }
}

/** Upserts up to ten calls in one request. */
export async function upsertCalls(config: AirtableConfig, records: CallRecord[]): Promise<void> {
  await airtableRequest(config, { method: 'PATCH', path: '', body: upsertBody(records) });
}

/** A row of the call log with Airtable's record id. */
export interface CallRow {
  id: string;
  call: CallRecord;
}

interface RowsResponse {
  records?: { id?: unknown; fields?: Record<string, unknown> }[];
  offset?: unknown;
}

const CALL_SID = /^CA[0-9a-fA-F]{32}$/;
// A listRecords body of 100 SIDs is about 5 kB: one page of rows, well inside Airtable's limits.
const SIDS_PER_READ = 100;

/**
 * Every row of these calls, duplicates included: one POST listRecords per 100 calls (the POST
 * form keeps a long formula out of the URL, https://airtable.com/developers/web/api/list-records).
 * Only well-formed Call SIDs are put into the formula, so no caller-supplied text can reach it.
 */
export async function readCallRows(config: AirtableConfig, callSids: string[], attempts = ATTEMPTS): Promise<CallRow[]> {
  const sids = [...new Set(callSids)];
  const malformed = sids.find((sid) => !CALL_SID.test(sid));
  if (malformed !== undefined) throw new StoreError(`not a Call SID: ${JSON.stringify(malformed.slice(0, 40))}`, { retryable: false });
  const rows: CallRow[] = [];
  for (let i = 0; i < sids.length; i += SIDS_PER_READ) {
    const matches = sids.slice(i, i + SIDS_PER_READ).map((sid) => `{${MERGE_FIELD}}='${sid}'`);
    let offset: string | undefined;
    do {
      const body: Record<string, unknown> = { pageSize: 100, filterByFormula: `OR(${matches.join(',')})` };
      if (offset !== undefined) body.offset = offset;
      const page = await airtableRequest<RowsResponse>(config, { method: 'POST', path: '/listRecords', body }, attempts);
      if (!Array.isArray(page?.records)) throw new StoreError('Airtable answered a list request without records', { retryable: true });
      for (const row of page.records) {
        const call = fromAirtableFields(row.fields ?? {});
        if (call && typeof row.id === 'string') rows.push({ id: row.id, call });
      }
      offset = typeof page.offset === 'string' ? page.offset : undefined;
    } while (offset !== undefined);
  }
  return rows;
}

/**
 * Makes the rows of one call one row again. The facts are order-free, so the merged row is the
 * union of every row's facts (and `extra`'s); it is written over the oldest row first and only
 * then are the others deleted, so a failure half-way loses nothing. Three requests at most.
 */
export async function mergeRows(config: AirtableConfig, rows: CallRow[], extra?: CallRecord, attempts = ATTEMPTS): Promise<void> {
  if (rows.length === 0) {
    if (extra) await airtableRequest(config, { method: 'PATCH', path: '', body: upsertBody([extra]) }, attempts);
    return;
  }
  const [keep, ...others] = rows;
  const merged = unionOfFacts([...rows.map((row) => row.call), ...(extra ? [extra] : [])]);
  await airtableRequest(config, { method: 'PATCH', path: '', body: { records: [{ id: keep.id, fields: toAirtableFields(merged) }], typecast: true } }, attempts);
  for (let i = 0; i < others.length; i += MAX_RECORDS_PER_REQUEST) {
    const qs = { records: others.slice(i, i + MAX_RECORDS_PER_REQUEST).map((row) => row.id) };
    await airtableRequest(config, { method: 'DELETE', path: '', qs }, attempts);
  }
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
  /** Cursor of the next page; absent on the last one. */
  offset?: string;
}

interface ListResponse {
  records?: { fields?: Record<string, unknown> }[];
  offset?: unknown;
}

/** One page of calls, newest first: exactly one Airtable request. */
export async function listCalls(config: AirtableConfig, request: CallPageRequest): Promise<CallPage> {
  const columns = new Set<keyof CallRecord>(['callSid', ...request.fields]);
  const qs: Record<string, unknown> = {
    pageSize: request.pageSize,
    sort: [{ field: COLUMNS.startedAt.name, direction: 'desc' }],
    fields: [...columns].map((key) => COLUMNS[key].name),
  };
  // The client would send an absent value as an empty parameter, which Airtable rejects.
  if (request.offset !== undefined) qs.offset = request.offset;
  if (request.filterByFormula !== undefined) qs.filterByFormula = request.filterByFormula;
  const body = await airtableRequest<ListResponse>(config, { method: 'GET', path: '', qs });
  if (!Array.isArray(body?.records)) throw new StoreError('Airtable answered a list request without records', { retryable: true });
  const calls = body.records.map((row) => fromAirtableFields(row.fields ?? {})).filter((call) => call !== undefined);
  return typeof body.offset === 'string' ? { calls, offset: body.offset } : { calls };
}
