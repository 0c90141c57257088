// The alert's claim at Twilio (functions/lib/alerts/claim.ts) on whole simulated calls: one
// alert per call, at one Airtable request for it, whatever Sync or Airtable do meanwhile.
import type { SimulatedCall } from '../../emulators/twilio';
import { LOCAL_DEFAULTS } from '../../scripts/local-stack';
import { placingCallsAt, rowOf as rowIn, useLocalStack } from '../support/e2e-stack';

const CALLS_AT = new Date('2026-11-23T15:00:30Z');
const local = placingCallsAt(useLocalStack(), CALLS_AT);
const rowOf = (call: SimulatedCall) => rowIn(local(), call);
const caller = { from: '+14705550123', callerName: 'DANA SCULLY' };
const voicemail = (transcript: string) => ({ ...caller, gather: ['2'], record: { seconds: 10, end: '#' as const, transcript } });
const alertsAbout = (call: SimulatedCall) => ({
  texts: local()
    .media.messages()
    .filter((m) => m.body.includes(call.callSid)).length,
  mail: local()
    .sendgrid.mail()
    .filter((m) => m.text.includes(call.callSid)).length,
});
/** The Airtable requests the call's own row got by its record ID: the alert step's. */
const rowRequests = (call: SimulatedCall, from: number) => {
  const { baseId, table } = local().airtableConfig;
  const record = local()
    .airtable!.records(baseId, table)
    .find((r) => r.fields['Call SID'] === call.callSid);
  const recordPath = `/${table}/${record!.id}`;
  return local()
    .airtable!.requestLog.slice(from)
    .filter((r) => r.path.endsWith(recordPath))
    .map((r) => r.method);
};

afterEach(() => {
  local().media.setSyncUnavailable(false);
  local().airtable!.clearFaults();
});

describe("the alert's claim, kept at Twilio", () => {
  it("sends one alert for a voicemail, its record riding in the transcript's write: three Airtable requests for the whole call", async () => {
    const from = local().airtable!.requestLog.length;
    const call = await local().call(voicemail('Claimed at Twilio.'));
    expect(call.problems).toEqual([]);
    await local().media.messagesSettled();
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
    expect(rowOf(call)).toMatchObject({ Transcript: 'Claimed at Twilio.', 'Alerted At': expect.any(String) });
    expect(rowOf(call)['Alert Claim']).toBeUndefined();
    // The status's, the recording's and the transcript's upserts; nothing by the row's ID.
    expect(rowRequests(call, from)).toEqual([]);
    expect(
      local()
        .airtable!.requestLog.slice(from)
        .map((r) => r.method),
    ).toEqual(['PATCH', 'PATCH', 'PATCH']);
  });

  it('duplicated callbacks still send one alert', async () => {
    const call = await local().call({ ...voicemail('Twice?'), callbacks: { duplicate: true, order: 'shuffle' } });
    expect(call.problems).toEqual([]);
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
  });

  it('with Sync down, claims in the row instead: still one alert, duplicates and all', async () => {
    local().media.setSyncUnavailable(true);
    const from = local().airtable!.requestLog.length;
    const call = await local().call({ ...voicemail('Sync is down.'), callbacks: { duplicate: true, order: 'reverse' } });
    expect(call.problems).toEqual([]);
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
    expect(rowOf(call)['Alerted At']).toEqual(expect.any(String));
    // The row's claim: written, read back after the pause, then cleared with the record.
    expect(rowRequests(call, from)).toEqual(expect.arrayContaining(['PATCH', 'GET', 'PATCH']));
  });

  it("a transcript's write lost to Airtable after its alert went out is written on Twilio's retry, and nobody is sent to twice", async () => {
    // The call's third upsert, the transcript's with the alert's record, fails once.
    local().airtable!.injectFault({ status: 503, count: 1, method: 'PATCH', skip: 2 });
    const from = local().airtable!.requestLog.length;
    const call = await local().call(voicemail('Recorded on the retry.'));
    expect(call.problems).toEqual([]);
    expect(
      local()
        .airtable!.requestLog.slice(from)
        .map((r) => r.status),
    ).toContain(503);
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
    const row = rowOf(call);
    expect(row).toMatchObject({ Transcript: 'Recorded on the retry.', 'Alerted At': expect.any(String) });
    expect(String(row['Alerts Sent']).split(', ').sort()).toEqual(['email', `sms:${LOCAL_DEFAULTS.ALERT_SMS_TO}`]);
  });

  it("a transcript that arrives before the call's other callbacks alerts at once, from what Twilio holds of the call", async () => {
    const call = await local().call({ ...voicemail('First of all.'), callbacks: { order: 'reverse' } });
    expect(call.problems).toEqual([]);
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
    const text = local()
      .media.messages()
      .find((m) => m.body.includes(call.callSid))!.body;
    expect(text).toContain('New voicemail from DANA SCULLY (+14705550123) on Mon, Nov 23, 3:00 PM UTC, 10 s.');
    expect(rowOf(call)).toMatchObject({ 'Call Status': 'completed', 'Recording Duration': 10, 'Alerted At': expect.any(String) });
  });
});
