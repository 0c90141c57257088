// One function per endpoint and method. Each returns the JSON body of a 200 answer or
// throws an ApiError.
import type { Cursors } from './cursors';
import { listParamsFromBody, listParamsFromQuery } from './list-params';
import { listRecords } from './list-records';
import { requireRecord } from './lookup';
import { recordToJson } from './record-view';
import { createRecords, deleteRecords, type MultipleMatchesAnswer, updateRecords, type WriteResult } from './record-writes';
import type { Route } from './routes';
import { buildField, buildTable, fieldToMeta, tableToMeta } from './schema';
import type { Store } from './store';
import type { StoredTable } from './types';
import { parseBatchUpdate, parseCreate, parseSingleUpdate, type WriteRequest } from './write-request';

export interface HandlerContext<R extends Route = Route> {
  store: Store;
  cursors: Cursors;
  route: R;
  method: string;
  query: URLSearchParams;
  body: unknown;
  /** Race mode (see record-writes.ts): 0 = off. */
  upsertRaceMs: number;
  multipleMatches: MultipleMatchesAnswer;
}

export type Handler<R extends Route = Route> = (context: HandlerContext<R>) => unknown;

type RouteOf<K extends Route['kind']> = Extract<Route, { kind: K }>;
type TableRoute = Exclude<Route, { kind: 'meta-tables' }>;

function tableOf({ store, route }: HandlerContext<TableRoute>): StoredTable {
  return store.requireTable(route.baseId, route.table);
}

function recordsJson(table: StoredTable, result: WriteResult, request: WriteRequest) {
  return result.records.map((record) => recordToJson(table, record, { byFieldId: request.returnFieldsByFieldId }));
}

const listTables: Handler<RouteOf<'meta-tables'>> = ({ store, route }) => ({ tables: store.base(route.baseId).tables.map(tableToMeta) });

const createTable: Handler<RouteOf<'meta-tables'>> = ({ store, route, body }) => {
  const base = store.base(route.baseId);
  const table = buildTable(body, base);
  base.tables.push(table);
  store.commit();
  return tableToMeta(table);
};

const createField: Handler<TableRoute> = (context) => {
  const table = tableOf(context);
  const field = buildField(context.body, table.fields, false);
  table.fields.push(field);
  context.store.commit();
  return fieldToMeta(field);
};

const listFromQuery: Handler<TableRoute> = (context) => listRecords(tableOf(context), listParamsFromQuery(context.query), context.cursors);

const listFromBody: Handler<TableRoute> = (context) => listRecords(tableOf(context), listParamsFromBody(context.body), context.cursors);

const getRecord: Handler<RouteOf<'record'>> = (context) => {
  const table = tableOf(context);
  return recordToJson(table, requireRecord(table, context.route.recordId));
};

const create: Handler<TableRoute> = (context) => {
  const table = tableOf(context);
  const { request, single } = parseCreate(context.body);
  const result = createRecords(table, request);
  context.store.commit();
  const records = recordsJson(table, result, request);
  return single ? records[0] : { records };
};

const updateBatch: Handler<TableRoute> = (context) => {
  const table = tableOf(context);
  const request = parseBatchUpdate(context.body);
  const result = updateRecords(table, request, context.method === 'PUT', context.upsertRaceMs, context.multipleMatches);
  context.store.commit();
  const records = recordsJson(table, result, request);
  // Only upserts report which rows were created and which updated.
  return request.fieldsToMergeOn ? { records, createdRecords: result.createdRecords, updatedRecords: result.updatedRecords } : { records };
};

const updateOne: Handler<RouteOf<'record'>> = (context) => {
  const table = tableOf(context);
  const request = parseSingleUpdate(context.body, context.route.recordId);
  const result = updateRecords(table, request, context.method === 'PUT');
  context.store.commit();
  return recordsJson(table, result, request)[0];
};

const deleteBatch: Handler<TableRoute> = (context) => {
  const table = tableOf(context);
  const ids = [...context.query].filter(([key]) => /^records\[\d*\]$/.test(key)).map(([, value]) => value);
  const deleted = deleteRecords(table, ids);
  context.store.commit();
  return { records: deleted.map((id) => ({ id, deleted: true })) };
};

const deleteOne: Handler<RouteOf<'record'>> = (context) => {
  const [id] = deleteRecords(tableOf(context), [context.route.recordId]);
  context.store.commit();
  return { id, deleted: true };
};

const HANDLERS: { [K in Route['kind']]: Partial<Record<string, Handler<RouteOf<K>>>> } = {
  'meta-tables': { GET: listTables, POST: createTable },
  'meta-fields': { POST: createField },
  table: { GET: listFromQuery, POST: create, PATCH: updateBatch, PUT: updateBatch, DELETE: deleteBatch },
  'list-records': { POST: listFromBody },
  record: { GET: getRecord, PATCH: updateOne, PUT: updateOne, DELETE: deleteOne },
};

export function handlerFor(route: Route, method: string): Handler | undefined {
  // The table above pairs each handler with its own route kind, so this widening is safe.
  return (HANDLERS[route.kind] as Partial<Record<string, Handler>>)[method];
}
