// The owner's edits of a call's row from the feed (done or new again, a note). An edit only ever
// changes rows that exist, by their record ids: it never creates a row, as an upsert would.
import { StoreError } from '../boundary/errors';
import { type CallRecord, COLUMNS, unionOfFacts } from '../calls/record';
import { airtableRequest, type RecordJson, storedCall } from './airtable';
import type { AirtableConfig } from './settings';
import { MAX_RECORDS_PER_REQUEST, readCallRows } from './writes';

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
