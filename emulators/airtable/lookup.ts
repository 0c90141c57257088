// Finding fields and records the way requests name them.
import { recordNotFound, unknownFieldName } from './api-error';
import type { StoredField, StoredRecord, StoredTable } from './types';

/** Requests may name a field by its name or its id. */
export function requireField(table: StoredTable, nameOrId: string): StoredField {
  const field =
    table.fields.find((candidate) => candidate.name === nameOrId) ?? table.fields.find((candidate) => candidate.id === nameOrId);
  if (!field) throw unknownFieldName(nameOrId);
  return field;
}

export function requireRecord(table: StoredTable, recordId: string): StoredRecord {
  const record = table.records.find((candidate) => candidate.id === recordId);
  if (!record) throw recordNotFound(recordId);
  return record;
}
