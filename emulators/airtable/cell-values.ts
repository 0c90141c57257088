// Turns a value sent in a write into what Airtable would store, or the error it would
// answer. `typecast` is Airtable's "convert strings for me" switch.
import { type ApiError, airtableError } from './api-error';
import { selectChoices } from './field-types';
import { parseIsoDate } from './iso-date';
import type { CellValue, StoredField } from './types';

export interface CellWrite {
  /** undefined clears the cell. */
  value: CellValue | undefined;
  /** A select option that typecast must add to the field if the write goes through. */
  newChoice?: string;
}

function cannotAccept(field: StoredField): ApiError {
  return airtableError(422, 'INVALID_VALUE_FOR_COLUMN', `Field ${JSON.stringify(field.name)} cannot accept the provided value`);
}

function toText(field: StoredField, raw: unknown, typecast: boolean): string {
  if (typeof raw === 'string') return raw;
  if (typecast && (typeof raw === 'number' || typeof raw === 'boolean')) return String(raw);
  throw cannotAccept(field);
}

function toNumber(field: StoredField, raw: unknown, typecast: boolean): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typecast && typeof raw === 'string') {
    const parsed = Number(raw.trim());
    if (Number.isFinite(parsed)) return parsed;
  }
  throw cannotAccept(field);
}

function toDateTime(field: StoredField, raw: unknown): string {
  const date = typeof raw === 'string' ? parseIsoDate(raw) : undefined;
  if (!date) throw cannotAccept(field);
  return date.toISOString();
}

function toCheckbox(field: StoredField, raw: unknown, typecast: boolean): boolean {
  if (typeof raw === 'boolean') return raw;
  if (typecast && (raw === 'true' || raw === 'false')) return raw === 'true';
  throw cannotAccept(field);
}

function toSelect(field: StoredField, raw: unknown, typecast: boolean): CellWrite {
  const name = toText(field, raw, typecast);
  if (selectChoices(field).some((choice) => choice.name === name)) return { value: name };
  if (typecast) return { value: name, newChoice: name };
  throw airtableError(422, 'INVALID_MULTIPLE_CHOICE_OPTIONS', `Insufficient permissions to create new select option ""${name}""`);
}

export function toCell(field: StoredField, raw: unknown, typecast: boolean): CellWrite {
  if (raw === null || raw === '') return { value: undefined };
  switch (field.type) {
    case 'number':
    case 'duration':
      return { value: toNumber(field, raw, typecast) };
    case 'dateTime':
      return { value: toDateTime(field, raw) };
    case 'checkbox': {
      // Airtable does not store an unticked box: it reads back as an absent field.
      const checked = toCheckbox(field, raw, typecast);
      return { value: checked ? true : undefined };
    }
    case 'singleSelect':
      return toSelect(field, raw, typecast);
    default:
      return { value: toText(field, raw, typecast) };
  }
}
