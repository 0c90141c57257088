// Every request the product makes to Airtable goes through this module: the real client,
// with bounded time and attempts. Only callbacks and the feed load it: the caller's path never does.
import Airtable from 'airtable';
import { StoreError } from '../boundary/errors';
import { type CallRecord, fromAirtableFields } from '../calls/record';
import { sleep, withDeadline } from '../runtime/timing';
import type { AirtableConfig } from './settings';

// Budget: a callback must answer well inside the Functions' 10 s limit and leave
// Twilio's 15 s retry window room for its own retries, so at most two attempts of
// 2.5 s each. A 429 is not retried here: Airtable locks the base out for 30 s.
export const REQUEST_TIMEOUT_MS = 2500;
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

export type AirtableRequest = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; qs?: Record<string, unknown>; body?: unknown };

/** A tighter budget than the default, for requests made once the callback's own write is done. */
export interface RequestBudget {
  attempts: number;
  timeoutMs: number;
}

/**
 * One Airtable request through the real client, with the client's unsuitable defaults
 * (5-minute timeout, endless 429 retries) replaced by a bounded budget of our own.
 */
export async function airtableRequest<T>(
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
      const response = await withDeadline(base.makeRequest({ ...request, path }), timeoutMs + 500, () => ({
        error: 'TIMEOUT',
        message: `no answer from Airtable within ${timeoutMs + 500} ms`,
      }));
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

export interface RecordJson {
  id?: unknown;
  fields?: Record<string, unknown>;
}

export function storedCall(row: RecordJson | undefined): StoredCall {
  const call = row && typeof row.id === 'string' ? fromAirtableFields(row.fields ?? {}) : undefined;
  if (!row || typeof row.id !== 'string' || !call) throw new StoreError("Airtable answered without the call's row", { retryable: true });
  return { recordId: row.id, call };
}

interface ListResponse {
  records?: RecordJson[];
  offset?: unknown;
}

/** One page of a list request, as the call log's rows; rows without a Call SID are left out. */
export async function listPage(
  config: AirtableConfig,
  request: AirtableRequest,
  budget?: RequestBudget,
): Promise<{ rows: StoredCall[]; offset?: string }> {
  const page = await airtableRequest<ListResponse>(config, request, budget);
  if (!Array.isArray(page?.records)) throw new StoreError('Airtable answered a list request without records', { retryable: true });
  const rows = page.records.flatMap((row) => {
    const call = fromAirtableFields(row.fields ?? {});
    return call && typeof row.id === 'string' ? [{ recordId: row.id, call }] : [];
  });
  return typeof page.offset === 'string' ? { rows, offset: page.offset } : { rows };
}
