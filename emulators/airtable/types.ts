// Shapes of the emulator's state. Everything here is plain JSON so the whole store can be
// written to disk as-is.

export const FIELD_TYPES = [
  'singleLineText',
  'multilineText',
  'email',
  'url',
  'phoneNumber',
  'number',
  'duration',
  'dateTime',
  'checkbox',
  'singleSelect',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

/** A stored cell. Blank cells are never stored: clearing a cell deletes its key. */
export type CellValue = string | number | boolean;

export interface StoredField {
  id: string;
  name: string;
  type: FieldType;
  description?: string;
  options?: Record<string, unknown>;
}

export interface StoredRecord {
  id: string;
  createdTime: string;
  /** Keyed by field name. */
  fields: Record<string, CellValue>;
}

export interface StoredTable {
  id: string;
  name: string;
  description?: string;
  viewId: string;
  /** The first field is the primary field. */
  fields: StoredField[];
  /** Creation order, which is also the default list order. */
  records: StoredRecord[];
}

export interface StoredBase {
  id: string;
  tables: StoredTable[];
}

export interface SelectChoice {
  id: string;
  name: string;
  color?: string;
}
