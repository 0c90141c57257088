// Table and field creation with the Meta API's validation, plus the Meta API's view of them.
import { airtableError, invalidRequest } from './api-error';
import { normaliseOptions } from './field-options';
import { canBePrimary, isFieldType } from './field-types';
import { newId } from './ids';
import type { StoredBase, StoredField, StoredTable } from './types';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalDescription(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${what} description must be a string`);
  return value;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Validates one field definition against the fields that already exist beside it. */
export function buildField(input: unknown, existing: StoredField[], isPrimary: boolean): StoredField {
  if (!isObject(input)) throw invalidRequest('Every field must be an object with a name and a type');
  const { name, type } = input;
  if (typeof name !== 'string' || name.trim() === '') {
    throw airtableError(422, 'DUPLICATE_OR_EMPTY_FIELD_NAME', 'Field names must be non-empty');
  }
  if (existing.some((field) => sameName(field.name, name))) {
    throw airtableError(
      422,
      'DUPLICATE_OR_EMPTY_FIELD_NAME',
      `Field name ${JSON.stringify(name)} is already used (names are unique ignoring case)`,
    );
  }
  if (!isFieldType(type)) {
    throw airtableError(
      422,
      'UNSUPPORTED_FIELD_TYPE_FOR_CREATE',
      `Field type ${JSON.stringify(type)} is not supported for field ${JSON.stringify(name)}`,
    );
  }
  if (isPrimary && !canBePrimary(type)) {
    throw airtableError(422, 'INVALID_PRIMARY_FIELD_TYPE', `Field type ${type} cannot be the primary (first) field`);
  }
  const field: StoredField = { id: newId('fld'), name, type };
  const description = optionalDescription(input.description, 'Field');
  if (description !== undefined) field.description = description;
  const options = normaliseOptions(name, type, input.options);
  if (options !== undefined) field.options = options;
  return field;
}

export function buildTable(input: unknown, base: StoredBase): StoredTable {
  if (!isObject(input)) throw invalidRequest('The request body must be a table definition');
  const { name, fields } = input;
  if (typeof name !== 'string' || name.trim() === '') throw invalidRequest('A table needs a non-empty name');
  if (base.tables.some((table) => sameName(table.name, name))) {
    throw airtableError(422, 'DUPLICATE_TABLE_NAME', `A table named ${JSON.stringify(name)} already exists`);
  }
  if (!Array.isArray(fields) || fields.length === 0) throw invalidRequest('A table needs at least one field');
  const built: StoredField[] = [];
  for (const [index, spec] of fields.entries()) built.push(buildField(spec, built, index === 0));
  const table: StoredTable = { id: newId('tbl'), name, viewId: newId('viw'), fields: built, records: [] };
  const description = optionalDescription(input.description, 'Table');
  if (description !== undefined) table.description = description;
  return table;
}

export function fieldToMeta(field: StoredField): Record<string, unknown> {
  return { ...field };
}

export function tableToMeta(table: StoredTable): Record<string, unknown> {
  return {
    id: table.id,
    name: table.name,
    ...(table.description !== undefined ? { description: table.description } : {}),
    primaryFieldId: table.fields[0].id,
    fields: table.fields.map(fieldToMeta),
    views: [{ id: table.viewId, name: 'Grid view', type: 'grid' }],
  };
}
