// The list-records operation: filter, sort, limit, then hand out one page and a cursor.
import { airtableError } from './api-error';
import type { Cursors } from './cursors';
import { FormulaSyntaxError, UnknownFormulaFieldError } from './formula/errors';
import { compileFilter } from './formula/filter';
import type { ListParams } from './list-params';
import { requireField } from './lookup';
import { type RecordJson, recordToJson } from './record-view';
import { type ResolvedSort, sortRecords } from './sort';
import type { StoredRecord, StoredTable } from './types';

export interface ListPage {
  records: RecordJson[];
  offset?: string;
}

function filterFor(table: StoredTable, formula: string | undefined): (record: StoredRecord) => boolean {
  if (formula === undefined) return () => true;
  try {
    return compileFilter(formula, table);
  } catch (error) {
    const detail =
      error instanceof UnknownFormulaFieldError
        ? error.message
        : error instanceof FormulaSyntaxError
          ? 'Invalid formula. Please check your formula text.'
          : undefined;
    if (detail === undefined) throw error;
    throw airtableError(422, 'INVALID_FILTER_BY_FORMULA', `The formula for filtering records is invalid: ${detail}`);
  }
}

function checkView(table: StoredTable, view: string | undefined): void {
  // Every table has just the default grid view, which neither filters nor sorts.
  if (view !== undefined && view !== table.viewId && view !== 'Grid view') {
    throw airtableError(422, 'VIEW_NAME_NOT_FOUND', `Could not find view ${JSON.stringify(view)}`);
  }
}

export function listRecords(table: StoredTable, params: ListParams, cursors: Cursors): ListPage {
  checkView(table, params.view);
  const sorts: ResolvedSort[] = params.sort.map((spec) => ({ field: requireField(table, spec.field), direction: spec.direction }));
  const onlyFields = params.fields && new Set(params.fields.map((name) => requireField(table, name).name));
  const matches = filterFor(table, params.filterByFormula);
  const query = JSON.stringify([params.filterByFormula ?? '', sorts.map((s) => [s.field.id, s.direction]), params.maxRecords ?? 0]);

  let recordIds: string[];
  let index = 0;
  let snapshotId: string | undefined;
  if (params.offset !== undefined) {
    ({ recordIds, index, snapshotId } = cursors.resume(params.offset, query));
  } else {
    const selected = sortRecords(table.records.filter(matches), sorts).slice(0, params.maxRecords);
    recordIds = selected.map((record) => record.id);
  }

  // Records deleted since the snapshot was taken are skipped; edits show up.
  const byId = new Map(table.records.map((record) => [record.id, record]));
  const page: RecordJson[] = [];
  while (index < recordIds.length && page.length < params.pageSize) {
    const record = byId.get(recordIds[index++]);
    if (record) page.push(recordToJson(table, record, { onlyFields, byFieldId: params.returnFieldsByFieldId }));
  }
  if (index >= recordIds.length) return { records: page };
  snapshotId ??= cursors.create(query, recordIds);
  return { records: page, offset: cursors.offsetFor(snapshotId, recordIds[index]) };
}
