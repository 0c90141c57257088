// Rebuilds call rows from Twilio's own records: what Twilio's callback retries could not
// deliver (Airtable locked out or down for longer than they last) is written here instead.
// It reads Twilio at the account level (three requests), reads the rows of those calls (one
// request per 100 calls), and writes only the rows that differ from what Twilio's records say,
// ten per request, merging any call that has more than one row.

import { StoreError } from '../boundary/errors';
import { type CallRecord, COLUMNS, toAirtableFields } from '../calls/record';
import { OutOfTime, sleep } from '../runtime/timing';
import type { StoredCall } from '../store/airtable';
import type { AirtableConfig } from '../store/settings';
import { MAX_RECORDS_PER_REQUEST, mayBeMultipleMatches, mergeRows, readCallRows, upsertCalls } from '../store/writes';
import { callHistories, readTwilioWindow, type TwilioClient } from '../twilio/records';
import { factsFromHistory, type LineSettings } from './history-facts';

export interface Pacing {
  /** Least time between the starts of two Airtable requests. */
  intervalMs: number;
  /** How long to wait after a 429 before asking again. */
  rateLimitWaitMs: number;
}

// Airtable allows 5 requests per second per base and then locks the base for 30 seconds
// (https://airtable.com/developers/web/api/rate-limits): 4 a second stays under it.
export const DEFAULT_PACING: Pacing = { intervalMs: 250, rateLimitWaitMs: 30_000 };

// A base that stays locked this many times in a row is busy with something else: stop.
const MAX_LOCKOUTS = 3;

export interface ReconcileOptions extends LineSettings {
  client: TwilioClient;
  airtable: AirtableConfig;
  /** Calls that started on or after this time. */
  since: Date;
  /** Only calls to this number (the business line). */
  to?: string;
  /** Read and report, write nothing. */
  dryRun?: boolean;
  pacing?: Pacing;
  /** Epoch ms by which to stop starting requests (a Function's 10 s); none = take the time needed. */
  deadline?: number;
  log?: (line: string) => void;
}

export interface ReconcileSummary {
  callsSeen: number;
  /** Rows written because they differed from Twilio's records (or that would be, in a dry run). */
  rowsWritten: number;
  /** Calls whose duplicate rows were merged into one. */
  duplicatesMerged: number;
  failures: { callSid: string; message: string }[];
  /** True when the deadline or a lockout stopped it before every row was right: run it again. */
  more: boolean;
}

/** Paces Airtable requests and waits out a lockout while the deadline allows it. */
function airtablePacer(pacing: Pacing, deadline: number, log: (line: string) => void) {
  let nextAt = 0;
  /** `cost`: how many requests `request` makes, so that a merge's write and delete count as two. */
  return async <T>(request: () => Promise<T>, cost = 1): Promise<T> => {
    for (let lockouts = 0; ; lockouts++) {
      const wait = Math.max(0, nextAt - Date.now());
      if (Date.now() + wait >= deadline) throw new OutOfTime();
      await sleep(wait);
      nextAt = Date.now() + pacing.intervalMs * cost;
      try {
        return await request();
      } catch (err) {
        const rateLimited = err instanceof StoreError && err.status === 429;
        if (!rateLimited || lockouts + 1 >= MAX_LOCKOUTS) throw err;
        log(`Airtable rate limit reached: waiting ${pacing.rateLimitWaitMs / 1000} s before writing again`);
        nextAt = Date.now() + pacing.rateLimitWaitMs;
      }
    }
  };
}

const same = (a: unknown, b: unknown): boolean => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/** True when the row already holds every fact Twilio's records give. */
function rowHolds(row: CallRecord | undefined, facts: CallRecord): boolean {
  if (!row) return false;
  return (Object.keys(COLUMNS) as (keyof CallRecord)[]).every((key) => facts[key] === undefined || same(row[key], facts[key]));
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileSummary> {
  const log = options.log ?? (() => undefined);
  const deadline = options.deadline ?? Infinity;
  const paced = airtablePacer(options.pacing ?? DEFAULT_PACING, deadline, log);
  const histories = callHistories(await readTwilioWindow(options.client, options.since, { to: options.to }));
  const wanted = new Map<string, CallRecord>();
  for (const history of histories) {
    const facts = factsFromHistory(history, options);
    if (facts) wanted.set(history.call.sid, facts);
    else log(`${history.call.sid}  still ${history.call.status}: nothing final to write yet`);
  }
  const summary: ReconcileSummary = { callsSeen: histories.length, rowsWritten: 0, duplicatesMerged: 0, failures: [], more: false };
  if (wanted.size === 0) return summary;
  const fail = (callSid: string, err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    summary.failures.push({ callSid, message });
    log(`${callSid}  FAILED: ${message}`);
  };

  /** Makes the rows of one call one row holding `facts`; a failure is that call's alone. */
  const merge = async (sid: string, rows: StoredCall[], facts: CallRecord) => {
    try {
      await paced(() => mergeRows(options.airtable, rows, facts, undefined, deadline), mergeCost(rows));
      summary.duplicatesMerged++;
      summary.rowsWritten++;
    } catch (err) {
      if (err instanceof OutOfTime) throw err;
      fail(sid, err);
    }
  };

  /**
   * A batch Airtable refused (422) may hold a call that got a second row since the read (a
   * callback's race). The batch's rows, read again, say which: those calls are merged, the
   * others written in one request; with no call of more than one row, the refusal was of
   * another kind and is each call's failure.
   */
  const writeRefusedBatch = async (batch: [string, CallRecord][], refusal: unknown) => {
    let rowsNow: Map<string, StoredCall[]>;
    try {
      rowsNow = groupBySid(
        await paced(() =>
          readCallRows(
            options.airtable,
            batch.map(([sid]) => sid),
          ),
        ),
      );
    } catch (err) {
      if (err instanceof OutOfTime || (err instanceof StoreError && err.status === 429)) throw err;
      for (const [sid] of batch) fail(sid, err);
      return;
    }
    const duplicatedNow = batch.filter(([sid]) => (rowsNow.get(sid) ?? []).length > 1);
    if (duplicatedNow.length === 0) {
      for (const [sid] of batch) fail(sid, refusal);
      return;
    }
    for (const [sid, facts] of duplicatedNow) await merge(sid, rowsNow.get(sid)!, facts);
    const rest = batch.filter(([sid]) => (rowsNow.get(sid) ?? []).length <= 1);
    if (rest.length === 0) return;
    try {
      await paced(() =>
        upsertCalls(
          options.airtable,
          rest.map(([, facts]) => facts),
        ),
      );
      summary.rowsWritten += rest.length;
    } catch (err) {
      if (err instanceof OutOfTime) throw err;
      // Another race, or another refusal: the next run meets it.
      for (const [sid] of rest) fail(sid, err);
    }
  };

  try {
    const rowsOf = groupBySid(await paced(() => readCallRows(options.airtable, [...wanted.keys()])));
    // Choice belongs to the callbacks that heard the caller: reconcile only fills a missing one,
    // since its own reading (closed, from the hours configured now) may differ from theirs.
    for (const [sid, facts] of wanted) {
      if (facts.choice !== undefined && rowsOf.get(sid)?.[0]?.call.choice !== undefined) wanted.set(sid, { ...facts, choice: undefined });
    }
    const duplicated = [...wanted].filter(([sid]) => (rowsOf.get(sid) ?? []).length > 1);
    const differing = [...wanted].filter(
      ([sid, facts]) => (rowsOf.get(sid) ?? []).length <= 1 && !rowHolds(rowsOf.get(sid)?.[0]?.call, facts),
    );
    for (const [sid, facts] of differing)
      log(`${sid}  ${options.dryRun ? 'would write' : 'writing'}: ${JSON.stringify(toAirtableFields(facts))}`);
    for (const [sid] of duplicated)
      log(`${sid}  ${rowsOf.get(sid)!.length} rows: ${options.dryRun ? 'would merge' : 'merging'} them into one`);
    if (options.dryRun) {
      summary.rowsWritten = differing.length + duplicated.length;
      summary.duplicatesMerged = duplicated.length;
      return summary;
    }

    for (const [sid, facts] of duplicated) await merge(sid, rowsOf.get(sid)!, facts);
    for (let i = 0; i < differing.length; i += MAX_RECORDS_PER_REQUEST) {
      const batch = differing.slice(i, i + MAX_RECORDS_PER_REQUEST);
      try {
        await paced(() =>
          upsertCalls(
            options.airtable,
            batch.map(([, facts]) => facts),
          ),
        );
        summary.rowsWritten += batch.length;
      } catch (err) {
        if (err instanceof OutOfTime) throw err;
        if (!mayBeMultipleMatches(err)) {
          for (const [sid] of batch) fail(sid, err);
          continue;
        }
        await writeRefusedBatch(batch, err);
      }
    }
  } catch (err) {
    if (err instanceof OutOfTime) {
      summary.more = true;
      log('Out of time: run it again to write the rest');
      return summary;
    }
    if (err instanceof StoreError && err.status === 429) {
      summary.more = true;
      log('Airtable stayed locked: run it again to write the rest');
      return summary;
    }
    // The read failed: no row could be checked.
    for (const sid of wanted.keys()) fail(sid, err);
  }
  return summary;
}

function groupBySid(rows: StoredCall[]): Map<string, StoredCall[]> {
  const rowsOf = new Map<string, StoredCall[]>();
  for (const row of rows) rowsOf.set(row.call.callSid, [...(rowsOf.get(row.call.callSid) ?? []), row]);
  return rowsOf;
}

/** Requests mergeRows makes: the merged write, then one delete per ten extra rows. */
const mergeCost = (rows: StoredCall[]): number => 1 + Math.ceil((rows.length - 1) / MAX_RECORDS_PER_REQUEST);
