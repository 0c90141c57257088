// filterByFormula: compiles a formula against a table's fields into a record predicate.
import type { StoredField, StoredRecord, StoredTable } from '../types';
import type { FormulaNode } from './ast';
import { UnknownFormulaFieldError } from './errors';
import { evaluate } from './evaluate';
import { parseFormula } from './parser';
import { isTruthy, type PlainValue } from './values';

function referencedFields(node: FormulaNode, into: Set<string>): Set<string> {
  if (node.kind === 'field') into.add(node.name);
  else if (node.kind === 'binary') {
    referencedFields(node.left, into);
    referencedFields(node.right, into);
  } else if (node.kind === 'negate') referencedFields(node.operand, into);
  else if (node.kind === 'call') for (const arg of node.args) referencedFields(arg, into);
  return into;
}

/** How a cell reads inside a formula: dates are dates, an unticked box is FALSE(). */
function formulaValue(field: StoredField, record: StoredRecord): PlainValue {
  const value = record.fields[field.name];
  if (field.type === 'checkbox') return value === true;
  if (value === undefined) return null;
  if (field.type === 'dateTime') return new Date(value as string);
  return value;
}

/** Throws FormulaSyntaxError or UnknownFormulaFieldError for a formula Airtable would reject. */
export function compileFilter(formula: string, table: StoredTable): (record: StoredRecord) => boolean {
  const tree = parseFormula(formula);
  const fields = new Map(table.fields.map((field) => [field.name, field]));
  const unknown = [...referencedFields(tree, new Set())].filter((name) => !fields.has(name));
  if (unknown.length > 0) throw new UnknownFormulaFieldError(unknown);
  return (record) =>
    isTruthy(
      evaluate(tree, {
        recordId: record.id,
        fieldValue: (name) => formulaValue(fields.get(name)!, record),
      }),
    );
}
