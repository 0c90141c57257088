// Two concurrent upserts of a new Call SID can both create a row (Airtable promises no
// atomicity between requests). The emulator's race mode reproduces that; these tests show the
// rows of a call becoming one complete row again: through the next write, or through reconcile.

import type { SimulatedCallOptions } from '../../emulators/twilio';
import { reconcile } from '../../functions/lib/reconcile/reconcile';
import { readAirtableConfig } from '../../functions/lib/store/settings';
import { recordCallFacts } from '../../functions/lib/store/writes';
import { twilioClient } from '../../functions/lib/twilio/records';
import { readTwilioApiConfig } from '../../functions/lib/twilio/settings';
import { FORWARD_TO, placingCallsAt, rowOf as rowIn, rowsOf as rowsIn, useLocalStack } from '../support/e2e-stack';

// The test's clock: calls placed at CALLS_AT, reconciled over the ten minutes before it.
const CALLS_AT = new Date('2026-11-23T15:00:00Z');
const SINCE = new Date(CALLS_AT.getTime() - 600_000);
const local = placingCallsAt(useLocalStack(), CALLS_AT);
const RACE_WINDOW_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const script: Partial<SimulatedCallOptions> = {
  from: '+14705550123',
  callerName: 'DANA SCULLY',
  callerGeo: { city: 'ATLANTA', state: 'GA', country: 'US' },
  gather: ['1'],
  dial: [{ outcome: 'no-answer' }],
  record: { seconds: 12, end: '#', transcript: 'Please call me back about the leak.' },
};

// Every callback's facts: the row the callbacks write when nothing races.
const complete = {
  'Call Status': 'completed',
  From: '+14705550123',
  'Caller Name': 'DANA SCULLY',
  'Caller Location': 'ATLANTA, GA, US',
  Choice: 'forward',
  'Forwarded To': FORWARD_TO,
  'Forward Status': 'no-answer',
  'Recording Status': 'completed',
  'Recording Duration': 12,
  Transcript: 'Please call me back about the leak.',
  'Transcription Status': 'completed',
};

describe('duplicate rows of one call', () => {
  afterEach(() => local().airtable!.setUpsertRace(0));

  it('race mode: the callbacks of one call create more than one row', async () => {
    local().airtable!.setUpsertRace(RACE_WINDOW_MS);
    const call = await local().call({ ...script, to: '+15025554001' });
    expect(rowsIn(local(), call).length).toBeGreaterThan(1);
  });

  it('a write that meets "multiple matches" merges the rows into one, then writes', async () => {
    local().airtable!.setUpsertRace(RACE_WINDOW_MS);
    const call = await local().call({ ...script, to: '+15025554002' });
    const rows = rowsIn(local(), call);
    expect(rows.length).toBeGreaterThan(1);
    // Once the rows are visible to upserts, the next write (a late duplicate callback) meets them all.
    await sleep(RACE_WINDOW_MS);
    await recordCallFacts(readAirtableConfig(local().env), {
      callSid: call.callSid,
      transcriptionStatus: 'completed',
      transcript: 'Please call me back about the leak.',
    });
    expect(rowOf(call)).toMatchObject({ ...complete, 'Call SID': call.callSid, To: '+15025554002' });
  });

  it('merges whatever type and wording Airtable refuses the ambiguous upsert with (its docs give neither)', async () => {
    local().airtable!.setUpsertRace(RACE_WINDOW_MS);
    const call = await local().call({ ...script, to: '+15025554005' });
    expect(rowsIn(local(), call).length).toBeGreaterThan(1);
    await sleep(RACE_WINDOW_MS);
    local().airtable!.setMultipleMatchesAnswer({
      type: 'INVALID_REQUEST_UNKNOWN',
      message: 'Cannot update this record: the key is ambiguous',
    });
    try {
      await recordCallFacts(readAirtableConfig(local().env), {
        callSid: call.callSid,
        transcriptionStatus: 'completed',
        transcript: 'Please call me back about the leak.',
      });
    } finally {
      local().airtable!.setMultipleMatchesAnswer();
    }
    expect(rowOf(call)).toMatchObject({ ...complete, 'Call SID': call.callSid, To: '+15025554005' });
  });

  it('reconcile merges the rows of every call that has more than one: one complete row per call', async () => {
    local().airtable!.setUpsertRace(RACE_WINDOW_MS);
    const to = '+15025554003';
    // Five minutes apart: two callers forwarded at one moment would share the line's phones.
    const second = new Date(CALLS_AT.getTime() + 300_000);
    const calls = [await local().call({ ...script, to }), await local().call({ ...script, to, startAt: second })];
    for (const call of calls) expect(rowsIn(local(), call).length).toBeGreaterThan(1);
    await sleep(RACE_WINDOW_MS);

    const summary = await reconcile({
      client: twilioClient(readTwilioApiConfig(local().env)),
      airtable: readAirtableConfig(local().env),
      since: SINCE,
      to,
    });
    expect(summary).toMatchObject({ callsSeen: 2, duplicatesMerged: 2, failures: [], more: false });
    for (const call of calls) expect(rowOf(call)).toMatchObject({ ...complete, 'Call SID': call.callSid, To: to });
  });

  it('a merge whose write ends past the deadline deletes nothing more and says there is more to do', async () => {
    local().airtable!.setUpsertRace(RACE_WINDOW_MS);
    const to = '+15025554004';
    const call = await local().call({ ...script, to });
    const before = rowsIn(local(), call).length;
    expect(before).toBeGreaterThan(1);
    await sleep(RACE_WINDOW_MS);
    // The merged write's first attempt hangs until its timeout; the second lands after the deadline.
    local().airtable!.injectFault({ status: 503, count: 1, method: 'PATCH', hang: true });
    const options = { client: twilioClient(readTwilioApiConfig(local().env)), airtable: readAirtableConfig(local().env), since: SINCE, to };
    const started = Date.now();
    const summary = await reconcile({ ...options, deadline: Date.now() + 1500 });
    expect(summary).toMatchObject({ duplicatesMerged: 0, failures: [], more: true });
    expect(Date.now() - started).toBeLessThan(7000);
    expect(rowsIn(local(), call)).toHaveLength(before);
    // The next run finishes the merge.
    expect(await reconcile(options)).toMatchObject({ duplicatesMerged: 1, failures: [], more: false });
    expect(rowOf(call)).toMatchObject({ ...complete, 'Call SID': call.callSid, To: to });
  }, 30_000);
});

const rowOf = (call: Parameters<typeof rowIn>[1]) => rowIn(local(), call);
