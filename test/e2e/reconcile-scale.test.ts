// What a reconcile costs: requests to Twilio (counted by the REST stand-in) and to Airtable
// (the emulator's request log), for many calls at once.
import { reconcile } from '../../functions/lib/reconcile/reconcile';
import { readAirtableConfig } from '../../functions/lib/store/settings';
import { twilioClient } from '../../functions/lib/twilio/records';
import { readTwilioApiConfig } from '../../functions/lib/twilio/settings';
import { missedThenVoicemail } from '../../scripts/feed-cost/twilio-history';
import { useLocalStack } from '../support/e2e-stack';

const local = useLocalStack();
// The test's clock: Twilio's records are of calls ten minutes before it, read over the hour before it.
const NOW = new Date('2026-11-23T15:00:00Z');
const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

async function measured(to: string) {
  const twilioBefore = local().media.restRequests();
  const airtableBefore = local().airtable!.requestLog.length;
  const summary = await reconcile({
    client: twilioClient(readTwilioApiConfig(local().env)),
    airtable: readAirtableConfig(local().env),
    since: minutesBefore(60),
    to,
  });
  const airtable = local().airtable!.requestLog.slice(airtableBefore);
  return {
    summary,
    twilioRequests: local().media.restRequests() - twilioBefore,
    airtableRequests: airtable.length,
    writes: airtable.filter((r) => r.method !== 'GET' && !r.path.endsWith('/listRecords')).length,
  };
}

const rowsTo = (to: string) => {
  const { baseId, table } = local().airtableConfig;
  return local()
    .airtable!.records(baseId, table)
    .filter((r) => r.fields.To === to)
    .map((r) => r.fields);
};

describe('reconcile at scale', () => {
  it('restores 40 calls with at most 6 Twilio and 6 Airtable requests, under Airtable’s real limit', async () => {
    const to = '+15025553001';
    local().media.addCallRecords(missedThenVoicemail(40, to, 0x3000, minutesBefore(10)));
    local().airtable!.setRateLimit({ enabled: true, perSecond: 5, lockoutMs: 30_000 });

    const { summary, twilioRequests, airtableRequests } = await measured(to);
    expect(summary).toMatchObject({ callsSeen: 40, rowsWritten: 40, duplicatesMerged: 0, failures: [], more: false, remaining: 0 });
    expect(twilioRequests).toBeLessThanOrEqual(6);
    expect(airtableRequests).toBeLessThanOrEqual(6);
    expect(local().airtable!.requestLog.some((r) => r.status === 429)).toBe(false);
    // Paced under Airtable's 5 requests per second: at least 200 ms between two requests.
    const times = local()
      .airtable!.requestLog.slice(-airtableRequests)
      .map((r) => r.at);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(200);
    const rows = rowsTo(to);
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      expect(row).toMatchObject({
        'Call Status': 'completed',
        Choice: 'forward',
        'Forward Status': 'no-answer',
        'Recording Status': 'completed',
        'Transcription Status': 'completed',
      });
    }
    console.log(`reconcile of 40 calls needing writes: ${twilioRequests} Twilio requests, ${airtableRequests} Airtable requests`);
  });

  it('writes nothing for 100 calls whose rows are already right', async () => {
    const to = '+15025553002';
    local().media.addCallRecords(missedThenVoicemail(100, to, 0x4000, minutesBefore(10)));
    await measured(to);
    const before = rowsTo(to);
    expect(before).toHaveLength(100);

    const { summary, twilioRequests, airtableRequests, writes } = await measured(to);
    expect(summary).toMatchObject({ callsSeen: 100, rowsWritten: 0, duplicatesMerged: 0, failures: [], more: false, remaining: 0 });
    expect(writes).toBe(0);
    expect(rowsTo(to)).toEqual(before);
    console.log(`reconcile of 100 right calls: ${twilioRequests} Twilio requests, ${airtableRequests} Airtable requests, ${writes} writes`);
  });
});
