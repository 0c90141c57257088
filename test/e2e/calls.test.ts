// Whole calls against the real local runtime (twilio-run serving dist/) and the Airtable
// emulator, placed by the simulator: what the caller hears, and the row each call leaves.
import type { SimulatedCall } from '../../emulators/twilio';
import { FORWARD_TO, rowOf as rowIn, useLocalStack } from '../support/e2e-stack';

const local = useLocalStack();
const rowOf = (call: SimulatedCall) => rowIn(local(), call);

const said = (call: SimulatedCall) => call.transcript.join('\n');

function expectNoProblems(call: SimulatedCall): void {
  expect(call.problems).toEqual([]);
  expect(said(call)).not.toMatch(/application error/i);
}

const caller = { from: '+14705550123', callerName: 'DANA SCULLY', callerGeo: { city: 'ATLANTA', state: 'GA', country: 'US' } };

describe('a caller', () => {
  it('presses 1 and talks to the owner, who accepted at the whisper', async () => {
    const call = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 45 }] }] });
    expectNoProblems(call);
    expect(said(call)).toMatch(/Thanks for calling\. To speak with someone, press 1/);
    expect(said(call)).toMatch(/Connecting you now/);
    expect(said(call)).not.toMatch(/leave your name/);
    const dial = call.exchanges.find((e) => e.url.includes('/forward-result'));
    expect(dial?.params).toMatchObject({ DialCallStatus: 'answered' });
    // The owner's phone is a call from the line's own number (a REST call's caller ID must be
    // one of the account's); the whisper says who is calling.
    const phone = call.exchanges.find((e) => e.url.includes('/phone-status'));
    expect(phone?.params).toMatchObject({ From: '+15025550100', To: FORWARD_TO, Direction: 'outbound-api', CallStatus: 'completed' });
    expect(rowOf(call)).toMatchObject({
      From: caller.from,
      'Caller Name': 'DANA SCULLY',
      'Caller Location': 'ATLANTA, GA, US',
      Choice: 'forward',
      'Forwarded To': FORWARD_TO,
      'Forward Status': 'answered',
      // The owner's leg: the whisper (10 s), pressing 1, then 45 s of talk.
      'Forward Talk Time': 56,
      'Call Status': 'completed',
      Duration: call.durationSeconds,
    });
    expect(rowOf(call)['Recording SID']).toBeUndefined();
  });

  it('presses 1, nobody answers, and leaves a voicemail with a transcript', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ outcome: 'no-answer' }],
      record: { seconds: 12, end: '#', transcript: 'Please call me back about the leak.' },
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/nobody is available/);
    expect(said(call)).toMatch(/message has been saved/);
    expect(rowOf(call)).toMatchObject({
      Choice: 'forward',
      'Forward Status': 'no-answer',
      'Forward Talk Time': 0,
      'Recording Status': 'completed',
      'Recording Duration': 12,
      'Recording SID': call.recordingSids[0],
      Transcript: 'Please call me back about the leak.',
      'Transcription Status': 'completed',
      'Call Status': 'completed',
    });
  });

  it.each(['busy', 'failed'] as const)('is offered voicemail when the owner line is %s', async (outcome) => {
    const call = await local().call({ gather: ['1'], dial: [{ outcome }], record: { seconds: 6, end: 'hangup' } });
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forward Status': outcome, 'Recording Duration': 6 });
  });

  it('presses 2 and leaves a voicemail', async () => {
    const call = await local().call({
      ...caller,
      gather: ['2'],
      record: { seconds: 20, end: 'hangup', transcript: 'Hello, this is a test.' },
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/after the tone/);
    const row = rowOf(call);
    expect(row).toMatchObject({
      Choice: 'voicemail',
      'Recording Duration': 20,
      Transcript: 'Hello, this is a test.',
      'Call Status': 'completed',
    });
    expect(row['Forward Status']).toBeUndefined();
    expect(String(row['Recording URL'])).toContain(`/Recordings/${call.recordingSids[0]}`);
  });

  it('says nothing at the menu: it repeats, then the caller is taken to voicemail, not dropped', async () => {
    const call = await local().call({ gather: [null, null], record: { seconds: 8 } });
    expectNoProblems(call);
    expect(said(call).match(/To speak with someone, press 1/g)).toHaveLength(2);
    expect(said(call)).toMatch(/Let's take a message instead/);
    expect(rowOf(call)).toMatchObject({ Choice: 'none', 'Recording Duration': 8, 'Call Status': 'completed' });
  });

  it('presses a key the menu does not offer, hears so, then chooses voicemail', async () => {
    const call = await local().call({ gather: ['7', '2'], record: { seconds: 5 } });
    expectNoProblems(call);
    expect(said(call)).toMatch(/not one of the choices/);
    expect(rowOf(call)).toMatchObject({ Choice: 'voicemail', 'Recording Duration': 5 });
  });

  it('records nothing: a polite goodbye and an absent recording', async () => {
    const call = await local().call({ gather: ['2'], record: { seconds: 0, end: 'timeout' } });
    expectNoProblems(call);
    expect(said(call)).toMatch(/didn't get a message/);
    expect(rowOf(call)).toMatchObject({ Choice: 'voicemail', 'Recording Status': 'absent', 'Recording Duration': 0 });
  });

  it('hangs up during the menu: the call is still logged, with no choice', async () => {
    const call = await local().call({ ...caller, gather: ['hangup'] });
    expectNoProblems(call);
    const row = rowOf(call);
    expect(row).toMatchObject({ 'Call Status': 'completed', From: caller.from });
    expect(row.Choice).toBeUndefined();
  });
});

describe('callbacks', () => {
  it('duplicated and out of order converge to the same row as in order', async () => {
    const script = {
      ...caller,
      gather: ['1'],
      dial: [{ outcome: 'no-answer' as const }],
      record: { seconds: 9, transcript: 'Same either way.' },
    };
    const inOrder = await local().call(script);
    const shuffled = await local().call({ ...script, callbacks: { duplicate: true, order: 'reverse' } });
    expectNoProblems(shuffled);
    // The alert texts' delivery reports come after the calls.
    await local().media.messagesSettled();
    const {
      'Call SID': _a,
      'Started At': _b,
      'Ended At': _c,
      'Forward Call SID': _d,
      'Recording SID': _e,
      'Recording URL': _f,
      'Alerted At': _m,
      ...first
    } = rowOf(inOrder);
    const {
      'Call SID': _g,
      'Started At': _h,
      'Ended At': _i,
      'Forward Call SID': _j,
      'Recording SID': _k,
      'Recording URL': _l,
      'Alerted At': _n,
      ...second
    } = rowOf(shuffled);
    expect(second).toEqual(first);
    expect(Object.keys(first).length).toBeGreaterThan(8);
  });
});

describe('when Airtable is in trouble during the call', () => {
  it('is down for a while: the caller is still routed and the row is complete after Twilio retries', async () => {
    // Enough failures that the first attempts of several callbacks fail (each tries twice in-function).
    local().airtable!.injectFault({ status: 503, count: 5 });
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ outcome: 'no-answer' }],
      record: { seconds: 10, transcript: 'Down but not lost.' },
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/message has been saved/);
    const retried = call.exchanges.filter((e) => e.kind === 'async' && e.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    expect(rowOf(call)).toMatchObject({
      'Forward Status': 'no-answer',
      'Recording Duration': 10,
      Transcript: 'Down but not lost.',
      'Call Status': 'completed',
    });
  });

  it('is rate-limited: the caller is still routed and the row is complete after the lockout', async () => {
    // Airtable's real lockout is 30 s, longer than Twilio's 15 s retry window; a short one here
    // exercises the same path: 429 → 503 at once → Twilio retries → written.
    // Refused requests count against the limit, so retries are spaced beyond the one-second window.
    local().airtable!.setRateLimit({ enabled: true, perSecond: 1, lockoutMs: 500 });
    const call = await local().call({ ...caller, gather: ['2'], record: { seconds: 7, transcript: 'Slow down.' }, retryBackoffMs: 1100 });
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({
      Choice: 'voicemail',
      'Recording Duration': 7,
      Transcript: 'Slow down.',
      'Call Status': 'completed',
    });
    expect(local().airtable!.requestLog.some((entry) => entry.status === 429)).toBe(true);
  });
});

describe('bad input', () => {
  it('a webhook without a valid Call SID gets a 400 with a message and writes nothing', async () => {
    const before = local().airtable!.records(local().airtableConfig.baseId, 'Calls').length;
    const response = await fetch(`${local().baseUrl}/status`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ CallSid: "CA' OR TRUE()", CallStatus: 'completed' }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CallSid must be CA followed by 32 hexadecimal characters/);
    expect(local().airtable!.records(local().airtableConfig.baseId, 'Calls')).toHaveLength(before);
  });
});

describe('what Twilio does that a local run would not show', () => {
  it("the phone's call reports its end: its status callback URL is absolute, as Twilio requires", async () => {
    const call = await local().call({ gather: ['1'], dial: [{ outcome: 'busy' }], record: { seconds: 4 } });
    expectNoProblems(call);
    const phone = call.exchanges.find((e) => e.url.includes('/phone-status'));
    expect(phone).toMatchObject({ status: 204, params: { CallStatus: 'busy', To: FORWARD_TO } });
    expect(rowOf(call)).toMatchObject({ 'Forward Status': 'busy' });
  });

  it('a caller who talks until the recording stops still gets a transcript (Twilio transcribes under 120 s only)', async () => {
    const call = await local().call({ gather: ['2'], record: { seconds: 300, end: 'timeout', transcript: 'A very long story.' } });
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({ 'Recording Duration': 110, Transcript: 'A very long story.', 'Transcription Status': 'completed' });
  });

  it('when the menu fails, the fallback apologises and still takes a voicemail, logged as usual', async () => {
    // An answer of 400 (a malformed attempt) is one of the failures Twilio sends to the fallback URL.
    const call = await local().call({ voiceUrl: '/menu?attempt=zero', record: { seconds: 9, transcript: 'Call me, the menu broke.' } });
    expect(call.problems).toEqual([expect.objectContaining({ kind: 'application-error', code: 11200 })]);
    expect(said(call)).not.toMatch(/an application error has occurred/);
    expect(said(call)).toMatch(/something went wrong on our side\. Please leave a message/);
    expect(said(call)).toMatch(/message has been saved/);
    const row = rowOf(call);
    expect(row).toMatchObject({ 'Recording Duration': 9, Transcript: 'Call me, the menu broke.', 'Call Status': 'completed' });
    expect(row.Choice).toBeUndefined();
  });

  it('the longest voicemail plays in the feed as MP3, well under 0.6 MB', async () => {
    const call = await local().call({ gather: ['2'], record: { seconds: 300, end: 'timeout' } });
    const password = Buffer.from(`owner:${local().env.FEED_PASSWORD}`).toString('base64');
    const response = await fetch(`${local().baseUrl}/recording?sid=${call.recordingSids[0]}`, {
      headers: { Authorization: `Basic ${password}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/mpeg');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(Number(response.headers.get('content-length')));
    expect(bytes.length).toBeLessThanOrEqual(600_000);
    expect(bytes.length).toBeGreaterThan(110 * 3900);
  });
});
