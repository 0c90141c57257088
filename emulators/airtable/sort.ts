// Sorting by several fields. Blanks sort as the smallest value, and ties keep creation
// order (Array.prototype.sort is stable).
import { selectChoices } from './field-types';
import type { CellValue, StoredField, StoredRecord } from './types';

export interface ResolvedSort {
  field: StoredField;
  direction: 'asc' | 'desc';
}

function compareCells(field: StoredField, a: CellValue | undefined, b: CellValue | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  switch (field.type) {
    case 'number':
    case 'duration':
      return (a as number) - (b as number);
    case 'checkbox':
      return 0; // Only ticked boxes are stored, so two stored values are equal.
    case 'singleSelect': {
      // Airtable orders select values by the order of the field's choices.
      const names = selectChoices(field).map((choice) => choice.name);
      return names.indexOf(a as string) - names.indexOf(b as string);
    }
    case 'dateTime':
      // Stored normalised (YYYY-MM-DDTHH:mm:ss.sssZ), so text order is time order.
      return a < b ? -1 : a > b ? 1 : 0;
    default:
      return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
  }
}

export function sortRecords(records: StoredRecord[], sorts: ResolvedSort[]): StoredRecord[] {
  if (sorts.length === 0) return records;
  return [...records].sort((a, b) => {
    for (const { field, direction } of sorts) {
      const order = compareCells(field, a.fields[field.name], b.fields[field.name]);
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  });
}
