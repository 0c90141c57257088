// The feed page's healing, asked as the page asks it (assets/feed/schedule.js): /reconcile again
// at once while time stopped it, after `retryAfterMs` when a lockout did, each time from the
// cursor of the last answer, until it says nothing is left. Used by the burst test and
// `npm run bench:scale` to time healing through the local Twilio runtime.
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import type { LocalStack } from '../local-stack';

export interface Healing {
  seconds: number;
  asks: number;
  restored: number;
  failed: number;
  /** The longest /reconcile answer, in ms. */
  longestAnswerMs: number;
  /** Airtable 429s after the first one (each would have re-locked the base). */
  lockoutsAfterTheFirst: number;
  airtableRequests: number;
  finished: boolean;
}

interface Answer {
  restored: number;
  failed: number;
  more: boolean;
  cursor: string | null;
  retryAfterMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks /reconcile for the hour before `now` until it has nothing left, at most `maxAsks` times. */
export async function healAsThePageDoes(stack: LocalStack, now: Date, maxAsks = 200): Promise<Healing> {
  const log = stack.airtable!.requestLog;
  const logFrom = log.length;
  const password = Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64');
  const since = new Date(now.getTime() - 3_600_000).toISOString();
  const started = Date.now();
  const healing = { asks: 0, restored: 0, failed: 0, longestAnswerMs: 0, finished: false };
  let cursor: string | null = null;
  while (healing.asks < maxAsks) {
    const query = new URLSearchParams({ since, ...(cursor ? { after: cursor } : {}) });
    const asked = Date.now();
    const response = await fetch(`${stack.baseUrl}/reconcile?${query}`, {
      headers: { Authorization: `Basic ${password}`, [SIMULATED_TIME_HEADER]: now.toISOString() },
    });
    healing.asks++;
    healing.longestAnswerMs = Math.max(healing.longestAnswerMs, Date.now() - asked);
    if (response.status !== 200) throw new Error(`/reconcile answered ${response.status}: ${await response.text()}`);
    const answer = (await response.json()) as Answer;
    healing.restored += answer.restored;
    healing.failed += answer.failed;
    cursor = answer.cursor;
    if (!answer.more) {
      healing.finished = true;
      break;
    }
    await sleep(Math.max(1000, answer.retryAfterMs ?? 0));
  }
  const requests = log.slice(logFrom);
  const first = requests.findIndex((entry) => entry.status === 429);
  return {
    ...healing,
    seconds: (Date.now() - started) / 1000,
    lockoutsAfterTheFirst: first === -1 ? 0 : requests.slice(first + 1).filter((entry) => entry.status === 429).length,
    airtableRequests: requests.length,
  };
}
