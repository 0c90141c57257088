// Creates, updates, upserts and deletes records. Every request is validated in full
// before anything changes, so a rejected batch leaves the table exactly as it was.
import { airtableError, invalidRecords, invalidRequest } from './api-error';
import { toCell } from './cell-values';
import { newChoice } from './field-options';
import { canMergeOn, selectChoices } from './field-types';
import { newId } from './ids';
import { requireField, requireRecord } from './lookup';
import type { CellValue, StoredField, StoredRecord, StoredTable } from './types';
import { MAX_RECORDS_PER_REQUEST, type RecordInput, type WriteRequest } from './write-request';

interface PreparedFields {
  /** Keyed by field name; undefined clears the cell. */
  values: Map<string, CellValue | undefined>;
  newChoices: Array<{ field: StoredField; name: string }>;
}

interface PlannedWrite {
  target?: StoredRecord;
  prepared: PreparedFields;
}

export interface WriteResult {
  records: StoredRecord[];
  createdRecords: string[];
  updatedRecords: string[];
}

function prepareFields(table: StoredTable, fields: Record<string, unknown>, typecast: boolean): PreparedFields {
  const prepared: PreparedFields = { values: new Map(), newChoices: [] };
  for (const [nameOrId, raw] of Object.entries(fields)) {
    const field = requireField(table, nameOrId);
    const cell = toCell(field, raw, typecast);
    prepared.values.set(field.name, cell.value);
    if (cell.newChoice !== undefined) prepared.newChoices.push({ field, name: cell.newChoice });
  }
  return prepared;
}

function addChoices(plans: PlannedWrite[]): void {
  for (const { field, name } of plans.flatMap((plan) => plan.prepared.newChoices)) {
    const choices = selectChoices(field);
    if (!choices.some((choice) => choice.name === name)) {
      field.options = { ...field.options, choices: [...choices, newChoice(name, choices.length)] };
    }
  }
}

function writeCells(record: StoredRecord, values: Map<string, CellValue | undefined>, replace: boolean): void {
  if (replace) record.fields = {};
  for (const [name, value] of values) {
    if (value === undefined) delete record.fields[name];
    else record.fields[name] = value;
  }
}

/** Applies a validated plan; writes without a target create records. */
function apply(table: StoredTable, plans: PlannedWrite[], replace: boolean): WriteResult {
  addChoices(plans);
  const result: WriteResult = { records: [], createdRecords: [], updatedRecords: [] };
  for (const { target, prepared } of plans) {
    if (target) {
      writeCells(target, prepared.values, replace);
      result.updatedRecords.push(target.id);
      result.records.push(target);
    } else {
      const record: StoredRecord = { id: newId('rec'), createdTime: new Date().toISOString(), fields: {} };
      writeCells(record, prepared.values, false);
      table.records.push(record);
      result.createdRecords.push(record.id);
      result.records.push(record);
    }
  }
  return result;
}

function mergeFieldsFor(table: StoredTable, namesOrIds: string[]): StoredField[] {
  const fields = namesOrIds.map((nameOrId) => requireField(table, nameOrId));
  for (const field of fields) {
    if (!canMergeOn(field.type))
      throw invalidRequest(`Field ${JSON.stringify(field.name)} (${field.type}) cannot be used in fieldsToMergeOn`);
  }
  if (new Set(fields).size !== fields.length) throw invalidRequest('fieldsToMergeOn lists a field twice');
  return fields;
}

/**
 * Airtable does not promise that concurrent upserts of a new key create one record: its upsert
 * docs (https://airtable.com/developers/web/api/update-multiple-records) say zero matches create
 * a record and more than one fail the request, and nothing about atomicity between requests.
 * In race mode a record created less than `raceWindowMs` ago is not yet seen by an upsert, as if
 * that upsert had started at the same moment: two upserts of a new key both create a record.
 */
/**
 * How the refusal of an upsert whose merge values match more than one record is answered. The
 * docs name no type or wording for it; the default is the emulator's own, and a test can pick
 * another to show that the product does not depend on it.
 */
export interface MultipleMatchesAnswer {
  type: string;
  /** `{index}` and `{count}` stand for the record's index and how many records it matched. */
  message: string;
}

export const DEFAULT_MULTIPLE_MATCHES: MultipleMatchesAnswer = {
  type: 'INVALID_RECORDS',
  message: 'Record at index {index} matches {count} existing records on fieldsToMergeOn; at most one may match',
};

function visibleTo(raceWindowMs: number, now: number): (record: StoredRecord) => boolean {
  return (record) => raceWindowMs <= 0 || now - Date.parse(record.createdTime) >= raceWindowMs;
}

/** Finds the record an upsert row should update: by id if given, else by its merge values. */
function planUpserts(
  table: StoredTable,
  records: RecordInput[],
  prepared: PreparedFields[],
  mergeOn: string[],
  raceWindowMs: number,
  multipleMatches: MultipleMatchesAnswer,
): PlannedWrite[] {
  const visible = visibleTo(raceWindowMs, Date.now());
  const mergeFields = mergeFieldsFor(table, mergeOn);
  const seenKeys = new Set<string>();
  return records.map((input, index) => {
    if (input.id !== undefined) return { target: requireRecord(table, input.id), prepared: prepared[index] };
    const values = mergeFields.map((field) => {
      if (!prepared[index].values.has(field.name)) {
        throw invalidRecords(`Record at index ${index} has no value for merge field ${JSON.stringify(field.name)}`);
      }
      return prepared[index].values.get(field.name);
    });
    const key = JSON.stringify(values);
    if (seenKeys.has(key)) throw invalidRecords(`Records in one upsert must have distinct fieldsToMergeOn values (index ${index})`);
    seenKeys.add(key);
    const matches = table.records.filter(
      (record) => visible(record) && mergeFields.every((field, i) => record.fields[field.name] === values[i]),
    );
    if (matches.length > 1) {
      throw airtableError(
        422,
        multipleMatches.type,
        multipleMatches.message.replace('{index}', String(index)).replace('{count}', String(matches.length)),
      );
    }
    return { target: matches[0], prepared: prepared[index] };
  });
}

export function createRecords(table: StoredTable, request: WriteRequest): WriteResult {
  const plans = request.records.map((input) => ({ prepared: prepareFields(table, input.fields, request.typecast) }));
  return apply(table, plans, false);
}

/** PATCH merges into existing cells, PUT (`replace`) clears the cells it does not mention. */
export function updateRecords(
  table: StoredTable,
  request: WriteRequest,
  replace: boolean,
  raceWindowMs = 0,
  multipleMatches = DEFAULT_MULTIPLE_MATCHES,
): WriteResult {
  const prepared = request.records.map((input) => prepareFields(table, input.fields, request.typecast));
  const plans = request.fieldsToMergeOn
    ? planUpserts(table, request.records, prepared, request.fieldsToMergeOn, raceWindowMs, multipleMatches)
    : request.records.map((input, index) => ({ target: requireRecord(table, input.id!), prepared: prepared[index] }));
  return apply(table, plans, replace);
}

export function deleteRecords(table: StoredTable, recordIds: string[]): string[] {
  if (recordIds.length === 0 || recordIds.length > MAX_RECORDS_PER_REQUEST) {
    throw invalidRecords(`You must provide an array of up to ${MAX_RECORDS_PER_REQUEST} record ids`);
  }
  for (const recordId of recordIds) requireRecord(table, recordId);
  const doomed = new Set(recordIds);
  table.records = table.records.filter((record) => !doomed.has(record.id));
  return recordIds;
}
