// Rebuilds call rows from Twilio's own records: what Twilio's callback retries could not
// deliver (Airtable locked out or down for longer than they last) is written here instead.
// It reads Twilio at the account level (three requests), then takes the calls in the order of
// their latest change (cursor.ts), 100 at a time: one request reads their rows, and only the
// rows that differ from what Twilio's records say are written, ten per request, merging any
// call that has more than one row. Every Airtable request goes through one pacer
// (store/pacer.ts); a run that must stop (its deadline, a lockout) says where to go on from.

import { type CallRecord, COLUMNS, toAirtableFields } from '../calls/record';
import { OutOfTime } from '../runtime/timing';
import type { RequestBudget, StoredCall } from '../store/airtable';
import { airtablePacer, DEFAULT_PACING, isRateLimited, LockedOut, type Pacing } from '../store/pacer';
import type { AirtableConfig } from '../store/settings';
import { MAX_RECORDS_PER_REQUEST, mayBeMultipleMatches, mergeRows, readCallRows, upsertCalls } from '../store/writes';
import { callHistories, readTwilioWindow, type TwilioClient } from '../twilio/records';
import { type Cursor, comesAfter, nextRunAfter, type Position, parseCursor, positionOf, resumeAfter } from './cursor';
import { factsFromHistory, type LineSettings } from './history-facts';

export interface ReconcileOptions extends LineSettings {
  client: TwilioClient;
  airtable: AirtableConfig;
  /** Calls that started on or after this time. */
  since: Date;
  /** Only calls to this number (the business line). */
  to?: string;
  /** Only calls after this cursor (one a run answered with): where it stopped, or the calls changed since it finished. */
  after?: Cursor;
  /** Read and report, write nothing. */
  dryRun?: boolean;
  pacing?: Pacing;
  /** Each Airtable request's attempts and timeout (the store's default when absent). */
  budget?: RequestBudget;
  /** Epoch ms by which to stop starting requests (a Function's 10 s); none = take the time needed. */
  deadline?: number;
  /** The time the run decides by (which changes have settled); the clock's when absent. */
  now?: Date;
  log?: (line: string) => void;
}

export interface ReconcileSummary {
  /** Calls of the window at Twilio. */
  callsSeen: number;
  /** Of them, the ones after the cursor this run started from. */
  callsToCheck: number;
  /** Of those, the ones this run did not get to. */
  remaining: number;
  /** Rows written because they differed from Twilio's records (or that would be, in a dry run). */
  rowsWritten: number;
  /** Calls whose duplicate rows were merged into one. */
  duplicatesMerged: number;
  failures: { callSid: string; message: string }[];
  /** True when the deadline or a lockout stopped it before every row was right: go on from `cursor`. */
  more: boolean;
  /** Where to go on from (`more`), or where the next run starts; null: from the window's start. */
  cursor: Cursor | null;
  /** Set when a lockout stopped it: nobody should ask Airtable before then. */
  lockedUntil?: Date;
}

// Calls checked per step: their rows fit one listRecords page.
const CALLS_PER_STEP = 100;

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
  const { airtable, budget } = options;
  const after = parseCursor(options.after);
  const histories = callHistories(await readTwilioWindow(options.client, options.since, { to: options.to }));
  const ordered = histories
    .map((history) => ({ history, position: positionOf(history) }))
    .filter(({ position }) => !after || comesAfter(position, after))
    .sort((a, b) => (comesAfter(a.position, b.position) ? 1 : -1));
  const summary: ReconcileSummary = {
    callsSeen: histories.length,
    callsToCheck: ordered.length,
    remaining: ordered.length,
    rowsWritten: 0,
    duplicatesMerged: 0,
    failures: [],
    more: false,
    cursor: options.after ?? null,
  };
  const fail = (callSid: string, err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    summary.failures.push({ callSid, message });
    log(`${callSid}  FAILED: ${message}`);
  };

  /** Makes the rows of one call one row holding `facts`; a failure is that call's alone. */
  const merge = async (sid: string, rows: StoredCall[], facts: CallRecord) => {
    try {
      await paced(() => mergeRows(airtable, rows, facts, budget, deadline), mergeCost(rows));
      summary.duplicatesMerged++;
      summary.rowsWritten++;
    } catch (err) {
      if (err instanceof OutOfTime || err instanceof LockedOut) throw err;
      fail(sid, err);
    }
  };

  /** Writes a batch of up to ten calls; a refusal (422) may be a call that got a second row since the read. */
  const writeBatch = async (batch: [string, CallRecord][]) => {
    try {
      await paced(() =>
        upsertCalls(
          airtable,
          batch.map(([, facts]) => facts),
          budget,
        ),
      );
      summary.rowsWritten += batch.length;
    } catch (err) {
      if (err instanceof OutOfTime || err instanceof LockedOut) throw err;
      if (mayBeMultipleMatches(err)) await writeRefusedBatch(batch, err);
      else for (const [sid] of batch) fail(sid, err);
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
            airtable,
            batch.map(([sid]) => sid),
            budget,
          ),
        ),
      );
    } catch (err) {
      if (err instanceof OutOfTime || err instanceof LockedOut) throw err;
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
          airtable,
          rest.map(([, facts]) => facts),
          budget,
        ),
      );
      summary.rowsWritten += rest.length;
    } catch (err) {
      if (err instanceof OutOfTime || err instanceof LockedOut) throw err;
      // Another race, or another refusal: the next run meets it.
      for (const [sid] of rest) fail(sid, err);
    }
  };

  /** One step: the rows of up to 100 calls, read in one request, and what differs written. */
  const check = async (step: typeof ordered) => {
    const wanted = new Map<string, CallRecord>();
    for (const { history } of step) {
      const facts = factsFromHistory(history, options);
      if (facts) wanted.set(history.call.sid, facts);
      else log(`${history.call.sid}  still ${history.call.status}: nothing final to write yet`);
    }
    if (wanted.size === 0) return;
    let rowsOf: Map<string, StoredCall[]>;
    try {
      rowsOf = groupBySid(await paced(() => readCallRows(airtable, [...wanted.keys()], budget)));
    } catch (err) {
      if (err instanceof OutOfTime || err instanceof LockedOut || isRateLimited(err)) throw err;
      // The read failed: no row of this step could be checked.
      for (const sid of wanted.keys()) fail(sid, err);
      return;
    }
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
      summary.rowsWritten += differing.length + duplicated.length;
      summary.duplicatesMerged += duplicated.length;
      return;
    }
    for (const [sid, facts] of duplicated) await merge(sid, rowsOf.get(sid)!, facts);
    for (let i = 0; i < differing.length; i += MAX_RECORDS_PER_REQUEST) await writeBatch(differing.slice(i, i + MAX_RECORDS_PER_REQUEST));
  };

  let last: Position | undefined;
  for (let i = 0; i < ordered.length; i += CALLS_PER_STEP) {
    const step = ordered.slice(i, i + CALLS_PER_STEP);
    try {
      await check(step);
    } catch (err) {
      if (!(err instanceof OutOfTime || err instanceof LockedOut || isRateLimited(err))) throw err;
      summary.more = true;
      if (last) summary.cursor = resumeAfter(last);
      if (err instanceof LockedOut) summary.lockedUntil = new Date(err.until);
      log(
        err instanceof OutOfTime
          ? `Out of time: ${summary.remaining} calls still to check; go on from ${summary.cursor ?? 'the start'}`
          : `Airtable stayed locked: ${summary.remaining} calls still to check; go on from ${summary.cursor ?? 'the start'}`,
      );
      return summary;
    }
    last = step[step.length - 1].position;
    summary.remaining -= step.length;
  }
  // A call that failed is checked again by the next run, which starts where this one did.
  if (last && summary.failures.length === 0) summary.cursor = nextRunAfter(last, options.now ?? new Date());
  return summary;
}

function groupBySid(rows: StoredCall[]): Map<string, StoredCall[]> {
  const rowsOf = new Map<string, StoredCall[]>();
  for (const row of rows) rowsOf.set(row.call.callSid, [...(rowsOf.get(row.call.callSid) ?? []), row]);
  return rowsOf;
}

/** Requests mergeRows makes: the merged write, then one delete per ten extra rows. */
const mergeCost = (rows: StoredCall[]): number => 1 + Math.ceil((rows.length - 1) / MAX_RECORDS_PER_REQUEST);
