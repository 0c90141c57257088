// The owner's alerts on whole simulated calls: the texts the REST stand-in received, the mail
// the SendGrid stand-in accepted, and the row. Alerts go to the local defaults' recipients.
import type { SimulatedCall } from '../../emulators/twilio';
import { alertSenders } from '../../functions/lib/alerts/channels';
import { sendDueAlerts } from '../../functions/lib/alerts/pass';
import { LATE_CALLBACK_WAIT_MS } from '../../functions/lib/alerts/rule';
import { readAlertConfig } from '../../functions/lib/alerts/settings';
import { twilioClient } from '../../functions/lib/twilio/records';
import { LOCAL_DEFAULTS } from '../../scripts/local-stack';
import { placingCallsAt, rowOf as rowIn, useLocalStack } from '../support/e2e-stack';

// The test's clock: every call starts at CALLS_AT, and the later passes run at times after it.
const CALLS_AT = new Date('2026-11-23T15:00:30Z');
const after = (ms: number) => new Date(CALLS_AT.getTime() + ms);
const local = placingCallsAt(useLocalStack(), CALLS_AT);
const rowOf = (call: SimulatedCall) => rowIn(local(), call);

const caller = { from: '+14705550123', callerName: 'DANA SCULLY' };
const textsAbout = (call: SimulatedCall) =>
  local()
    .media.messages()
    .filter((m) => m.body.includes(call.callSid));
const mailAbout = (call: SimulatedCall) =>
  local()
    .sendgrid.mail()
    .filter((m) => m.text.includes(call.callSid));
const link = (call: SimulatedCall) => `${local().baseUrl}/index.html#call=${call.callSid}`;

function expectOneAlert(call: SimulatedCall): { sms: string; subject: string; text: string } {
  const texts = textsAbout(call);
  const mail = mailAbout(call);
  expect(texts).toHaveLength(1);
  expect(mail).toHaveLength(1);
  // From the business number that was called, to the owner.
  expect(texts[0]).toMatchObject({ from: '+15025550100', to: LOCAL_DEFAULTS.ALERT_SMS_TO });
  expect(mail[0]).toMatchObject({ from: LOCAL_DEFAULTS.ALERT_EMAIL_FROM, to: [LOCAL_DEFAULTS.ALERT_EMAIL_TO] });
  return { sms: texts[0].body, subject: mail[0].subject, text: mail[0].text };
}

function expectAlertedRow(call: SimulatedCall): void {
  const row = rowOf(call);
  expect(row['Alerted At']).toEqual(expect.any(String));
  expect(String(row['Alerts Sent']).split(', ').sort()).toEqual(['email', `sms:${LOCAL_DEFAULTS.ALERT_SMS_TO}`]);
  expect(row['Alert Claim']).toBeUndefined();
}

describe('alerts to the owner', () => {
  it('a voicemail with its transcript: one text and one email, with who, when, length, transcript and the link', async () => {
    const call = await local().call({
      ...caller,
      gather: ['2'],
      record: { seconds: 14, end: '#', transcript: 'The leak is back, please call.' },
    });
    expect(call.problems).toEqual([]);
    const alert = expectOneAlert(call);
    for (const text of [alert.sms, alert.text]) {
      expect(text).toContain('New voicemail from DANA SCULLY (+14705550123)');
      expect(text).toContain('on Mon, Nov 23, 3:00 PM UTC, 14 s.');
      expect(text).toContain('The leak is back, please call.');
      expect(text).toContain(link(call));
    }
    expect(alert.subject).toBe('Voicemail from DANA SCULLY (+14705550123) (14 s)');
    // The link carries the call and nothing else: no password, no token.
    expect(alert.sms.match(/https?:\/\/\S+/g)).toEqual([link(call)]);
    expectAlertedRow(call);
    expect(rowOf(call)).toMatchObject({ Transcript: 'The leak is back, please call.', 'Call Status': 'completed' });
  });

  it('a voicemail whose transcription failed: one alert that says the transcript is not available', async () => {
    const call = await local().call({ ...caller, gather: ['2'], record: { seconds: 9, end: '#', transcript: null } });
    expect(call.problems).toEqual([]);
    const alert = expectOneAlert(call);
    expect(alert.sms).toContain('(Transcript not available: transcription failed.)');
    expect(alert.text).toContain('(Transcript not available: transcription failed.)');
    expectAlertedRow(call);
  });

  it.each(['reverse', 'shuffle'] as const)('duplicated callbacks in %s order still send one alert', async (order) => {
    const call = await local().call({
      ...caller,
      gather: ['2'],
      record: { seconds: 11, end: '#', transcript: 'Twice?' },
      callbacks: { duplicate: true, order },
    });
    expect(call.problems).toEqual([]);
    expect(expectOneAlert(call).sms).toContain('Twice?');
    expectAlertedRow(call);
  });

  it("a text that fails once is sent on Twilio's retry of the callback, the email only once, and the row is complete", async () => {
    local().media.failNextMessages(1);
    const call = await local().call({ ...caller, gather: ['2'], record: { seconds: 10, end: '#', transcript: 'Retry me.' } });
    expect(call.problems).toEqual([]);
    // The callback that completed the row answered 503, and Twilio's retry sent the text.
    const completing = call.exchanges.filter((e) => e.url.includes('/transcription'));
    expect(completing.map((e) => [e.attempts, e.status])).toEqual([[2, 204]]);
    expectOneAlert(call);
    expectAlertedRow(call);
    expect(rowOf(call)).toMatchObject({
      Transcript: 'Retry me.',
      'Transcription Status': 'completed',
      'Recording Duration': 10,
      'Call Status': 'completed',
    });
  });

  it('a missed call (forwarded, nobody answered, no message): one missed-call alert', async () => {
    const call = await local().call({ ...caller, gather: ['1'], dial: [{ outcome: 'no-answer' }], record: { seconds: 0, end: 'hangup' } });
    expect(call.problems).toEqual([]);
    const alert = expectOneAlert(call);
    expect(alert.sms).toMatch(/^Missed call from DANA SCULLY \(\+14705550123\) on .*\. Nobody answered and no message was left\. /);
    expect(alert.subject).toBe('Missed call from DANA SCULLY (+14705550123)');
    expectAlertedRow(call);
  });

  it.each(['natural', 'reverse'] as const)(
    'a forwarded call that ends in a voicemail, reported long after it happened (%s order), gets the voicemail alert and never a missed-call one',
    async (order) => {
      // Its final status arrives before its recording callback (natural order), with Twilio's
      // timestamps long past: the wait the rule allows for late callbacks is over at once (so
      // the voicemail alert does not wait for its transcript either).
      // A day of its own for each order: calls to the line at one moment would share their phones
      // (the conference design finds a caller's phone calls by the line's number and the time).
      const day = order === 'natural' ? 1 : 2;
      const startAt = after(day * 86_400_000);
      const record = { seconds: 12, end: '#' as const };
      const call = await local().call({
        ...caller,
        gather: ['1'],
        dial: [{ outcome: 'no-answer' }],
        record,
        startAt,
        callbacks: { order },
      });
      expect(call.problems).toEqual([]);
      const alert = expectOneAlert(call);
      for (const text of [alert.sms, alert.text]) {
        expect(text).toContain(
          `New voicemail from DANA SCULLY (+14705550123) on ${day === 1 ? 'Tue, Nov 24' : 'Wed, Nov 25'}, 3:00 PM UTC, 12 s.`,
        );
        expect(text).not.toContain('Missed call');
      }
      expectAlertedRow(call);
      expect(rowOf(call)).toMatchObject({ 'Forward Status': 'no-answer', 'Recording Duration': 12 });
    },
  );

  it('a text Twilio accepts and then reports undelivered (unregistered 10DLC) is recorded with its code, shown in the feed, and the email still goes out', async () => {
    local().media.undeliverNextMessages(1, 30034);
    const call = await local().call({ ...caller, gather: ['2'], record: { seconds: 10, end: '#', transcript: 'Did you get this?' } });
    expect(call.problems).toEqual([]);
    await local().media.messagesSettled();
    // The email went out with the text: a text accepted is not a text delivered.
    expectOneAlert(call);
    expectAlertedRow(call);
    expect(textsAbout(call)[0]).toMatchObject({
      status: 'undelivered',
      errorCode: 30034,
      reports: [
        { status: 'sent', answer: 204 },
        { status: 'undelivered', answer: 204 },
      ],
    });
    expect(rowOf(call)).toMatchObject({ 'Text Failed To': LOCAL_DEFAULTS.ALERT_SMS_TO, 'Text Error Code': 30034 });

    const stack = local();
    const response = await fetch(`${stack.baseUrl}/calls`, {
      headers: { authorization: `Basic ${Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64')}` },
    });
    const listed = ((await response.json()) as { calls: { callSid: string; textAlert: unknown }[] }).calls.find(
      (c) => c.callSid === call.callSid,
    );
    expect(listed?.textAlert).toEqual({ status: 'not-delivered', errorCode: 30034, reason: 'the number is not registered for A2P 10DLC' });
  });

  it('a delivered text is reported to /message-status and leaves the row as the alert left it', async () => {
    const call = await local().call({ ...caller, gather: ['2'], record: { seconds: 10, end: '#', transcript: 'Got it?' } });
    await local().media.messagesSettled();
    expect(textsAbout(call)[0]).toMatchObject({
      status: 'delivered',
      reports: [
        { status: 'sent', answer: 204 },
        { status: 'delivered', answer: 204 },
      ],
    });
    expectAlertedRow(call);
    expect(rowOf(call)['Text Failed To']).toBeUndefined();
  });

  it('an answered call, or a caller who hung up in the menu, sends nothing', async () => {
    const answered = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 20 }] }],
    });
    const hungUp = await local().call({ ...caller, gather: ['hangup'] });
    for (const call of [answered, hungUp]) {
      expect(textsAbout(call)).toEqual([]);
      expect(mailAbout(call)).toEqual([]);
      expect(rowOf(call)['Alerted At']).toBeUndefined();
    }
  });

  it("a missed call whose caller hangs up while the phones ring is alerted once, by the feed page's pass after the wait", async () => {
    const call = await local().call({ ...caller, gather: ['1'], dial: [{ outcome: 'caller-hangs-up', afterSeconds: 12 }] });
    expect(call.problems).toEqual([]);
    // No voicemail and so no recording callback: nothing says yet that no message will come.
    expect(call.exchanges.some((e) => e.url.includes('/recording-status'))).toBe(false);
    expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forward Status': 'canceled', 'Call Status': 'completed' });
    expect(textsAbout(call)).toEqual([]);

    // What the open page asks (assets/feed/poll.js, sendDueAlerts), at the Function's clock: the simulator's
    // time, which the local stack lets stand for now (lib/runtime/clock.ts), so no test waits minutes.
    const stack = local();
    const alertsDue = async (at: Date) => {
      const response = await fetch(`${stack.baseUrl}/alerts-due`, {
        headers: {
          authorization: `Basic ${Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64')}`,
          'x-simulated-time': at.toISOString(),
        },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { sent: { callSid: string } | null; more: boolean };
    };
    expect((await alertsDue(after(60_000))).sent).toBeNull();
    expect(textsAbout(call)).toEqual([]);
    const later = after(LATE_CALLBACK_WAIT_MS + 60_000);
    expect((await alertsDue(later)).sent).toEqual({ callSid: call.callSid, kind: 'missed' });
    expect((await alertsDue(later)).sent).toBeNull();
    const alert = expectOneAlert(call);
    expect(alert.sms).toMatch(/^Missed call from DANA SCULLY \(\+14705550123\) on .*\. Nobody answered and no message was left\. /);
    expectAlertedRow(call);
  });

  it('a voicemail whose transcript never comes is alerted by the later pass, once', async () => {
    // Twilio does not transcribe a recording this short: no transcription callback will come.
    const call = await local().call({ ...caller, gather: ['2'], record: { seconds: 2, end: '#' } });
    expect(call.problems).toEqual([]);
    expect(textsAbout(call)).toEqual([]);

    const stack = local();
    const alerts = readAlertConfig({ ...stack.env, FEED_URL: stack.baseUrl });
    const client = twilioClient({ accountSid: stack.env.ACCOUNT_SID, authToken: stack.env.AUTH_TOKEN, baseUrl: stack.media.url });
    const deps = {
      airtable: stack.airtableConfig,
      alerts,
      senders: alertSenders(() => client, alerts.email),
      now: () => after(LATE_CALLBACK_WAIT_MS + 60_000),
    };
    const since = after(-3_600_000);
    const first = await sendDueAlerts(deps, since);
    expect(first.failures).toEqual([]);
    expect(first.sent.filter((s) => s.callSid === call.callSid)).toHaveLength(1);
    expect((await sendDueAlerts(deps, since)).sent.filter((s) => s.callSid === call.callSid)).toEqual([]);
    expect(expectOneAlert(call).sms).toContain('(Transcript not available.)');
    expectAlertedRow(call);
  });
});
