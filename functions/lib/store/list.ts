// Reading the call log for the feed: one page of calls per request.
import { StoreError } from '../boundary/errors';
import { type CallRecord, COLUMNS, INBOX_COLUMNS } from '../calls/record';
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

// Tables known (in this warm instance) to lack the inbox's columns, and until when that is assumed,
// so that such a table costs one list request per page, not two; after that the columns are asked
// for again, in case the owner has added them meanwhile.
const LACKING_INBOX_FOR_MS = 10 * 60_000;
const lackingInbox = new Map<string, number>();
const tableKey = (config: AirtableConfig) => `${config.endpointUrl ?? ''} ${config.baseId} ${config.table}`;

/**
 * One page of calls, newest first: one Airtable request. Airtable refuses a list naming a
 * field the table lacks (422 UNKNOWN_FIELD_NAME, https://airtable.com/developers/web/api/errors),
 * so a table set up before the inbox's columns is asked again without them, and the calls
 * listed as they are (every one new, without notes).
 */
export async function listCalls(config: AirtableConfig, request: CallPageRequest, budget?: RequestBudget): Promise<CallPage> {
  const key = tableKey(config);
  const lacking = (lackingInbox.get(key) ?? 0) > Date.now();
  const all = [...new Set<keyof CallRecord>(['callSid', ...request.fields])];
  const withoutInbox = all.filter((column) => !INBOX_COLUMNS.includes(column));
  try {
    return await listColumns(config, request, lacking ? withoutInbox : all, budget);
  } catch (err) {
    const askedInbox = !lacking && withoutInbox.length < all.length;
    if (!(err instanceof StoreError && err.type === 'UNKNOWN_FIELD_NAME' && askedInbox)) throw err;
    lackingInbox.set(key, Date.now() + LACKING_INBOX_FOR_MS);
    return listColumns(config, request, withoutInbox, budget);
  }
}

async function listColumns(
  config: AirtableConfig,
  request: CallPageRequest,
  columns: (keyof CallRecord)[],
  budget?: RequestBudget,
): Promise<CallPage> {
  const qs: Record<string, unknown> = {
    pageSize: request.pageSize,
    sort: [{ field: COLUMNS.startedAt.name, direction: 'desc' }],
    fields: columns.map((key) => COLUMNS[key].name),
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
