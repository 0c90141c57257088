// Blocking a number, whole calls through the simulator and the stand-ins: the blocked number's
// next call is rejected unanswered, logged `blocked`, alerts nobody and gets no text-back; with
// Sync down the call goes through; a withheld caller goes straight to voicemail when the
// setting says so; the missed-call text-back goes once per number per day.
import type { SimulatedCall } from '../../emulators/twilio';
import { placingCallsAt, rowOf, useLocalStack } from '../support/e2e-stack';

const log: string[] = [];
const TEXT_BACK = 'Sorry we missed you. We will call you back soon.';
// Placed at a fixed time, so the text-back's day never depends on today's date.
const DAY = new Date('2030-06-03T15:00:00Z');
const local = placingCallsAt(
  useLocalStack({ WITHHELD_TO_VOICEMAIL: 'true', AUTO_REPLY_SMS: TEXT_BACK }, (line) => log.push(line)),
  DAY,
);

const basic = () => `Basic ${Buffer.from(`owner:${local().env.FEED_PASSWORD}`).toString('base64')}`;

async function block(body: unknown, authorization: string | null = basic()) {
  const response = await fetch(`${local().baseUrl}/block`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const alertsAbout = (call: SimulatedCall) =>
  local()
    .media.messages()
    .filter((m) => m.body.includes(call.callSid));
const textsTo = (number: string) =>
  local()
    .media.messages()
    .filter((m) => m.to === number);
const heard = (call: SimulatedCall) => call.transcript.join('\n');

describe('a blocked number', () => {
  const CALLER = '+14045550111';

  it('is rejected on its next call, logged blocked, with no alert and no text-back; unblocked, it rings through again', async () => {
    expect(await block({ number: CALLER, blocked: true })).toEqual({ status: 200, body: { number: CALLER, blocked: true, changed: true } });
    // Blocking twice changes nothing, and says so.
    expect((await block({ number: CALLER, blocked: true })).body.changed).toBe(false);

    const call = await local().call({ from: CALLER, gather: ['1'], dial: [{ outcome: 'no-answer' }] });
    expect(call.problems).toEqual([]);
    expect(heard(call)).toMatch(/Twilio rejects the call/);
    expect(heard(call)).not.toMatch(/press 1/);
    expect(call.finalStatus).toBe('no-answer');
    expect(rowOf(local(), call)).toMatchObject({ From: CALLER, Choice: 'blocked', 'Call Status': 'no-answer' });
    expect(alertsAbout(call)).toEqual([]);
    expect(local().sendgrid.mail()).toEqual([]);
    expect(textsTo(CALLER)).toEqual([]);

    const listed = await fetch(`${local().baseUrl}/calls?outcome=blocked`, { headers: { Authorization: basic() } });
    const { calls } = (await listed.json()) as { calls: { callSid: string; outcome: string }[] };
    expect(calls.map((c) => [c.callSid, c.outcome])).toEqual([[call.callSid, 'blocked']]);

    expect((await block({ number: CALLER, blocked: false })).body).toEqual({ number: CALLER, blocked: false, changed: true });
    const next = await local().call({ from: CALLER, gather: ['2'], record: { seconds: 6, end: '#' } });
    expect(heard(next)).toMatch(/press 1/);
    expect(rowOf(local(), next)).toMatchObject({ Choice: 'voicemail' });
  });

  it('rings through when Sync cannot answer, and the function log says why', async () => {
    const number = '+14045550112';
    await block({ number, blocked: true });
    local().media.setSyncUnavailable(true);
    try {
      const call = await local().call({ from: number, gather: ['2'], record: { seconds: 6, end: '#' } });
      expect(call.problems).toEqual([]);
      expect(heard(call)).toMatch(/press 1/);
      expect(rowOf(local(), call)).toMatchObject({ Choice: 'voicemail' });
      expect(log.join('\n')).toMatch(new RegExp(`/menu ${call.callSid}: blocklist not read \\(.*\\); the call goes through`));
    } finally {
      local().media.setSyncUnavailable(false);
    }
  });
});

describe('/block refuses', () => {
  it.each([
    [{ number: '4045550111', blocked: true }, /E\.164/],
    [{ number: 'anonymous', blocked: true }, /E\.164/],
    [{ number: '+14045550111', blocked: 'yes' }, /blocked must be true or false/],
    [{ number: '+14045550111', blocked: true, extra: 1 }, /Unknown parameter "extra"/],
  ])('%j with a 400 and a message', async (body, message) => {
    const answer = await block(body);
    expect(answer.status).toBe(400);
    expect(String(answer.body.error)).toMatch(message);
  });

  it('a request without the password or a session, with a 401', async () => {
    expect((await block({ number: '+14045550111', blocked: true }, null)).status).toBe(401);
    expect((await block({ number: '+14045550111', blocked: true }, `Basic ${Buffer.from('owner:wrong').toString('base64')}`)).status).toBe(
      401,
    );
  });
});

describe('WITHHELD_TO_VOICEMAIL=true', () => {
  it('sends a withheld caller straight to the voicemail prompt, and texts nobody back', async () => {
    const call = await local().call({ from: 'anonymous', record: { seconds: 7, end: '#' } });
    expect(call.problems).toEqual([]);
    expect(heard(call)).not.toMatch(/press 1/);
    expect(heard(call)).toMatch(/after the tone/);
    expect(rowOf(local(), call)).toMatchObject({ Choice: 'voicemail', 'Recording Duration': 7 });
    expect(textsTo('anonymous')).toEqual([]);
  });
});

describe('the missed-call text-back', () => {
  it('goes once per number per day, from the business number, after a missed call or a voicemail', async () => {
    const caller = '+14045550121';
    const missed = await local().call({
      from: caller,
      gather: ['1'],
      dial: [{ outcome: 'no-answer' }],
      record: { seconds: 0, end: 'hangup' },
    });
    expect(missed.problems).toEqual([]);
    expect(textsTo(caller)).toEqual([expect.objectContaining({ from: local().env.TWILIO_NUMBER, body: TEXT_BACK })]);
    // A voicemail the same day, with Twilio's callbacks each delivered twice: still one text.
    await local().call({ from: caller, gather: ['2'], record: { seconds: 9, end: '#' }, callbacks: { duplicate: true } });
    expect(textsTo(caller)).toHaveLength(1);
    // The next day, another.
    await local().call({ from: caller, gather: ['2'], record: { seconds: 9, end: '#' }, startAt: new Date(DAY.getTime() + 24 * 3600_000) });
    expect(textsTo(caller)).toHaveLength(2);
  });

  it('is not sent after an answered call', async () => {
    const caller = '+14045550122';
    const call = await local().call({
      from: caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 20 }] }],
    });
    expect(call.problems).toEqual([]);
    expect(rowOf(local(), call)).toMatchObject({ 'Forward Status': 'answered' });
    expect(textsTo(caller)).toEqual([]);
  });
});
