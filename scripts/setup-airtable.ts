// `npm run setup:airtable`: creates the call-log table and the scheduled reconcile's marker
// table in an existing base through Airtable's Meta API, or reports exactly which fields an
// existing table lacks.

import { ConfigError } from '../functions/lib/boundary/errors';
import { COLUMNS, type FieldSpec, INBOX_COLUMNS, TABLE_FIELDS } from '../functions/lib/calls/record';
import { SCHEDULE_FIELDS } from '../functions/lib/store/schedule-marker';
import { type AirtableConfig, readAirtableConfig, readScheduleTable } from '../functions/lib/store/settings';
import { readEnvFile } from './env-file';

const DEFAULT_ENDPOINT = 'https://api.airtable.com';

interface MetaTable {
  id: string;
  name: string;
  fields: Array<{ name: string; type: string }>;
}

export type TableCheck =
  | { state: 'created' }
  | { state: 'complete' }
  | { state: 'incomplete'; missing: FieldSpec[]; wrongType: Array<{ name: string; expected: string; actual: string }> };

async function meta<T>(config: AirtableConfig, method: 'GET' | 'POST', body?: unknown): Promise<T> {
  const url = `${config.endpointUrl ?? DEFAULT_ENDPOINT}/v0/meta/bases/${config.baseId}/tables`;
  // An explicit timer, cleared on answer, so that a finished setup leaves nothing pending.
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), 15000);
  const response = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: abort.signal,
  }).finally(() => clearTimeout(timer));
  const payload = (await response.json().catch(() => ({}))) as { error?: { type?: string; message?: string } | string };
  if (!response.ok) {
    const error = typeof payload.error === 'string' ? { type: payload.error } : (payload.error ?? {});
    const scopes = response.status === 403 ? ' (the token needs schema.bases:read and schema.bases:write on this base)' : '';
    throw new Error(`Airtable Meta API ${method} answered ${response.status} ${error.type ?? ''} ${error.message ?? ''}${scopes}`.trim());
  }
  return payload as T;
}

/** Creates the table when absent; never alters an existing one, only reports what it lacks. */
async function ensureTable(config: AirtableConfig, name: string, description: string, fields: FieldSpec[]): Promise<TableCheck> {
  const { tables } = await meta<{ tables: MetaTable[] }>(config, 'GET');
  const existing = tables.find((table) => table.name.toLowerCase() === name.toLowerCase());
  if (!existing) {
    await meta(config, 'POST', { name, description, fields });
    return { state: 'created' };
  }
  const byName = new Map(existing.fields.map((field) => [field.name.toLowerCase(), field]));
  const missing = fields.filter((field) => !byName.has(field.name.toLowerCase()));
  const wrongType = fields.flatMap((field) => {
    const actual = byName.get(field.name.toLowerCase());
    return actual && actual.type !== field.type ? [{ name: field.name, expected: field.type, actual: actual.type }] : [];
  });
  return missing.length || wrongType.length ? { state: 'incomplete', missing, wrongType } : { state: 'complete' };
}

export function ensureCallTable(config: AirtableConfig): Promise<TableCheck> {
  return ensureTable(config, config.table, 'One row per phone call, keyed by Call SID. Written by the Twilio Functions.', TABLE_FIELDS);
}

/** The table whose one row says when the scheduled reconcile last ran (/reconcile?by=schedule). */
export function ensureScheduleTable(config: AirtableConfig, table: string): Promise<TableCheck> {
  return ensureTable(config, table, 'When the scheduled reconcile last ran: one row, written by /reconcile?by=schedule.', SCHEDULE_FIELDS);
}

// The feed's inbox writes these (Done, notes and call backs, docs/feed.md); a table without them still
// logs every call and lists it, so their absence is explained rather than left to look fatal.
const INBOX_NAMES = INBOX_COLUMNS.map((key) => COLUMNS[key].name);

export function describeCheck(table: string, check: TableCheck, fields = TABLE_FIELDS, needs = 'the call log'): string {
  if (check.state === 'created') return `Created table "${table}" with ${fields.length} fields.`;
  if (check.state === 'complete') return `Table "${table}" already has every field ${needs} needs.`;
  const callBack = COLUMNS.callBackOf.name;
  const inbox = check.missing
    .filter((field) => INBOX_NAMES.includes(field.name) && field.name !== callBack)
    .map((field) => `"${field.name}"`);
  const noCallBack = check.missing.some((field) => field.name === callBack);
  return [
    `Table "${table}" exists but is not complete. Add these fields in Airtable (or rename the table and run again to create a fresh one):`,
    ...check.missing.map((field) => `  missing: "${field.name}" (${field.type})`),
    ...check.wrongType.map((field) => `  wrong type: "${field.name}" is ${field.actual}, expected ${field.expected}`),
    ...(inbox.length
      ? [`  (${inbox.join(' and ')}: the feed's Done and notes; until they are added the feed lists every call as new, without notes.)`]
      : []),
    ...(noCallBack
      ? [`  ("${callBack}": the feed's call backs; until it is added a call back still rings and marks the call done, unlogged.)`]
      : []),
  ].join('\n');
}

/** `npm run setup:airtable`, run by scripts/run/setup-airtable.ts. */
export async function setupAirtable(): Promise<void> {
  const env = { ...readEnvFile('.env'), ...process.env };
  let config: AirtableConfig;
  try {
    config = readAirtableConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Cannot set up Airtable: ${err.message}. Put it in .env (see .env.example).`);
      process.exit(2);
    }
    throw err;
  }
  const check = await ensureCallTable(config);
  console.log(describeCheck(config.table, check));
  const scheduleTable = readScheduleTable(env);
  const scheduleCheck = await ensureScheduleTable(config, scheduleTable);
  console.log(describeCheck(scheduleTable, scheduleCheck, SCHEDULE_FIELDS, 'the scheduled reconcile'));
  process.exit(check.state === 'incomplete' || scheduleCheck.state === 'incomplete' ? 1 : 0);
}
