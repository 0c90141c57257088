// A local stand-in for Airtable's Web API, faithful enough that the official `airtable`
// client cannot tell it apart for what this product does. Start it, and give its `url`
// to the client as `endpointUrl`.
import { Cursors } from './cursors';
import { type FaultRule, Faults, validateFaultRule } from './faults';
import { isId } from './ids';
import { RateLimiter, type RateLimitSettings } from './rate-limiter';
import { type RecordJson, recordToJson } from './record-view';
import { DEFAULT_MULTIPLE_MATCHES, type MultipleMatchesAnswer } from './record-writes';
import { buildTable } from './schema';
import { EmulatorServer, type RequestLogEntry } from './server';
import { Store } from './store';

export type { FaultRule } from './faults';
export type { RequestLogEntry } from './server';

export interface AirtableEmulatorOptions {
  /** 0 or undefined: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Keep all data in a JSON file in this folder, so it survives restarts; undefined = memory only. */
  dataDir?: string;
  /** Accepted personal access tokens; undefined = any non-empty token. */
  tokens?: string[];
  rateLimit?: RateLimitSettings;
  /** Added before every response. */
  latencyMs?: number;
  /** How long a list `offset` stays usable (Airtable's iterators expire); default 5 minutes. */
  cursorLifetimeMs?: number;
  log?: (line: string) => void;
}

export type EmulatorRecord = RecordJson;

export interface FieldSpec {
  name: string;
  type: string;
  description?: string;
  options?: Record<string, unknown>;
}

export interface AirtableEmulator {
  /** 'http://127.0.0.1:PORT': the client's endpointUrl. */
  url: string;
  close(): Promise<void>;
  setLatency(ms: number): void;
  /** How long a list `offset` stays usable from now on, for the cursors already given out too. */
  setCursorLifetime(ms: number): void;
  /** Race mode: upserts do not see records created less than `windowMs` ago (0 = off). See record-writes.ts. */
  setUpsertRace(windowMs: number): void;
  /** How an upsert matching more than one record is refused from now on (default: the emulator's own wording). */
  setMultipleMatchesAnswer(answer?: MultipleMatchesAnswer): void;
  setRateLimit(settings: RateLimitSettings): void;
  /** The next `count` matching record/meta requests fail with `status` and an Airtable-shaped body. */
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Direct seeding, with the Meta API's validation (throws its error message). */
  createTable(baseId: string, table: { name: string; description?: string; fields: FieldSpec[] }): void;
  /** Direct read for assertions, in creation order, shaped as the API returns records. */
  records(baseId: string, tableName: string): EmulatorRecord[];
  requestLog: RequestLogEntry[];
}

export async function startAirtableEmulator(options: AirtableEmulatorOptions = {}): Promise<AirtableEmulator> {
  const store = new Store(options.dataDir);
  const faults = new Faults();
  const rateLimiter = new RateLimiter();
  rateLimiter.configure(options.rateLimit ?? { enabled: false });
  let latencyMs = options.latencyMs ?? 0;
  let upsertRaceMs = 0;
  let multipleMatches = DEFAULT_MULTIPLE_MATCHES;
  const requestLog: RequestLogEntry[] = [];
  const cursors = new Cursors(options.cursorLifetimeMs);

  const controls = {
    setLatency(ms: number) {
      latencyMs = ms;
    },
    setCursorLifetime(ms: number) {
      cursors.lifetimeMs = ms;
    },
    setUpsertRace(windowMs: number) {
      upsertRaceMs = windowMs;
    },
    setMultipleMatchesAnswer(answer: MultipleMatchesAnswer = DEFAULT_MULTIPLE_MATCHES) {
      multipleMatches = answer;
    },
    setRateLimit(settings: RateLimitSettings) {
      rateLimiter.configure(settings);
    },
    injectFault(rule: FaultRule) {
      faults.add(validateFaultRule(rule));
    },
    clearFaults() {
      faults.clear();
    },
  };

  const server = new EmulatorServer({
    store,
    cursors,
    faults,
    rateLimiter,
    controls,
    tokens: options.tokens,
    latencyMs: () => latencyMs,
    upsertRaceMs: () => upsertRaceMs,
    multipleMatches: () => multipleMatches,
    requestLog,
    log: options.log,
  });
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 0, host);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    close: () => server.close(),
    ...controls,
    createTable(baseId, table) {
      if (!isId('app', baseId)) throw new Error(`Not an Airtable base id: ${JSON.stringify(baseId)}`);
      const base = store.base(baseId);
      base.tables.push(buildTable(table, base));
      store.commit();
    },
    records(baseId, tableName) {
      const table = store.requireTable(baseId, tableName);
      return structuredClone(table.records.map((record) => recordToJson(table, record)));
    },
    requestLog,
  };
}
