// What each supported field type is allowed to do beyond holding values.
import type { FieldType, SelectChoice, StoredField } from './types';
import { FIELD_TYPES } from './types';

/** Types Airtable lets be the primary field (among those the emulator supports). */
const PRIMARY_CAPABLE: ReadonlySet<FieldType> = new Set<FieldType>([
  'singleLineText',
  'multilineText',
  'email',
  'url',
  'phoneNumber',
  'number',
  'duration',
  'dateTime',
]);

/** Types `performUpsert.fieldsToMergeOn` accepts: text, number, select and date. */
const MERGEABLE: ReadonlySet<FieldType> = new Set<FieldType>([
  'singleLineText',
  'multilineText',
  'email',
  'url',
  'phoneNumber',
  'number',
  'duration',
  'dateTime',
  'singleSelect',
]);

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPES as readonly string[]).includes(value);
}

export function canBePrimary(type: FieldType): boolean {
  return PRIMARY_CAPABLE.has(type);
}

export function canMergeOn(type: FieldType): boolean {
  return MERGEABLE.has(type);
}

export function selectChoices(field: StoredField): SelectChoice[] {
  return (field.options?.choices as SelectChoice[] | undefined) ?? [];
}
