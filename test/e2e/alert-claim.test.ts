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
  it('sends one alert for a voicemail and costs the call log one request for it: no claim written, nothing read back', async () => {
    const from = local().airtable!.requestLog.length;
    const call = await local().call(voicemail('Claimed at Twilio.'));
    expect(call.problems).toEqual([]);
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
    expect(rowOf(call)['Alerted At']).toEqual(expect.any(String));
    expect(rowOf(call)['Alert Claim']).toBeUndefined();
    expect(rowRequests(call, from)).toEqual(['PATCH']);
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

  it("a record of the alert lost to Airtable is written on Twilio's retry, and nobody is sent to twice", async () => {
    // The alert step's record of who got it (a PATCH of the row by its ID) fails once.
    local().airtable!.injectFault({ status: 503, count: 1, method: 'PATCH', pathIncludes: '/Calls/rec' });
    const call = await local().call(voicemail('Recorded on the retry.'));
    expect(call.problems).toEqual([]);
    expect(alertsAbout(call)).toEqual({ texts: 1, mail: 1 });
    const row = rowOf(call);
    expect(row['Alerted At']).toEqual(expect.any(String));
    expect(String(row['Alerts Sent']).split(', ').sort()).toEqual(['email', `sms:${LOCAL_DEFAULTS.ALERT_SMS_TO}`]);
  });
});
