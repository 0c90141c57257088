// The alert rules without I/O: which configuration turns which channel on (and what the log
// says when one is half set), which calls owe which alert, and what the alert says.

import { alertMessage } from '../../functions/lib/alerts/message';
import { alertDue, LATE_CALLBACK_WAIT_MS, MAX_ALERT_ATTEMPTS, nextAlertAttempt } from '../../functions/lib/alerts/rule';
import { readAlertConfig } from '../../functions/lib/alerts/settings';
import type { CallRecord } from '../../functions/lib/calls/record';
import { reconcileEnv } from '../../scripts/reconcile/environment';

const EMAIL = { ALERT_EMAIL_TO: 'owner@example.com', ALERT_EMAIL_FROM: 'alerts@example.com', SENDGRID_API_KEY: 'SG.key' };
const FEED = 'https://line-1234-dev.twil.io';
// A Function's context: the runtime's DOMAIN_NAME, where the feed is served.
const SERVICE = { DOMAIN_NAME: 'line-1234-dev.twil.io' };

describe('alert channels', () => {
  it('none configured: no channel and nothing to complain about', () => {
    expect(readAlertConfig(SERVICE)).toMatchObject({ sms: undefined, email: undefined, missedCalls: true, problems: [] });
  });

  it('both configured, several numbers and addresses', () => {
    const config = readAlertConfig({
      ...SERVICE,
      ALERT_SMS_TO: '+14155550199, +14155550198',
      ...EMAIL,
      ALERT_EMAIL_TO: 'a@example.com,b@example.com',
    });
    expect(config.sms).toEqual({ to: ['+14155550199', '+14155550198'] });
    expect(config.email).toEqual({
      to: ['a@example.com', 'b@example.com'],
      from: 'alerts@example.com',
      apiKey: 'SG.key',
      baseUrl: 'https://api.sendgrid.com',
      attachAudio: false,
    });
    expect(config.feedUrl).toBe(FEED);
    expect(config.problems).toEqual([]);
  });

  it("attaches a voicemail's recording to its email only when ALERT_EMAIL_AUDIO says so; a bad value is named", () => {
    expect(readAlertConfig({ ...SERVICE, ...EMAIL, ALERT_EMAIL_AUDIO: 'true' }).email?.attachAudio).toBe(true);
    const bad = readAlertConfig({ ...SERVICE, ...EMAIL, ALERT_EMAIL_AUDIO: 'sometimes' });
    // The email still goes out, without the recording.
    expect(bad.email?.attachAudio).toBe(false);
    expect(bad.problems.map((p) => p.message).join(' ')).toMatch(/ALERT_EMAIL_AUDIO/);
  });

  it('a half-configured email channel is off and named; texts still go out', () => {
    const config = readAlertConfig({ ...SERVICE, ALERT_SMS_TO: '+14155550199', ALERT_EMAIL_TO: 'owner@example.com' });
    expect(config.sms).toEqual({ to: ['+14155550199'] });
    expect(config.email).toBeUndefined();
    expect(config.problems.map((p) => p.variable)).toEqual(['ALERT_EMAIL_FROM']);
    expect(config.problems[0].message).toMatch(/email alerts also need/);
  });

  it('a malformed number turns texts off, named, and email still goes out', () => {
    const config = readAlertConfig({ ...SERVICE, ALERT_SMS_TO: '415-555-0199', ...EMAIL });
    expect(config.sms).toBeUndefined();
    expect(config.email).toBeDefined();
    expect(config.problems.map((p) => p.variable)).toEqual(['ALERT_SMS_TO']);
  });

  it('ALERT_MISSED_CALLS=false turns missed-call alerts off; the link needs FEED_URL without a domain', () => {
    expect(readAlertConfig({ ...SERVICE, ALERT_SMS_TO: '+14155550199', ALERT_MISSED_CALLS: 'false' }).missedCalls).toBe(false);
    expect(readAlertConfig({ ALERT_SMS_TO: '+14155550199' }).problems.map((p) => p.variable)).toEqual(['FEED_URL']);
    // The link: the service's own origin (http on this machine), unless FEED_URL says otherwise.
    expect(readAlertConfig({ ...SERVICE, ALERT_SMS_TO: '+14155550199' }).feedUrl).toBe(FEED);
    expect(readAlertConfig({ DOMAIN_NAME: 'localhost:3000', ALERT_SMS_TO: '+14155550199' }).feedUrl).toBe('http://localhost:3000');
    expect(readAlertConfig({ ...SERVICE, FEED_URL: 'https://calls.example.com', ALERT_SMS_TO: '+14155550199' }).feedUrl).toBe(
      'https://calls.example.com',
    );
  });

  it("the alert states the time where the business is: ALERT_TIME_ZONE, else the line's TIME_ZONE, else UTC", () => {
    expect(readAlertConfig(SERVICE).timeZone).toBe('UTC');
    expect(readAlertConfig({ ...SERVICE, TIME_ZONE: 'America/New_York' }).timeZone).toBe('America/New_York');
    expect(readAlertConfig({ ...SERVICE, TIME_ZONE: 'America/New_York', ALERT_TIME_ZONE: 'America/Chicago' }).timeZone).toBe(
      'America/Chicago',
    );
    // A TIME_ZONE that cannot be read is named, and the alert says UTC.
    const wrong = readAlertConfig({ ...SERVICE, TIME_ZONE: 'Mars/Olympus' });
    expect([wrong.timeZone, wrong.problems.map((p) => p.variable)]).toEqual(['UTC', ['TIME_ZONE']]);
    const call: CallRecord = { callSid: 'CA' + 'b'.repeat(32), from: '+14705550123', startedAt: new Date('2026-07-03T14:05:00Z') };
    const { timeZone } = readAlertConfig({ ...SERVICE, TIME_ZONE: 'America/New_York' });
    expect(alertMessage('missed', call, FEED, timeZone).sms).toContain('on Fri, Jul 3, 10:05 AM EDT.');
  });

  it("reconcile sends the local stack's alerts to its stand-ins, and a real account's to nobody by default", () => {
    expect(readAlertConfig(reconcileEnv({}, {}))).toMatchObject({
      sms: { to: ['+15005550006'] },
      email: { baseUrl: 'http://127.0.0.1:3003' },
      problems: [],
    });
    const real = readAlertConfig(reconcileEnv({}, { ACCOUNT_SID: 'AC' + 'a'.repeat(32), AUTH_TOKEN: 't' }));
    expect(real.sms).toBeUndefined();
    expect(real.email).toBeUndefined();
  });
});

describe('which alert a call owes', () => {
  const ended = new Date('2026-11-20T17:35:00Z');
  const soon = new Date(ended.getTime() + 10_000);
  const late = new Date(ended.getTime() + LATE_CALLBACK_WAIT_MS);
  const over: CallRecord = {
    callSid: 'CA' + '1'.repeat(32),
    callStatus: 'completed',
    endedAt: ended,
    from: '+14705550123',
    to: '+15025550100',
  };
  const voicemail: CallRecord = {
    ...over,
    choice: 'voicemail',
    recordingSid: 'RE' + '1'.repeat(32),
    recordingStatus: 'completed',
    recordingSeconds: 12,
  };
  const forwarded: CallRecord = { ...over, choice: 'forward', forwardStatus: 'no-answer' };

  it.each([
    ['a voicemail with its transcript', { ...voicemail, transcriptionStatus: 'completed', transcript: 'Hi' }, soon, 'voicemail'],
    ['a voicemail whose transcription failed', { ...voicemail, transcriptionStatus: 'failed' }, soon, 'voicemail'],
    ['a voicemail still waiting for its transcript', voicemail, soon, null],
    ['a voicemail whose transcript did not come in time', voicemail, late, 'voicemail'],
    ['a voicemail before the call is over', { ...voicemail, callStatus: undefined, transcriptionStatus: 'completed' }, late, null],
    ['a voicemail already alerted', { ...voicemail, transcriptionStatus: 'failed', alertedAt: ended }, late, null],
    ['a missed call with an empty recording', { ...forwarded, recordingStatus: 'absent', recordingSeconds: 0 }, soon, 'missed'],
    ['a missed call whose recording callback may still come', forwarded, soon, null],
    ['a missed call whose caller hung up before the beep', forwarded, late, 'missed'],
    ['a forward status other than answered (call screening)', { ...over, choice: 'forward', recordingStatus: 'absent' }, soon, 'missed'],
    ['an answered call', { ...over, choice: 'forward', forwardStatus: 'answered' }, late, null],
    ['a caller who hung up in the menu', over, late, null],
    ['a failed alert before its next attempt', { ...forwarded, alertAttempts: 2, alertRetryAt: new Date(late.getTime() + 1) }, late, null],
    ['a failed alert at its next attempt', { ...forwarded, alertAttempts: 2, alertRetryAt: late }, late, 'missed'],
    [
      'an alert given up after its last attempt',
      { ...forwarded, alertAttempts: MAX_ALERT_ATTEMPTS },
      new Date(late.getTime() + 86_400_000),
      null,
    ],
  ] as const)('%s', (_name, call, now, expected) => {
    expect(alertDue(call as CallRecord, now, true)).toBe(expected);
  });

  it('a failed alert is tried again at once, then 5, 10, 20 and 40 minutes later, then given up', () => {
    const waits = [1, 2, 3, 4, 5, 6].map((failures) => nextAlertAttempt(failures, ended)?.getTime());
    expect(waits.map((at) => (at === undefined ? 'given up' : (at - ended.getTime()) / 60_000))).toEqual([0, 5, 10, 20, 40, 'given up']);
  });

  it('no missed-call alert when they are turned off', () => {
    expect(alertDue({ ...forwarded, recordingStatus: 'absent' }, late, false)).toBeNull();
  });
});

describe('what an alert says', () => {
  const call: CallRecord = {
    callSid: 'CA' + 'a'.repeat(32),
    from: '+14705550123',
    callerName: '<b>DANA</b>',
    startedAt: new Date('2026-11-20T17:35:00Z'),
    recordingSeconds: 48,
    transcriptionStatus: 'completed',
    transcript: 'x'.repeat(500),
  };

  it("states who, when in the owner's time zone, how long, the transcript (whole by email, its start by text) and the link, as plain text", () => {
    const message = alertMessage('voicemail', call, FEED, 'America/Chicago');
    expect(message.sms).toContain('New voicemail from <b>DANA</b> (+14705550123) on Fri, Nov 20, 11:35 AM CST, 48 s.');
    expect(message.sms).toContain(`${FEED}/index.html#call=${call.callSid}`);
    expect(message.sms.length).toBeLessThan(1600);
    expect(message.sms).toContain(`${'x'.repeat(299)}…`);
    expect(message.text).toContain('x'.repeat(500));
    expect(message.subject).toBe('Voicemail from <b>DANA</b> (+14705550123) (48 s)');
  });

  it('drops bidi controls from caller text, so a caller cannot reverse the number or the link, and isolates right-to-left names', () => {
    // U+202E RIGHT-TO-LEFT OVERRIDE would show the rest of the line (number, link) reversed.
    const spoofed: CallRecord = { ...call, callerName: '\u202EANAD\u2066', transcript: 'call me \u202Bback\u200F' };
    const message = alertMessage('voicemail', spoofed, FEED, 'America/Chicago');
    for (const text of [message.sms, message.subject, message.text])
      expect(text).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(message.subject).toBe('Voicemail from ANAD (+14705550123) (48 s)');
    expect(message.text).toContain('\n\nTranscript: "call me back"\n');
    const hebrew = alertMessage('missed', { ...call, callerName: 'דנה\u202C' }, FEED, 'America/Chicago');
    expect(hebrew.subject).toBe('Missed call from \u2068דנה\u2069 (+14705550123)');
  });

  it('keeps caller text on one quoted line after the link, so CR/LF can neither add a header to the subject nor a line of ours', () => {
    const forged: CallRecord = {
      ...call,
      callerName: 'Bob\r\nBcc: victim@example.com',
      transcript: 'Hi\r\n\r\nListen: https://evil.example/x\u2028Open the call: https://evil.example/y\u0085\tend',
    };
    const voicemail = alertMessage('voicemail', forged, FEED, 'America/Chicago');
    const missed = alertMessage('missed', forged, FEED, 'America/Chicago');
    for (const subject of [voicemail.subject, missed.subject]) expect(subject).not.toMatch(/[\r\n]/);
    expect(voicemail.subject).toBe('Voicemail from Bob Bcc: victim@example.com (+14705550123) (48 s)');
    for (const body of [voicemail.sms, voicemail.text, missed.sms, missed.text]) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
      expect(body).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u2028\u2029]/);
      const lines = body.split('\n');
      // Every line that starts with one of our labels is ours, and the first link is the real one.
      expect(lines.filter((line) => /^(Listen|Open the call):/.test(line)).every((line) => line.endsWith(`#call=${call.callSid}`))).toBe(
        true,
      );
      expect(body.match(/https:\/\/\S+/)?.[0]).toBe(`${FEED}/index.html#call=${call.callSid}`);
    }
    expect(voicemail.text).toContain('\nTranscript: "Hi Listen: https://evil.example/x Open the call: https://evil.example/y end"\n');
    expect(voicemail.sms.split('\n')).toEqual([
      expect.stringMatching(/^New voicemail from Bob Bcc: /),
      `${FEED}/index.html#call=${call.callSid}`,
      expect.stringMatching(/^Transcript: "Hi Listen: /),
    ]);
  });
});
