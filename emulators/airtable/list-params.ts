// Reads list-records options from a GET query string or a POST listRecords body into one
// validated shape.
import { invalidRequest } from './api-error';

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListParams {
  pageSize: number;
  offset?: string;
  maxRecords?: number;
  sort: SortSpec[];
  fields?: string[];
  filterByFormula?: string;
  view?: string;
  returnFieldsByFieldId: boolean;
}

const MAX_PAGE_SIZE = 100;

/** Accepted but without effect here: they only change `cellFormat: 'string'` output. */
const IGNORED = new Set(['timeZone', 'userLocale']);

/** The client's `select({method: 'post'})` leaves `method` in the body; Airtable ignores it. */
const IGNORED_IN_BODY = new Set([...IGNORED, 'method']);

interface RawParams {
  pageSize?: unknown;
  offset?: unknown;
  maxRecords?: unknown;
  sort?: unknown;
  fields?: unknown;
  filterByFormula?: unknown;
  view?: unknown;
  cellFormat?: unknown;
  returnFieldsByFieldId?: unknown;
}

const RAW_KEYS = new Set([
  'pageSize',
  'offset',
  'maxRecords',
  'sort',
  'fields',
  'filterByFormula',
  'view',
  'cellFormat',
  'returnFieldsByFieldId',
]);

function positiveInteger(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalidRequest(`Invalid ${name}: ${JSON.stringify(value)}. It must be an integer from 1 to ${max}`);
  }
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be a string`);
  return value === '' ? undefined : value;
}

function sortSpecs(value: unknown): SortSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidRequest('sort must be an array of {field, direction}');
  return value.map((entry: unknown) => {
    const spec = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const direction = spec.direction ?? 'asc';
    if (typeof spec.field !== 'string' || (direction !== 'asc' && direction !== 'desc')) {
      throw invalidRequest('Every sort entry needs a field and a direction of "asc" or "desc"');
    }
    return { field: spec.field, direction };
  });
}

function fieldList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string')) {
    throw invalidRequest('fields must be an array of field names');
  }
  return value;
}

function validate(raw: RawParams): ListParams {
  if (raw.cellFormat !== undefined && raw.cellFormat !== 'json') {
    throw invalidRequest('The emulator only supports cellFormat "json"');
  }
  if (raw.returnFieldsByFieldId !== undefined && typeof raw.returnFieldsByFieldId !== 'boolean') {
    throw invalidRequest('returnFieldsByFieldId must be a boolean');
  }
  return {
    pageSize: positiveInteger(raw.pageSize, 'pageSize', MAX_PAGE_SIZE) ?? MAX_PAGE_SIZE,
    offset: optionalString(raw.offset, 'offset'),
    maxRecords: positiveInteger(raw.maxRecords, 'maxRecords'),
    sort: sortSpecs(raw.sort),
    fields: fieldList(raw.fields),
    filterByFormula: optionalString(raw.filterByFormula, 'filterByFormula'),
    view: optionalString(raw.view, 'view'),
    returnFieldsByFieldId: raw.returnFieldsByFieldId === true,
  };
}

function queryNumber(value: string): number {
  return value.trim() === '' ? Number.NaN : Number(value);
}

/**
 * GET form, as the client encodes it: `fields[]=A`, `sort[0][field]=B&sort[0][direction]=desc`.
 * An empty value counts as absent: the client sends `offset=` for an undefined offset.
 */
export function listParamsFromQuery(query: URLSearchParams): ListParams {
  const raw: RawParams = {};
  const fields: string[] = [];
  const sorts: Array<Record<string, string>> = [];
  for (const [key, value] of query) {
    const sortMatch = /^sort\[(\d+)\]\[(field|direction)\]$/.exec(key);
    if (sortMatch) {
      const index = Number(sortMatch[1]);
      if (index > 100) throw invalidRequest('Too many sort entries');
      sorts[index] ??= {};
      sorts[index][sortMatch[2]] = value;
    } else if (/^fields\[\d*\]$/.test(key)) {
      fields.push(value);
    } else if (IGNORED.has(key) || value === '') {
    } else if (key === 'pageSize' || key === 'maxRecords') {
      raw[key] = queryNumber(value);
    } else if (key === 'limit') {
      // The client's deprecated table.list()/forEach() still page with the old name.
      raw.pageSize ??= queryNumber(value);
    } else if (key === 'returnFieldsByFieldId') {
      raw.returnFieldsByFieldId = value === 'true' || value === '1';
    } else if (key === 'offset' || key === 'filterByFormula' || key === 'view' || key === 'cellFormat') {
      raw[key] = value;
    } else {
      throw invalidRequest(`Unknown query parameter ${JSON.stringify(key)}`);
    }
  }
  if (fields.length > 0) raw.fields = fields;
  if (sorts.length > 0) raw.sort = sorts.filter((entry) => entry !== undefined);
  return validate(raw);
}

/** POST .../listRecords form: the same options as a JSON body. */
export function listParamsFromBody(body: unknown): ListParams {
  if (body === undefined || body === null) return validate({});
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidRequest('The request body must be an object');
  const entries = Object.entries(body as Record<string, unknown>).filter(([key]) => !IGNORED_IN_BODY.has(key));
  const unknown = entries.find(([key]) => !RAW_KEYS.has(key));
  if (unknown) throw invalidRequest(`Unknown parameter ${JSON.stringify(unknown[0])}`);
  return validate(Object.fromEntries(entries) as RawParams);
}
