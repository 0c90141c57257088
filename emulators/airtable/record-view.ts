// The JSON Airtable returns for a record: blank cells are left out of `fields`.
import type { StoredRecord, StoredTable } from './types';

export interface RecordJson {
  id: string;
  createdTime: string;
  fields: Record<string, unknown>;
}

export interface RecordViewOptions {
  /** Only these fields (by name), as `fields[]` asks. */
  onlyFields?: ReadonlySet<string>;
  /** Key cells by field id instead of name (`returnFieldsByFieldId`). */
  byFieldId?: boolean;
}

export function recordToJson(table: StoredTable, record: StoredRecord, view: RecordViewOptions = {}): RecordJson {
  const fields: Record<string, unknown> = {};
  for (const field of table.fields) {
    const value = record.fields[field.name];
    if (value === undefined || (view.onlyFields && !view.onlyFields.has(field.name))) continue;
    fields[view.byFieldId ? field.id : field.name] = value;
  }
  return { id: record.id, createdTime: record.createdTime, fields };
}
