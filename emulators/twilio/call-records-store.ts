// What the stand-in's REST API knows: the calls, recordings and transcriptions the simulator
// reported, by SID, persisted like the media registrations so a restarted stand-in still lists them.
import * as fs from 'fs';
import * as path from 'path';
import type { CallLegRecord, CallRecords, RecordingRecord, TranscriptionRecord } from './types';

const CALL_STATUSES: readonly CallLegRecord['status'][] = ['completed', 'busy', 'no-answer', 'failed', 'canceled'];

type Json = Record<string, unknown>;

function field<T>(item: Json, name: string, ok: (value: unknown) => boolean, what: string): T {
  if (!ok(item[name])) throw new TypeError(`${name} must be ${what} (got ${JSON.stringify(item[name])})`);
  return item[name] as T;
}
const sidOf = (prefix: string) => (value: unknown) => typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
const isText = (value: unknown) => typeof value === 'string' && value !== '';
const isDate = (value: unknown) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isSeconds = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const oneOf = (values: readonly string[]) => (value: unknown) => values.includes(value as string);
const optional = (ok: (value: unknown) => boolean) => (value: unknown) => value === undefined || ok(value);

function list(body: Json, name: keyof CallRecords): Json[] {
  const items = body[name];
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'object' && item !== null)) {
    throw new TypeError(`${name} must be an array of objects`);
  }
  return items as Json[];
}

/** Checks records that arrive over HTTP; throws a TypeError naming the first bad field. */
export function parseCallRecords(value: unknown): CallRecords {
  if (typeof value !== 'object' || value === null) throw new TypeError('expected an object {calls, recordings, transcriptions}');
  const body = value as Json;
  const calls = list(body, 'calls').map(
    (c): CallLegRecord => ({
      sid: field(c, 'sid', sidOf('CA'), 'a Call SID'),
      parentCallSid: field(c, 'parentCallSid', optional(sidOf('CA')), 'a Call SID'),
      direction: field(c, 'direction', oneOf(['inbound', 'outbound-dial', 'outbound-api']), 'inbound, outbound-dial or outbound-api'),
      from: field(c, 'from', isText, 'a number'),
      to: field(c, 'to', isText, 'a number'),
      callerName: field(
        c,
        'callerName',
        optional((v) => typeof v === 'string'),
        'a string',
      ),
      status: field(c, 'status', oneOf(CALL_STATUSES), `one of ${CALL_STATUSES.join(', ')}`),
      startTime: field(c, 'startTime', isDate, 'an RFC 2822 date'),
      endTime: field(c, 'endTime', isDate, 'an RFC 2822 date'),
      durationSeconds: field(c, 'durationSeconds', isSeconds, 'whole seconds'),
    }),
  );
  const recordings = list(body, 'recordings').map(
    (r): RecordingRecord => ({
      sid: field(r, 'sid', sidOf('RE'), 'a Recording SID'),
      callSid: field(r, 'callSid', sidOf('CA'), 'a Call SID'),
      status: field(r, 'status', oneOf(['completed', 'absent']), 'completed or absent'),
      durationSeconds: field(r, 'durationSeconds', isSeconds, 'whole seconds'),
      startTime: field(r, 'startTime', isDate, 'an RFC 2822 date'),
      mediaUrl: field(r, 'mediaUrl', isText, 'a URL'),
    }),
  );
  const transcriptions = list(body, 'transcriptions').map(
    (t): TranscriptionRecord => ({
      sid: field(t, 'sid', sidOf('TR'), 'a Transcription SID'),
      recordingSid: field(t, 'recordingSid', sidOf('RE'), 'a Recording SID'),
      status: field(t, 'status', oneOf(['completed', 'failed']), 'completed or failed'),
      text: field(
        t,
        'text',
        optional((v) => typeof v === 'string'),
        'a string',
      ),
      durationSeconds: field(t, 'durationSeconds', isSeconds, 'whole seconds'),
      dateCreated: field(t, 'dateCreated', isDate, 'an RFC 2822 date'),
    }),
  );
  return { calls, recordings, transcriptions };
}

export interface CallRecordsStore {
  /** Adds or replaces (by SID) what one call left behind. */
  add(records: CallRecords): void;
  calls(): CallLegRecord[];
  recordings(): RecordingRecord[];
  transcriptions(): TranscriptionRecord[];
}

export function callRecordsStore(dataDir: string | undefined): CallRecordsStore {
  const file = dataDir ? path.join(dataDir, 'calls.json') : undefined;
  const saved = file && fs.existsSync(file) ? parseCallRecords(JSON.parse(fs.readFileSync(file, 'utf8'))) : undefined;
  const calls = new Map((saved?.calls ?? []).map((c) => [c.sid, c]));
  const recordings = new Map((saved?.recordings ?? []).map((r) => [r.sid, r]));
  const transcriptions = new Map((saved?.transcriptions ?? []).map((t) => [t.sid, t]));
  const all = (): CallRecords => ({
    calls: [...calls.values()],
    recordings: [...recordings.values()],
    transcriptions: [...transcriptions.values()],
  });

  return {
    add(records) {
      for (const c of records.calls) calls.set(c.sid, c);
      for (const r of records.recordings) recordings.set(r.sid, r);
      for (const t of records.transcriptions) transcriptions.set(t.sid, t);
      if (file) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify(all(), null, 2));
      }
    },
    calls: () => [...calls.values()],
    recordings: () => [...recordings.values()],
    transcriptions: () => [...transcriptions.values()],
  };
}
