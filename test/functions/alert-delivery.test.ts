// The exactly-once protocol against the Airtable emulator, with senders that count: racing
// invocations send once, a failed recipient is the only one sent again, an alerted call never
// alerts twice.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import type { Senders } from '../../functions/lib/alerts/channels';
import { deliverAlertIfDue } from '../../functions/lib/alerts/delivery';
import type { AlertConfig } from '../../functions/lib/alerts/settings';
import { AlertError } from '../../functions/lib/boundary/errors';
import { type CallRecord, TABLE_FIELDS } from '../../functions/lib/calls/record';
import type { AirtableConfig } from '../../functions/lib/store/settings';
import { recordCallFacts } from '../../functions/lib/store/writes';

const BASE = 'appTestCallLog001';
// The protocol's clock (AlertDeps.now): a minute after the call ended.
const NOW = new Date('2026-11-20T17:36:00Z');
const at =
  (ms = 0) =>
  () =>
    new Date(NOW.getTime() + ms);
const CALL: CallRecord = {
  callSid: 'CA' + 'd'.repeat(32),
  callStatus: 'completed',
  endedAt: new Date(NOW.getTime() - 60_000),
  from: '+14705550123',
  to: '+15025550100',
  choice: 'voicemail',
  recordingSid: 'RE' + 'd'.repeat(32),
  recordingStatus: 'completed',
  recordingSeconds: 12,
  transcriptionStatus: 'completed',
  transcript: 'Call me',
};
const ALERTS: AlertConfig = {
  sms: { to: ['+14155550199', '+14155550198'] },
  email: { to: ['owner@example.com'], from: 'alerts@example.com', apiKey: 'SG.x', baseUrl: 'http://127.0.0.1:9', attachAudio: false },
  missedCalls: true,
  feedUrl: 'https://line.example',
  timeZone: 'UTC',
  problems: [],
};

let emulator: AirtableEmulator;
let airtable: AirtableConfig;
beforeEach(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  airtable = { token: 'patTest.secret', baseId: BASE, table: 'Calls', endpointUrl: emulator.url };
});
afterEach(() => emulator.close());

/** Senders that record every send; `failing` recipients throw. */
function countingSenders(failing: string[] = []) {
  const sent: string[] = [];
  const senders: Senders = {
    async sms(_from, to) {
      if (failing.includes(to)) throw new AlertError(`text to ${to} failed (500)`);
      sent.push(`sms:${to}`);
    },
    async email() {
      if (failing.includes('email')) throw new AlertError('email failed (500)');
      sent.push('email');
    },
  };
  return { senders, sent };
}

const row = () => emulator.records(BASE, 'Calls')[0].fields;

it("sends a voicemail's email with its recording when asked, and says so when the recording cannot be fetched", async () => {
  const emails: { text: string; attachment?: string }[] = [];
  const senders: Senders = {
    async sms() {},
    async email(message, attachment) {
      emails.push({ text: message.text, attachment: attachment?.filename });
    },
  };
  const alerts = { ...ALERTS, email: { ...ALERTS.email!, attachAudio: true } };
  const withAudio = { ...CALL, callSid: `CA${'a'.repeat(32)}`, recordingSid: `RE${'1'.repeat(32)}` };
  const unreachable = { ...CALL, callSid: `CA${'b'.repeat(32)}`, recordingSid: `RE${'2'.repeat(32)}` };
  const voicemailAudio = async (sid: string) => {
    if (sid === unreachable.recordingSid) throw new Error('Twilio did not answer with the recording');
    return { filename: `voicemail-${sid}.mp3`, type: 'audio/mpeg', content: Buffer.from('mp3') };
  };
  for (const call of [withAudio, unreachable]) {
    await deliverAlertIfDue({ airtable, alerts, senders, now: at(), voicemailAudio }, await recordCallFacts(airtable, call));
  }
  expect(emails[0]).toMatchObject({ attachment: `voicemail-${withAudio.recordingSid}.mp3` });
  expect(emails[0].text).not.toContain('could not be attached');
  expect(emails[1].attachment).toBeUndefined();
  expect(emails[1].text).toContain('The recording could not be attached (Twilio did not answer with the recording); play it in the feed.');
});

it('two invocations racing on the same call send it once', async () => {
  const stored = await recordCallFacts(airtable, CALL);
  const { senders, sent } = countingSenders();
  const outcomes = await Promise.all([
    deliverAlertIfDue({ airtable, alerts: ALERTS, senders, now: at() }, stored),
    deliverAlertIfDue({ airtable, alerts: ALERTS, senders, now: at() }, stored),
  ]);
  expect(sent.sort()).toEqual(['email', 'sms:+14155550198', 'sms:+14155550199']);
  expect(outcomes.filter((o) => o.sent)).toHaveLength(1);
  expect(row()['Alerted At']).toEqual(expect.any(String));
});

it('a failed recipient stays owed: the next attempt sends to it alone, and after that nothing is sent', async () => {
  const stored = await recordCallFacts(airtable, CALL);
  const first = countingSenders(['+14155550198']);
  await expect(deliverAlertIfDue({ airtable, alerts: ALERTS, senders: first.senders, now: at() }, stored)).rejects.toThrow(
    'text to +14155550198 failed',
  );
  expect(first.sent.sort()).toEqual(['email', 'sms:+14155550199']);
  expect(row()).toMatchObject({ 'Alerts Sent': 'sms:+14155550199, email' });
  expect(row()['Alerted At']).toBeUndefined();
  expect(row()['Alert Claim']).toBeUndefined();

  // Twilio's retry rewrites the same facts and tries again.
  const second = countingSenders();
  await deliverAlertIfDue({ airtable, alerts: ALERTS, senders: second.senders, now: at() }, await recordCallFacts(airtable, CALL));
  expect(second.sent).toEqual(['sms:+14155550198']);
  expect(row()['Alerted At']).toEqual(expect.any(String));

  const third = countingSenders();
  expect(
    await deliverAlertIfDue({ airtable, alerts: ALERTS, senders: third.senders, now: at() }, await recordCallFacts(airtable, CALL)),
  ).toEqual({ sent: false, reason: 'not-due' });
  expect(third.sent).toEqual([]);
});

it('a claim left by an invocation that died blocks the alert only for a while', async () => {
  const stored = await recordCallFacts(airtable, { ...CALL, alertClaim: `someone-else ${NOW.toISOString()}` });
  const { senders, sent } = countingSenders();
  expect(await deliverAlertIfDue({ airtable, alerts: ALERTS, senders, now: at() }, stored)).toEqual({
    sent: false,
    reason: 'claimed-elsewhere',
  });
  expect(await deliverAlertIfDue({ airtable, alerts: ALERTS, senders, now: at(20_000) }, stored)).toMatchObject({
    sent: true,
    kind: 'voicemail',
  });
  expect(sent).toHaveLength(3);
});

describe('a missed call that only the wait says is over', () => {
  // Forwarded, nobody answered, the call over long ago, and no recording callback.
  const ended = new Date('2026-11-20T17:35:00Z');
  const MISSED: CallRecord = {
    callSid: 'CA' + 'e'.repeat(32),
    callStatus: 'completed',
    endedAt: ended,
    from: '+14705550123',
    to: '+15025550100',
    choice: 'forward',
    forwardStatus: 'no-answer',
  };
  const now = () => new Date(ended.getTime() + 60 * 60_000);

  it('is never alerted by a callback, which cannot ask Twilio', async () => {
    const { senders, sent } = countingSenders();
    expect(await deliverAlertIfDue({ airtable, alerts: ALERTS, senders, now }, await recordCallFacts(airtable, MISSED))).toEqual({
      sent: false,
      reason: 'not-due',
    });
    expect(sent).toEqual([]);
    expect(row()['Alert Claim']).toBeUndefined();
  });

  it('is not alerted while Twilio holds a recording of it (the voicemail alert follows its callback)', async () => {
    const { senders, sent } = countingSenders();
    const asked: string[] = [];
    const recordingAtTwilio = async (callSid: string) => {
      asked.push(callSid);
      return true;
    };
    const outcome = await deliverAlertIfDue(
      { airtable, alerts: ALERTS, senders, now, recordingAtTwilio },
      await recordCallFacts(airtable, MISSED),
    );
    expect(outcome).toEqual({ sent: false, reason: 'recording-at-twilio' });
    expect([asked, sent]).toEqual([[MISSED.callSid], []]);
    expect(row()['Alerted At']).toBeUndefined();
  });

  it('is alerted once Twilio shows no recording; a recording callback\'s "absent" needs no question', async () => {
    const { senders, sent } = countingSenders();
    await deliverAlertIfDue(
      { airtable, alerts: ALERTS, senders, now, recordingAtTwilio: async () => false },
      await recordCallFacts(airtable, MISSED),
    );
    expect(sent.sort()).toEqual(['email', 'sms:+14155550198', 'sms:+14155550199']);

    const absent = {
      ...MISSED,
      callSid: 'CA' + 'f'.repeat(32),
      recordingSid: 'RE' + 'f'.repeat(32),
      recordingStatus: 'absent' as const,
      recordingSeconds: 0,
    };
    const second = countingSenders();
    const recordingAtTwilio = async () => {
      throw new Error('not asked');
    };
    expect(
      await deliverAlertIfDue(
        { airtable, alerts: ALERTS, senders: second.senders, now, recordingAtTwilio },
        await recordCallFacts(airtable, absent),
      ),
    ).toMatchObject({ sent: true, kind: 'missed' });
  });
});
