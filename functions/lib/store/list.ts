// Reading the call log for the feed: one page of calls per request.
import { type CallRecord, COLUMNS } from '../calls/record';
import { sidPattern } from '../twilio/values';
import { listPage, type RequestBudget } from './airtable';
import type { AirtableConfig } from './settings';

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
