// Writes reconciled rows without tripping Airtable's limit of 5 requests per second per base,
// and waits out its 30-second lockout when something else tripped it: unlike a callback, a
// reconcile has the time to.
import { recordCallFacts } from '../../functions/lib/call-log';
import type { CallRecord } from '../../functions/lib/call-record';
import { StoreError } from '../../functions/lib/errors';
import type { AirtableConfig } from '../../functions/lib/config';

export interface Pacing {
  /** Least time between the starts of two writes. */
  intervalMs: number;
  /** How long to wait after a 429 before writing again. */
  rateLimitWaitMs: number;
}

export const DEFAULT_PACING: Pacing = { intervalMs: 250, rateLimitWaitMs: 30_000 };

// A base that stays locked this many times in a row is busy with something else: give up on the row.
const MAX_LOCKOUTS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type RowWriter = (record: CallRecord) => Promise<void>;

export function pacedWriter(config: AirtableConfig, pacing: Pacing, log: (line: string) => void): RowWriter {
  let nextWriteAt = 0;
  return async (record) => {
    for (let lockouts = 0; ; lockouts++) {
      await sleep(Math.max(0, nextWriteAt - Date.now()));
      nextWriteAt = Date.now() + pacing.intervalMs;
      try {
        await recordCallFacts(config, record);
        return;
      } catch (err) {
        const rateLimited = err instanceof StoreError && err.status === 429;
        if (!rateLimited || lockouts + 1 >= MAX_LOCKOUTS) throw err;
        log(`Airtable rate limit reached: waiting ${pacing.rateLimitWaitMs / 1000} s before writing again`);
        nextWriteAt = Date.now() + pacing.rateLimitWaitMs;
      }
    }
  };
}
