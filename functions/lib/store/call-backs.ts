// The owner's call backs in the call log: the call they answer, read by its SID, and the call
// back itself written as a row of its own (outbound), linked to that call.
import { StoreError } from '../boundary/errors';
import { type CallRecord, unionOfFacts } from '../calls/record';
import type { AirtableConfig } from './settings';
import { readCallRows, recordCallFacts } from './writes';

/** The call as the log holds it (its duplicate rows merged), or undefined when no row has this SID. */
export async function readLoggedCall(config: AirtableConfig, callSid: string): Promise<CallRecord | undefined> {
  const rows = await readCallRows(config, [callSid]);
  return rows.length === 0 ? undefined : unionOfFacts(rows.map((row) => row.call));
}

/**
 * Writes the call back's row, keyed by its own Call SID (an upsert, so a retry writes it once).
 * 'no-field': the table was set up before the Call Back Of field (Airtable refuses a write naming
 * a field the table lacks, 422 UNKNOWN_FIELD_NAME, https://airtable.com/developers/web/api/errors);
 * the row is then not written at all, as an unlinked outbound row would read as a call from the
 * business itself.
 */
export async function recordCallBack(config: AirtableConfig, callBack: CallRecord): Promise<'saved' | 'no-field'> {
  try {
    await recordCallFacts(config, callBack);
    return 'saved';
  } catch (err) {
    if (err instanceof StoreError && err.type === 'UNKNOWN_FIELD_NAME') return 'no-field';
    throw err;
  }
}
