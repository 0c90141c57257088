// A burst of 1,000 calls whose callbacks were all lost, healed by the feed's /reconcile under
// Airtable's real limit (5 requests per second per base, then 30 seconds locked out), asked the
// way the page asks it (scripts/feed-cost/heal-loop.ts). Through the local Twilio runtime, so
// each answer's time is the Function's.
import { healAsThePageDoes } from '../../scripts/feed-cost/heal-loop';
import { missedThenVoicemail } from '../../scripts/feed-cost/twilio-history';
import { useLocalStack } from '../support/e2e-stack';

const local = useLocalStack();
const NOW = new Date('2026-11-23T15:00:00Z');
const CALLS = 1000;

it(`heals ${CALLS} calls from the page's asks alone, no answer over 9 s, no 429 after the first lockout`, async () => {
  const to = local().env.TWILIO_NUMBER;
  local().media.addCallRecords(missedThenVoicemail(CALLS, to, 0x50000, new Date(NOW.getTime() - 40 * 60_000)));
  const airtable = local().airtable!;
  airtable.setRateLimit({ enabled: true, perSecond: 5, lockoutMs: 30_000 });
  const healing = await healAsThePageDoes(local(), NOW);
  airtable.setRateLimit({ enabled: false });

  const { baseId, table } = local().airtableConfig;
  const rows = airtable.records(baseId, table).filter((r) => r.fields.To === to);
  expect(rows).toHaveLength(CALLS);
  for (const row of rows) expect(row.fields).toMatchObject({ 'Call Status': 'completed', 'Transcription Status': 'completed' });
  expect(healing).toMatchObject({ finished: true, restored: CALLS, failed: 0, lockoutsAfterTheFirst: 0 });
  expect(healing.longestAnswerMs).toBeLessThan(9000);
  expect(healing.seconds).toBeLessThan(600);
  console.log(
    `burst of ${CALLS} lost calls: complete after ${healing.seconds.toFixed(0)} s and ${healing.asks} asks ` +
      `(${(CALLS / healing.seconds).toFixed(1)} rows/s), longest answer ${(healing.longestAnswerMs / 1000).toFixed(1)} s, ` +
      `${healing.airtableRequests} Airtable requests`,
  );
}, 660_000);
