// The pace of a run of Airtable requests: Airtable allows 5 requests per second per base and
// answers 429 beyond it, and then "you will need to wait 30 seconds before subsequent requests
// will succeed" (https://airtable.com/developers/web/api/rate-limits). A request made during
// that wait is refused again and the 30 seconds start over, so after a 429 nothing asks until
// they have passed: a long run waits them out, a Function (10 s) stops and says when to come back.
import { StoreError } from '../boundary/errors';
import { OutOfTime, sleep } from '../runtime/timing';

export interface Pacing {
  /** Least time between the starts of two requests: 250 ms is 4 a second, room for the callbacks. */
  intervalMs: number;
  /** How long Airtable keeps a base locked after a 429. */
  lockoutMs: number;
  /** Whether to wait a lockout out (a command) or stop at once (a Function). */
  waitOutLockouts: boolean;
}

export const DEFAULT_PACING: Pacing = { intervalMs: 250, lockoutMs: 30_000, waitOutLockouts: true };

// A base that stays locked this many times in a row is busy with something else: stop.
const MAX_LOCKOUTS = 3;

/** A 429 stopped the run: nobody should ask this base again before `until` (epoch ms). */
export class LockedOut extends Error {
  override name = 'LockedOut';

  constructor(readonly until: number) {
    super(`Airtable is locked until ${new Date(until).toISOString()}`);
  }
}

export const isRateLimited = (err: unknown): boolean => err instanceof StoreError && err.status === 429;

export type Paced = <T>(request: () => Promise<T>, cost?: number) => Promise<T>;

/**
 * Runs requests one after another at `pacing`; none starts at or after `deadline` (epoch ms),
 * which throws OutOfTime instead. `cost`: how many requests `request` makes.
 *
 * @example
 * const paced = airtablePacer(DEFAULT_PACING, Date.now() + 6000);
 * const rows = await paced(() => readCallRows(config, sids));
 */
export function airtablePacer(pacing: Pacing, deadline: number, log: (line: string) => void = () => undefined): Paced {
  let nextAt = 0;
  return async (request, cost = 1) => {
    for (let lockouts = 0; ; lockouts++) {
      const wait = Math.max(0, nextAt - Date.now());
      if (Date.now() + wait >= deadline) throw new OutOfTime();
      await sleep(wait);
      nextAt = Date.now() + pacing.intervalMs * cost;
      try {
        return await request();
      } catch (err) {
        if (!isRateLimited(err)) throw err;
        const until = Date.now() + pacing.lockoutMs;
        if (!pacing.waitOutLockouts || lockouts + 1 >= MAX_LOCKOUTS) throw new LockedOut(until);
        log(`Airtable rate limit reached: waiting ${pacing.lockoutMs / 1000} s before asking again`);
        nextAt = until;
      }
    }
  };
}
