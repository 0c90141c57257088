// Airtable formula values and the coercions between them. Errors are values (like
// Airtable's #ERROR!), never exceptions: a record whose formula errs is simply filtered out.
import { parseIsoDate } from '../iso-date';

export class FormulaError {
  constructor(readonly reason: string) {}
}

export type FormulaValue = string | number | boolean | null | Date | FormulaError;
export type PlainValue = Exclude<FormulaValue, FormulaError>;

export function isError(value: FormulaValue): value is FormulaError {
  return value instanceof FormulaError;
}

export function toText(value: PlainValue): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString();
  // Airtable booleans are the numbers 1 and 0.
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

export function toNumber(value: PlainValue): number | FormulaError {
  if (value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return 0;
    const parsed = Number(trimmed);
    return Number.isFinite(parsed) ? parsed : new FormulaError(`Not a number: ${JSON.stringify(value)}`);
  }
  return new FormulaError('A date is not a number');
}

/** null stays null: a blank date is not an error, it just compares as nothing. */
export function toDate(value: PlainValue): Date | null | FormulaError {
  if (value === null || value === '') return null;
  if (value instanceof Date) return value;
  if (typeof value === 'string') return parseIsoDate(value) ?? new FormulaError(`Not a date: ${JSON.stringify(value)}`);
  return new FormulaError('Not a date');
}

export function isTruthy(value: FormulaValue): boolean {
  if (isError(value) || value === null) return false;
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'boolean') return value;
  return true;
}

function isZeroLike(value: PlainValue): boolean {
  return value === null || value === '' || value === 0 || value === false;
}

export function valuesEqual(a: PlainValue, b: PlainValue): boolean {
  if (a instanceof Date || b instanceof Date) {
    const left = toDate(a);
    const right = toDate(b);
    if (left === null || right === null) return left === right;
    return !isError(left) && !isError(right) && left.getTime() === right.getTime();
  }
  // A blank cell equals '', 0 and FALSE(), which is how `{Field} = ''` finds empty cells.
  if (a === null || b === null) return isZeroLike(a) && isZeroLike(b);
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  const left = toNumber(a);
  const right = toNumber(b);
  if (isError(left) || isError(right)) return toText(a) === toText(b);
  return left === right;
}

/** Negative, zero or positive; undefined when the two cannot be ordered (the test is false). */
export function compareValues(a: PlainValue, b: PlainValue): number | undefined {
  if (a instanceof Date || b instanceof Date) {
    const left = toDate(a);
    const right = toDate(b);
    if (left === null || right === null || isError(left) || isError(right)) return undefined;
    return left.getTime() - right.getTime();
  }
  if (typeof a === 'string' && typeof b === 'string') {
    const left = toNumber(a);
    const right = toNumber(b);
    if (isError(left) || isError(right)) return a < b ? -1 : a > b ? 1 : 0;
    return left - right;
  }
  const left = toNumber(a);
  const right = toNumber(b);
  if (isError(left) || isError(right)) return undefined;
  return left - right;
}
