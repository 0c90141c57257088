// Where the call log lives: the store domain's variables.
import { defineSettings, type Env, origin, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';

export const STORE_SETTINGS = defineSettings({
  AIRTABLE_TOKEN: { required: true },
  AIRTABLE_BASE_ID: { required: true },
  AIRTABLE_TABLE: { fallback: 'Calls' },
  // One row saying when the scheduled reconcile last ran (store/schedule-marker.ts).
  AIRTABLE_SCHEDULE_TABLE: { fallback: 'Schedule' },
  // Set only to point at a local emulator.
  AIRTABLE_ENDPOINT_URL: { fallback: '' },
});

export interface AirtableConfig {
  token: string;
  baseId: string;
  table: string;
  endpointUrl?: string;
}

export function readAirtableConfig(env: Env): AirtableConfig {
  const token = text(env, STORE_SETTINGS.AIRTABLE_TOKEN);
  const baseId = text(env, STORE_SETTINGS.AIRTABLE_BASE_ID);
  if (!/^app[A-Za-z0-9]{14}$/.test(baseId))
    throw new ConfigError('AIRTABLE_BASE_ID', `must look like app followed by 14 letters or digits (got "${baseId}")`);
  const table = text(env, STORE_SETTINGS.AIRTABLE_TABLE);
  const endpointUrl = origin(env, STORE_SETTINGS.AIRTABLE_ENDPOINT_URL) || undefined;
  return { token, baseId, table, endpointUrl };
}

/** The table of the scheduled reconcile's marker row, in the same base as the call log. */
export function readScheduleTable(env: Env): string {
  return text(env, STORE_SETTINGS.AIRTABLE_SCHEDULE_TABLE);
}
