// Validates the body of a create or update request. Shape errors are reported before
// any field is looked at, as Airtable does.
import { airtableError, invalidRecords, invalidRequest } from './api-error';

export interface RecordInput {
  id?: string;
  fields: Record<string, unknown>;
}

export interface WriteRequest {
  records: RecordInput[];
  typecast: boolean;
  returnFieldsByFieldId: boolean;
  /** Set for an upsert: the field names or ids records are matched on. */
  fieldsToMergeOn?: string[];
}

export const MAX_RECORDS_PER_REQUEST = 10;

type Body = Record<string, unknown>;

function asBody(body: unknown, allowed: string[]): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidRequest('The request body must be a JSON object');
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined)
    throw invalidRequest(`Invalid request: parameter validation failed. Unknown parameter ${JSON.stringify(unknown)}`);
  return body as Body;
}

function flag(body: Body, name: string): boolean {
  const value = body[name];
  if (value !== undefined && typeof value !== 'boolean') throw invalidRequest(`${name} must be a boolean`);
  return value === true;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw airtableError(422, 'INVALID_REQUEST_MISSING_FIELDS', 'Could not find field "fields" in the request body');
  }
  return value as Record<string, unknown>;
}

function recordList(value: unknown, idRequired: boolean): RecordInput[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_RECORDS_PER_REQUEST) {
    throw invalidRecords(`You must provide an array of up to ${MAX_RECORDS_PER_REQUEST} record objects, each with a "fields" object`);
  }
  return value.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw invalidRecords(`Record at index ${index} is not an object`);
    const { id, fields } = entry as Body;
    if (id !== undefined && typeof id !== 'string') throw invalidRecords(`Record at index ${index} has an invalid id`);
    if (idRequired && id === undefined) throw invalidRecords(`Record at index ${index} is missing an "id"`);
    return { ...(id !== undefined ? { id } : {}), fields: fieldsOf(fields) };
  });
}

function mergeFields(value: unknown): string[] {
  const spec = (typeof value === 'object' && value !== null ? value : {}) as Body;
  const names = spec.fieldsToMergeOn;
  if (!Array.isArray(names) || names.length < 1 || names.length > 3 || !names.every((name) => typeof name === 'string')) {
    throw invalidRequest('performUpsert.fieldsToMergeOn must be an array of 1 to 3 field names or ids');
  }
  return names;
}

/** POST: `{records:[{fields}]}` or the legacy single `{fields}`. */
export function parseCreate(body: unknown): { request: WriteRequest; single: boolean } {
  const parsed = asBody(body, ['records', 'fields', 'typecast', 'returnFieldsByFieldId']);
  const single = parsed.records === undefined;
  const records = single ? [{ fields: fieldsOf(parsed.fields) }] : recordList(parsed.records, false);
  return { request: { records, typecast: flag(parsed, 'typecast'), returnFieldsByFieldId: flag(parsed, 'returnFieldsByFieldId') }, single };
}

/** PATCH/PUT on the table: `{records:[{id, fields}]}`, or an upsert with `performUpsert`. */
export function parseBatchUpdate(body: unknown): WriteRequest {
  const parsed = asBody(body, ['records', 'typecast', 'performUpsert', 'returnFieldsByFieldId']);
  const upsert = parsed.performUpsert !== undefined;
  return {
    records: recordList(parsed.records, !upsert),
    typecast: flag(parsed, 'typecast'),
    returnFieldsByFieldId: flag(parsed, 'returnFieldsByFieldId'),
    ...(upsert ? { fieldsToMergeOn: mergeFields(parsed.performUpsert) } : {}),
  };
}

/** PATCH/PUT on one record: `{fields}`. */
export function parseSingleUpdate(body: unknown, recordId: string): WriteRequest {
  const parsed = asBody(body, ['fields', 'typecast', 'returnFieldsByFieldId']);
  return {
    records: [{ id: recordId, fields: fieldsOf(parsed.fields) }],
    typecast: flag(parsed, 'typecast'),
    returnFieldsByFieldId: flag(parsed, 'returnFieldsByFieldId'),
  };
}
