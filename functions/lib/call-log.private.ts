// The call log in Airtable: the table's schema, the typed call record, and the one
// write the product makes: an idempotent upsert keyed by the Call SID.
// All Airtable I/O lives in this module.
import Airtable from 'airtable';
import type { AirtableConfig } from './config.private';

export const CHOICES = ['forward', 'voicemail', 'none'] as const;
export const FORWARD_STATUSES = ['answered', 'no-answer', 'busy', 'failed', 'canceled'] as const;
export const CALL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'canceled'] as const;
export const RECORDING_STATUSES = ['completed', 'absent', 'failed'] as const;
export const TRANSCRIPTION_STATUSES = ['completed', 'failed'] as const;

export type Choice = (typeof CHOICES)[number];
export type ForwardStatus = (typeof FORWARD_STATUSES)[number];
export type CallStatus = (typeof CALL_STATUSES)[number];

/** One call as the product knows it. Every fact but the SID is optional: each callback owns a few. */
export interface CallRecord {
  callSid: string;
  startedAt?: Date;
  endedAt?: Date;
  from?: string;
  to?: string;
  callerName?: string;
  callerLocation?: string;
  choice?: Choice;
  forwardedTo?: string;
  forwardStatus?: ForwardStatus;
  forwardTalkSeconds?: number;
  forwardCallSid?: string;
  callStatus?: CallStatus;
  durationSeconds?: number;
  recordingSid?: string;
  recordingUrl?: string;
  recordingSeconds?: number;
  recordingStatus?: (typeof RECORDING_STATUSES)[number];
  transcript?: string;
  transcriptionStatus?: (typeof TRANSCRIPTION_STATUSES)[number];
}

export interface FieldSpec {
  name: string;
  type: string;
  description: string;
  options?: Record<string, unknown>;
}

const dateTime = { timeZone: 'utc', dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' } };
const duration = { durationFormat: 'h:mm:ss' };
const select = (names: readonly string[]) => ({ choices: names.map((name) => ({ name })) });

/** Column per call fact; the first is the table's primary field and the upsert key. */
export const COLUMNS: { [K in keyof Required<CallRecord>]: FieldSpec } = {
  callSid: { name: 'Call SID', type: 'singleLineText', description: "Twilio's Call SID of the inbound call (CA...)." },
  startedAt: { name: 'Started At', type: 'dateTime', options: dateTime, description: 'When the call started (UTC).' },
  endedAt: { name: 'Ended At', type: 'dateTime', options: dateTime, description: 'When the call ended (UTC).' },
  from: { name: 'From', type: 'singleLineText', description: "Caller's number, E.164 when known (may be anonymous)." },
  to: { name: 'To', type: 'singleLineText', description: 'The business number that was called.' },
  callerName: { name: 'Caller Name', type: 'singleLineText', description: 'Caller ID name, when the number has caller name lookup.' },
  callerLocation: { name: 'Caller Location', type: 'singleLineText', description: 'City, state and country Twilio gives for the caller.' },
  choice: { name: 'Choice', type: 'singleSelect', options: select(CHOICES), description: 'What the caller chose at the menu; empty when they hung up before choosing.' },
  forwardedTo: { name: 'Forwarded To', type: 'singleLineText', description: 'Number the call was forwarded to.' },
  forwardStatus: { name: 'Forward Status', type: 'singleSelect', options: select(FORWARD_STATUSES), description: 'Outcome of the forwarded leg.' },
  forwardTalkSeconds: { name: 'Forward Talk Time', type: 'duration', options: duration, description: 'Talk time on the forwarded leg, in seconds.' },
  forwardCallSid: { name: 'Forward Call SID', type: 'singleLineText', description: 'Call SID of the forwarded leg.' },
  callStatus: { name: 'Call Status', type: 'singleSelect', options: select(CALL_STATUSES), description: 'Final status of the inbound call.' },
  durationSeconds: { name: 'Duration', type: 'duration', options: duration, description: 'Total length of the inbound call, in seconds.' },
  recordingSid: { name: 'Recording SID', type: 'singleLineText', description: 'Voicemail recording SID (RE...).' },
  recordingUrl: { name: 'Recording URL', type: 'url', description: "Voicemail media URL at Twilio (needs the account's credentials when media auth is enforced)." },
  recordingSeconds: { name: 'Recording Duration', type: 'duration', options: duration, description: 'Voicemail length, in seconds.' },
  recordingStatus: { name: 'Recording Status', type: 'singleSelect', options: select(RECORDING_STATUSES), description: 'Voicemail recording status.' },
  transcript: { name: 'Transcript', type: 'multilineText', description: 'Voicemail transcript.' },
  transcriptionStatus: { name: 'Transcription Status', type: 'singleSelect', options: select(TRANSCRIPTION_STATUSES), description: 'Whether transcription succeeded.' },
};

const MERGE_FIELD = COLUMNS.callSid.name;
export const TABLE_FIELDS: FieldSpec[] = Object.values(COLUMNS);

type AirtableFields = Record<string, string | number>;

export function toAirtableFields(record: CallRecord): AirtableFields {
  const fields: AirtableFields = {};
  for (const key of Object.keys(COLUMNS) as (keyof CallRecord)[]) {
    const value = record[key];
    if (value === undefined) continue;
    fields[COLUMNS[key].name] = value instanceof Date ? value.toISOString() : value;
  }
  return fields;
}

/**
 * A store failure. `retryable` says whether Twilio retrying the callback can help; `status` is
 * Airtable's HTTP status when it answered, so a caller with time to spare can wait out a 429.
 */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

// Budget: a callback must answer well inside the Functions' 10 s limit and leave
// Twilio's 15 s retry window room for its own retries, so at most two attempts of
// 2.5 s each. A 429 is not retried here: Airtable locks the base out for 30 s.
const REQUEST_TIMEOUT_MS = 2500;
const ATTEMPTS = 2;
const BACKOFF_MS = 250;

interface AirtableFailure {
  error?: string;
  message?: string;
  statusCode?: number | null;
}

function describe(err: unknown): { message: string; retryable: boolean; status?: number } {
  const failure = (err ?? {}) as AirtableFailure;
  const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
  const message = `${failure.error ?? 'ERROR'}${status ? ` (${status})` : ''}: ${failure.message ?? String(err)}`;
  if (status === undefined) return { message, retryable: true }; // timeout or connection failure
  return { message, status, retryable: status >= 500 || status === 429 };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject({ error: 'TIMEOUT', message: `no answer from Airtable within ${ms} ms` }), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type AirtableRequest = { method: 'GET' | 'PATCH'; path: string; qs?: Record<string, unknown>; body?: unknown };

/**
 * One Airtable request through the real client, with the client's unsuitable defaults
 * (5-minute timeout, endless 429 retries) replaced by a bounded budget of our own.
 */
async function airtableRequest<T>(config: AirtableConfig, request: AirtableRequest, attempts = ATTEMPTS): Promise<T> {
  const base = new Airtable({
    apiKey: config.token,
    endpointUrl: config.endpointUrl,
    requestTimeout: REQUEST_TIMEOUT_MS,
    noRetryIfRateLimited: true,
  }).base(config.baseId);
  const path = `/${encodeURIComponent(config.table)}${request.path}`;
  let last = { message: 'no attempt made', retryable: true } as ReturnType<typeof describe>;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await withDeadline(base.makeRequest({ ...request, path }), REQUEST_TIMEOUT_MS + 500);
      return response.body as T;
    } catch (err) {
      last = describe(err);
      const worthRetrying = last.retryable && last.status !== 429;
      if (!worthRetrying || attempt === attempts) break;
      await sleep(BACKOFF_MS * attempt);
    }
  }
  throw new StoreError(`Airtable request failed: ${last.message}`, last.retryable, last.status);
}

/** Writes the facts one callback owns. Idempotent: replays and reordering converge. */
export async function recordCallFacts(config: AirtableConfig, record: CallRecord): Promise<void> {
  await airtableRequest(config, {
    method: 'PATCH',
    path: '',
    body: {
      performUpsert: { fieldsToMergeOn: [MERGE_FIELD] },
      records: [{ fields: toAirtableFields(record) }],
      typecast: true,
    },
  });
}

// Reading the log back, for the activity feed. Rows come from a table people can also
// edit by hand, so each cell is checked against its column's type; a cell that does not
// fit is treated as unknown rather than passed on.
function fromCell(spec: FieldSpec, cell: unknown): string | number | Date | undefined {
  switch (spec.type) {
    case 'dateTime': {
      const date = typeof cell === 'string' ? new Date(cell) : undefined;
      return date && !Number.isNaN(date.getTime()) ? date : undefined;
    }
    case 'duration':
      return typeof cell === 'number' && Number.isFinite(cell) && cell >= 0 ? cell : undefined;
    case 'singleSelect': {
      const choices = (spec.options?.choices ?? []) as { name: string }[];
      return choices.some((choice) => choice.name === cell) ? (cell as string) : undefined;
    }
    default:
      return typeof cell === 'string' && cell !== '' ? cell : undefined;
  }
}

/** The call a row describes, or undefined for a row without a Call SID. */
function fromAirtableFields(fields: Record<string, unknown>): CallRecord | undefined {
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(COLUMNS) as (keyof CallRecord)[]) {
    const value = fromCell(COLUMNS[key], fields[COLUMNS[key].name]);
    if (value !== undefined) record[key] = value;
  }
  // Every value above has its column's type, which is the type CallRecord gives that key.
  return typeof record.callSid === 'string' ? (record as unknown as CallRecord) : undefined;
}

export interface CallPageRequest {
  pageSize: number;
  /** Airtable's cursor from the previous page. */
  offset?: string;
  filterByFormula?: string;
  /** Only these columns are fetched (the Call SID always is). */
  fields: readonly (keyof CallRecord)[];
}

export interface CallPage {
  calls: CallRecord[];
  /** Cursor of the next page; absent on the last one. */
  offset?: string;
}

interface ListResponse {
  records?: { fields?: Record<string, unknown> }[];
  offset?: unknown;
}

/** One page of calls, newest first: exactly one Airtable request. */
export async function listCalls(config: AirtableConfig, request: CallPageRequest): Promise<CallPage> {
  const columns = new Set<keyof CallRecord>(['callSid', ...request.fields]);
  const qs: Record<string, unknown> = {
    pageSize: request.pageSize,
    sort: [{ field: COLUMNS.startedAt.name, direction: 'desc' }],
    fields: [...columns].map((key) => COLUMNS[key].name),
  };
  // The client would send an absent value as an empty parameter, which Airtable rejects.
  if (request.offset !== undefined) qs.offset = request.offset;
  if (request.filterByFormula !== undefined) qs.filterByFormula = request.filterByFormula;
  const body = await airtableRequest<ListResponse>(config, { method: 'GET', path: '', qs });
  if (!Array.isArray(body?.records)) throw new StoreError('Airtable answered a list request without records', true);
  const calls = body.records.map((row) => fromAirtableFields(row.fields ?? {})).filter((call) => call !== undefined);
  return typeof body.offset === 'string' ? { calls, offset: body.offset } : { calls };
}
