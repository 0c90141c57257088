// Reconcile against the whole local stack: calls placed by the simulator, which reports them to
// the REST stand-in as Twilio would record them; rows in the Airtable emulator.

import type { SimulatedCall, SimulatedCallOptions } from '../../emulators/twilio';
import { readBusinessHours } from '../../functions/lib/calls/settings';
import { type ReconcileOptions, reconcile } from '../../functions/lib/reconcile/reconcile';
import { readAirtableConfig } from '../../functions/lib/store/settings';
import { twilioClient } from '../../functions/lib/twilio/records';
import { readTwilioApiConfig } from '../../functions/lib/twilio/settings';
import type { LocalStack } from '../../scripts/local-stack';
import { placingCallsAt, rowOf as rowIn, rowsOf as rowsIn, useLocalStack } from '../support/e2e-stack';

// The test's clock: every call is placed on Monday 2026-11-23 (10:00 in New York unless a test
// says otherwise) and reconciled over the day before it, so nothing depends on today's date.
const MONDAY_10AM_NEW_YORK = new Date('2026-11-23T15:00:00Z');
const MONDAY_6PM_NEW_YORK = new Date('2026-11-23T23:00:00Z');
const SINCE = new Date(MONDAY_10AM_NEW_YORK.getTime() - 86_400_000);

const local = placingCallsAt(useLocalStack(), MONDAY_10AM_NEW_YORK);
const rowsOf = (call: SimulatedCall) => rowsIn(local(), call);
const rowOf = (call: SimulatedCall) => rowIn(local(), call);

// Each test calls its own business number, so a reconcile filtered on it sees only that test's calls.
let lines = 0;
const newLine = () => `+1502555${String(2000 + ++lines)}`;

function reconcileLine(to: string, more: Partial<ReconcileOptions> = {}) {
  // The configuration `npm run reconcile` would read from the stack's variables.
  return reconcile({
    client: twilioClient(readTwilioApiConfig(local().env)),
    airtable: readAirtableConfig(local().env),
    since: SINCE,
    to,
    ...more,
  });
}

/** A call placed while Airtable is down for the whole call and every one of Twilio's retries. */
async function callLost(stack: LocalStack, options: Partial<SimulatedCallOptions>): Promise<SimulatedCall> {
  stack.airtable!.injectFault({ status: 503, count: 1000 });
  try {
    return await stack.call(options);
  } finally {
    stack.airtable!.clearFaults();
  }
}

/**
 * The row reconcile rebuilt for the line `to` equals the row the callbacks write for the same
 * script on a new line, but for the line, the location (Twilio's Call resource keeps none) and the
 * alert step's own fields (not facts of the call).
 */
async function expectAsTheCallbacksWrote(
  stack: LocalStack,
  row: Record<string, unknown>,
  script: Partial<SimulatedCallOptions>,
  to: string,
): Promise<void> {
  const delivered = await stack.call({ ...script, to: newLine() });
  const {
    'Caller Location': _location,
    'Alerted At': _alertedAt,
    'Alerts Sent': _sent,
    ...fromCallbacks
  } = withoutForwarding(withoutIdentity(rowIn(stack, delivered)));
  expect(withoutIdentity(row)).toEqual({ ...fromCallbacks, To: to });
}

// What only the callbacks write on a screened line (docs/forwarding.md, Reconcile).
const FORWARDING_FACTS = ['Choice', 'Forwarded To', 'Forward Status', 'Forward Talk Time', 'Forward Call SID'];
const withoutForwarding = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).filter(([column, value]) => !FORWARDING_FACTS.includes(column) || (column === 'Choice' && value !== 'forward')),
  );

// What differs between two calls made from the same script.
function withoutIdentity(row: Record<string, unknown>): Record<string, unknown> {
  const {
    'Call SID': _a,
    'Started At': _b,
    'Ended At': _c,
    'Forward Call SID': _d,
    'Recording SID': _e,
    'Recording URL': _f,
    ...rest
  } = row;
  return rest;
}

const caller = { from: '+14705550123', callerName: 'DANA SCULLY', callerGeo: { city: 'ATLANTA', state: 'GA', country: 'US' } };
const missedThenVoicemail: Partial<SimulatedCallOptions> = {
  ...caller,
  gather: ['1'],
  dial: [{ outcome: 'no-answer' }],
  record: { seconds: 12, end: '#', transcript: 'Please call me back about the leak.' },
};

describe('reconcile', () => {
  it('rebuilds the row of a call whose every callback failed, as the callbacks would have written it', async () => {
    const to = newLine();
    // Airtable is down for the whole call and for every one of Twilio's retries.
    const lost = await callLost(local(), { ...missedThenVoicemail, to });
    // Every callback that writes: the recording's, the transcript's, the call's own.
    expect(lost.problems.filter((p) => p.kind === 'callback-failed').length).toBeGreaterThanOrEqual(3);
    expect(rowsOf(lost)).toEqual([]);

    const summary = await reconcileLine(to);
    expect(summary).toMatchObject({ callsSeen: 1, rowsWritten: 1, duplicatesMerged: 0, failures: [], more: false, remaining: 0 });
    const row = rowOf(lost);
    expect(row).toMatchObject({
      'Call Status': 'completed',
      Duration: lost.durationSeconds,
      From: caller.from,
      To: to,
      'Caller Name': 'DANA SCULLY',
      'Recording SID': lost.recordingSids[0],
      'Recording Status': 'completed',
      'Recording Duration': 12,
      Transcript: 'Please call me back about the leak.',
      'Transcription Status': 'completed',
    });
    expect(String(row['Recording URL'])).toContain(`/Recordings/${lost.recordingSids[0]}`);
    // A screened call's phones were calls of their own: the records prove no forwarding fact.
    for (const column of FORWARDING_FACTS) expect(row[column]).toBeUndefined();

    // The same call with Airtable up: the callbacks' row. The location is missing, since
    // Twilio's Call resource does not keep it, and so are the forwarding facts.
    const delivered = await local().call({ ...missedThenVoicemail, to: newLine() });
    // The alert that call sent is the alert step's, not a fact of the call (reconcile's own pass sends the lost call's).
    const {
      'Caller Location': location,
      'Alerted At': alertedAt,
      'Alerts Sent': _sent,
      ...fromCallbacks
    } = withoutForwarding(withoutIdentity(rowOf(delivered)));
    expect(location).toBe('ATLANTA, GA, US');
    expect(alertedAt).toEqual(expect.any(String));
    expect(withoutIdentity(row)).toEqual({ ...fromCallbacks, To: to });

    // Again: nothing to write.
    expect(await reconcileLine(to)).toEqual({ ...summary, rowsWritten: 0 });
    expect(rowOf(lost)).toEqual(row);
  });

  it("rebuilds a screened call the owner's carrier voicemail picked up, never as answered: the forwarding facts stay the callbacks'", async () => {
    const script: Partial<SimulatedCallOptions> = { ...missedThenVoicemail, dial: [{ phones: [{ kind: 'carrier-voicemail' }] }] };
    const to = newLine();
    const lost = await callLost(local(), { ...script, to });
    expect(rowsOf(lost)).toEqual([]);

    await reconcileLine(to);
    const row = rowOf(lost);
    expect(row).toMatchObject({ 'Recording Duration': 12 });
    for (const column of FORWARDING_FACTS) expect(row[column]).toBeUndefined();
    await expectAsTheCallbacksWrote(local(), row, script, to);
  });

  it.each<[string, Partial<SimulatedCallOptions>]>([
    ['forwarded and answered', { ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 45 }] }] }],
    [
      'forwarded, the carrier voicemail answered, voicemail',
      { ...missedThenVoicemail, dial: [{ phones: [{ kind: 'carrier-voicemail' }] }] },
    ],
    ['forwarded, unanswered, voicemail with transcript', missedThenVoicemail],
    ['pressed 2, voicemail, transcription failed', { gather: ['2'], record: { seconds: 20, end: 'hangup', transcript: null } }],
    ['said nothing at the menu, taken to voicemail', { gather: [null, null], record: { seconds: 8 } }],
    ['pressed 2 and recorded nothing', { gather: ['2'], record: { seconds: 0, end: 'timeout' } }],
    ['hung up in the menu', { gather: ['hangup'] }],
  ])('after the callbacks wrote the row, writes nothing: %s', async (_name, script) => {
    const to = newLine();
    const call = await local().call({ ...script, to });
    expect(call.problems).toEqual([]);
    const before = rowOf(call);

    const summary = await reconcileLine(to);
    expect(summary).toMatchObject({ callsSeen: 1, rowsWritten: 0, duplicatesMerged: 0, failures: [], more: false, remaining: 0 });
    expect(rowOf(call)).toEqual(before);
  });

  it('keeps the callbacks’ field rules: a caller name cut to length, a recording URL off Twilio’s API host dropped', async () => {
    const script: Partial<SimulatedCallOptions> = {
      ...missedThenVoicemail,
      callerName: 'DANA '.repeat(60),
      mediaBaseUrl: 'https://media.example.com',
    };
    const to = newLine();
    const lost = await callLost(local(), { ...script, to });
    expect(rowsOf(lost)).toEqual([]);

    await reconcileLine(to);
    const row = rowOf(lost);
    expect(row['Caller Name']).toBe('DANA '.repeat(60).slice(0, 256));
    expect(row['Recording URL']).toBeUndefined();
    expect(row).toMatchObject({ 'Recording Status': 'completed', 'Recording Duration': 12 });
    await expectAsTheCallbacksWrote(local(), row, script, to);
    // Nothing left to write: the row holds what the callbacks would have written.
    expect(await reconcileLine(to)).toMatchObject({ rowsWritten: 0, failures: [] });
  });

  it('leaves Choice unset when Twilio’s records cannot tell how the caller reached voicemail', async () => {
    const to = newLine();
    const call = await callLost(local(), { gather: [null, null], record: { seconds: 8 }, to });

    await reconcileLine(to);
    const row = rowOf(call);
    expect(row).toMatchObject({ 'Recording Status': 'completed', 'Recording Duration': 8, 'Call Status': 'completed' });
    expect(row.Choice).toBeUndefined();
  });

  it('waits out Airtable’s rate-limit lockout and still writes every row', async () => {
    const to = newLine();
    local().airtable!.injectFault({ status: 503, count: 1000 });
    const calls = [
      await local().call({ gather: ['hangup'], to }),
      await local().call({ gather: ['hangup'], to }),
      await local().call({ gather: ['hangup'], to }),
    ];
    local().airtable!.clearFaults();
    // Airtable's lockout is 30 s; a short one exercises the same path.
    local().airtable!.setRateLimit({ enabled: true, perSecond: 1, lockoutMs: 300 });
    const logged: string[] = [];
    const summary = await reconcileLine(to, {
      pacing: { intervalMs: 0, lockoutMs: 1100, waitOutLockouts: true },
      log: (line) => logged.push(line),
    });

    expect(summary).toMatchObject({ callsSeen: 3, rowsWritten: 3, duplicatesMerged: 0, failures: [], more: false, remaining: 0 });
    for (const call of calls) expect(rowOf(call)).toMatchObject({ 'Call Status': 'completed' });
    expect(logged.some((line) => /rate limit reached: waiting 1.1 s/.test(line))).toBe(true);
    expect(local().airtable!.requestLog.some((entry) => entry.status === 429)).toBe(true);
  });

  it('reports a call it could not write, and writes the rest', async () => {
    const to = newLine();
    local().airtable!.injectFault({ status: 503, count: 1000 });
    await local().call({ gather: ['hangup'], to });
    // Still down when reconcile runs.
    const summary = await reconcileLine(to);
    expect(summary.callsSeen).toBe(1);
    expect(summary.rowsWritten).toBe(0);
    expect(summary.failures).toEqual([{ callSid: expect.stringMatching(/^CA/), message: expect.stringMatching(/503/) }]);
  });

  it('writes nothing in a dry run', async () => {
    const to = newLine();
    const call = await callLost(local(), { gather: ['hangup'], to });
    const logged: string[] = [];
    const summary = await reconcileLine(to, { dryRun: true, log: (line) => logged.push(line) });
    expect(summary).toMatchObject({ callsSeen: 1, rowsWritten: 1, duplicatesMerged: 0, failures: [], more: false, remaining: 0 });
    expect(rowsOf(call)).toEqual([]);
    expect(logged.join('\n')).toMatch(new RegExp(`${call.callSid}  would write: .*"Call Status":"completed"`));
  });
});

describe('reconcile, business hours', () => {
  const hoursStack = placingCallsAt(
    useLocalStack({ TIME_ZONE: 'America/New_York', OPEN_HOURS: 'Mon-Fri 09:00-17:30' }),
    MONDAY_10AM_NEW_YORK,
  );
  const script: Partial<SimulatedCallOptions> = { ...caller, gather: ['1'], record: { seconds: 12, end: '#', transcript: 'It is Dana.' } };
  const reconcileHours = (to: string) =>
    reconcile({
      client: twilioClient(readTwilioApiConfig(hoursStack().env)),
      airtable: readAirtableConfig(hoursStack().env),
      businessHours: readBusinessHours(hoursStack().env),
      since: SINCE,
      to,
    });

  it('restores an after-hours call whose callbacks were all lost as closed, as its recording callback would have', async () => {
    const startAt = MONDAY_6PM_NEW_YORK;
    const to = newLine();
    const lost = await callLost(hoursStack(), { ...script, startAt, to });
    expect(rowsIn(hoursStack(), lost)).toEqual([]);

    await reconcileHours(to);
    const row = rowIn(hoursStack(), lost);
    expect(row).toMatchObject({ Choice: 'closed', 'Recording Duration': 12 });
    await expectAsTheCallbacksWrote(hoursStack(), row, { ...script, startAt }, to);
  });

  it('never overwrites the Choice a callback wrote, whatever the hours say now', async () => {
    // Monday, 10:00 in New York: open then, the caller pressed 2. Reconciled with hours
    // that would call that time closed (the owner changed them since), the row keeps "voicemail".
    const to = newLine();
    const delivered = await hoursStack().call({ ...caller, gather: ['2'], record: { seconds: 9 }, to });
    expect(rowIn(hoursStack(), delivered).Choice).toBe('voicemail');
    await reconcile({
      client: twilioClient(readTwilioApiConfig(hoursStack().env)),
      airtable: readAirtableConfig(hoursStack().env),
      businessHours: readBusinessHours({ ...hoursStack().env, OPEN_HOURS: 'Sat 09:00-10:00' }),
      since: SINCE,
      to,
    });
    expect(rowIn(hoursStack(), delivered).Choice).toBe('voicemail');
  });

  it('in open hours, leaves Choice to the recording callback', async () => {
    // Monday, 10:00 in New York; the caller said nothing and was taken to voicemail.
    const to = newLine();
    const lost = await callLost(hoursStack(), { ...caller, gather: [null, null], record: { seconds: 8 }, to });
    await reconcileHours(to);
    expect(rowIn(hoursStack(), lost).Choice).toBeUndefined();
  });
});
