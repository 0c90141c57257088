// A burst of 1,000 calls whose callbacks were all lost, healed by the feed's /reconcile under
// Airtable's real limit (5 requests per second per base, then 30 seconds locked out), asked the
// way the page asks it (assets/feed/schedule.js): again at once while time stopped it, after
// `retryAfterMs` when a lockout did, from the `cursor` of the last answer. Through the local
// Twilio runtime, so each answer's time is the Function's.
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import { useLocalStack } from '../support/e2e-stack';
import { missedThenVoicemail } from '../support/twilio-history';

const local = useLocalStack();
const NOW = new Date('2026-11-23T15:00:00Z');
const CALLS = 1000;

interface Answer {
  restored: number;
  failed: number;
  more: boolean;
  remaining: number;
  cursor: string | null;
  retryAfterMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it(`heals ${CALLS} calls from the page's asks alone, no answer over 9 s, no 429 after the first lockout`, async () => {
  const to = local().env.TWILIO_NUMBER;
  local().media.addCallRecords(missedThenVoicemail(CALLS, to, 0x50000, new Date(NOW.getTime() - 40 * 60_000)));
  const airtable = local().airtable!;
  airtable.setRateLimit({ enabled: true, perSecond: 5, lockoutMs: 30_000 });
  const logFrom = airtable.requestLog.length;
  const password = Buffer.from(`owner:${local().env.FEED_PASSWORD}`).toString('base64');
  const since = new Date(NOW.getTime() - 3_600_000).toISOString();

  const started = Date.now();
  const answerTimes: number[] = [];
  let cursor: string | null = null;
  let restored = 0;
  for (let asks = 0; asks < 200; asks++) {
    const query = new URLSearchParams({ since, ...(cursor ? { after: cursor } : {}) });
    const asked = Date.now();
    const response = await fetch(`${local().baseUrl}/reconcile?${query}`, {
      headers: { Authorization: `Basic ${password}`, [SIMULATED_TIME_HEADER]: NOW.toISOString() },
    });
    answerTimes.push(Date.now() - asked);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Answer;
    expect(answer.failed).toBe(0);
    restored += answer.restored;
    cursor = answer.cursor;
    if (!answer.more) break;
    await sleep(Math.max(1000, answer.retryAfterMs ?? 0));
  }
  const seconds = (Date.now() - started) / 1000;
  airtable.setRateLimit({ enabled: false });

  const { baseId, table } = local().airtableConfig;
  const rows = airtable.records(baseId, table).filter((r) => r.fields.To === to);
  expect(rows).toHaveLength(CALLS);
  for (const row of rows) expect(row.fields).toMatchObject({ 'Call Status': 'completed', 'Transcription Status': 'completed' });
  expect(restored).toBe(CALLS);
  expect(Math.max(...answerTimes)).toBeLessThan(9000);
  const log = airtable.requestLog.slice(logFrom);
  const firstLockout = log.findIndex((entry) => entry.status === 429);
  expect(firstLockout === -1 ? [] : log.slice(firstLockout + 1).filter((entry) => entry.status === 429)).toEqual([]);
  expect(seconds).toBeLessThan(600);
  console.log(
    `burst of ${CALLS} lost calls: complete after ${seconds.toFixed(0)} s and ${answerTimes.length} asks ` +
      `(${(CALLS / seconds).toFixed(1)} rows/s), longest answer ${(Math.max(...answerTimes) / 1000).toFixed(1)} s, ` +
      `${log.filter((entry) => entry.status === 429).length} answers 429, ${log.length} Airtable requests`,
  );
}, 660_000);
