// The owner's edits of a call's row from the feed (done or new again, a note). An edit only ever
// changes rows that exist, by their record ids: it never creates a row, as an upsert would.
import { StoreError } from '../boundary/errors';
import { type CallRecord, COLUMNS, unionOfFacts } from '../calls/record';
import { airtableRequest, type RecordJson, storedCall } from './airtable';
import type { AirtableConfig } from './settings';
import { MAX_RECORDS_PER_REQUEST, mayBeMultipleMatches, readCallRows } from './writes';

/** What the owner can change; null clears the cell. */
export type OwnerEdit = { handledAt?: Date | null; note?: string | null };

export type EditResult =
  | { state: 'saved'; call: CallRecord }
  /** No row holds this Call SID. */
  | { state: 'missing' }
  /** The check refused the edit against the row as it stands: nothing was written. */
  | { state: 'refused'; current: CallRecord }
  /** The table lacks the column (a table set up before it): its name, to tell the owner. */
  | { state: 'no-field'; field: string };

/**
 * Reads the call's rows (one request), asks `check` whether the edit still applies to the call as
 * it stands, then writes the edit to every row of the call (one request; duplicates too, so that
 * merging them later cannot bring back what the owner changed). Airtable has no conditional
 * write (https://airtable.com/developers/web/api/update-multiple-records), so a change made
 * between the read and the write, a fraction of a second, is not seen by `check`.
 */
export async function editCall(
  config: AirtableConfig,
  callSid: string,
  edit: OwnerEdit,
  check: (current: CallRecord) => boolean = () => true,
): Promise<EditResult> {
  const rows = await readCallRows(config, [callSid]);
  if (rows.length === 0) return { state: 'missing' };
  const current = unionOfFacts(rows.map((row) => row.call));
  if (!check(current)) return { state: 'refused', current };
  const cells: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edit) as [keyof OwnerEdit, Date | string | null][]) {
    cells[COLUMNS[key].name] = value instanceof Date ? value.toISOString() : value;
  }
  const records = rows.slice(0, MAX_RECORDS_PER_REQUEST).map((row) => ({ id: row.recordId, fields: cells }));
  try {
    const body = await airtableRequest<{ records?: RecordJson[] }>(config, { method: 'PATCH', path: '', body: { records } });
    const written = (body?.records ?? []).map((record) => storedCall(record).call);
    if (written.length === 0) throw new StoreError("Airtable answered without the call's row", { retryable: true });
    return { state: 'saved', call: unionOfFacts(written) };
  } catch (err) {
    // Airtable refuses a write naming a field the table lacks (https://airtable.com/developers/web/api/errors).
    if (err instanceof StoreError && err.type === 'UNKNOWN_FIELD_NAME') {
      return { state: 'no-field', field: COLUMNS[Object.keys(edit)[0] as keyof OwnerEdit].name };
    }
    throw err;
  }
}

interface UpsertJson {
  records?: RecordJson[];
  createdRecords?: unknown[];
}

/**
 * Marks a call done (`handledAt`) or new again (null) in one request: an upsert keyed by the Call
 * SID. Airtable's answer names the rows an upsert created (`createdRecords`,
 * https://airtable.com/developers/web/api/update-multiple-records); a Call SID the log does not
 * hold (the page only sends SIDs it listed, so its row was deleted meanwhile) gets a row that is
 * deleted at once, a second request made only then, and the answer is `missing`. A call with
 * duplicate rows, whose upsert is refused, is edited row by row (editCall).
 */
export async function markHandled(config: AirtableConfig, callSid: string, handledAt: Date | null): Promise<EditResult> {
  const fields = { [COLUMNS.callSid.name]: callSid, [COLUMNS.handledAt.name]: handledAt?.toISOString() ?? null };
  const request = { performUpsert: { fieldsToMergeOn: [COLUMNS.callSid.name] }, records: [{ fields }] };
  let body: UpsertJson | undefined;
  try {
    body = await airtableRequest<UpsertJson>(config, { method: 'PATCH', path: '', body: request });
  } catch (err) {
    if (err instanceof StoreError && err.type === 'UNKNOWN_FIELD_NAME') return { state: 'no-field', field: COLUMNS.handledAt.name };
    if (mayBeMultipleMatches(err)) return editCall(config, callSid, { handledAt });
    throw err;
  }
  const created = (body?.createdRecords ?? []).filter((id): id is string => typeof id === 'string');
  if (created.length > 0) {
    await airtableRequest(config, { method: 'DELETE', path: '', qs: { records: created } });
    return { state: 'missing' };
  }
  return { state: 'saved', call: storedCall(body?.records?.[0]).call };
}
