// The feed's /alerts-due: the later pass of the owner's alerts with no scheduler, one alert per
// invocation. Closed without the password; sends each due alert once; a channel that always
// fails is tried a bounded number of times, backing off, and the feed then says "Alert failed".

import twilio from 'twilio';
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { type SendGridStandIn, startSendGridStandIn } from '../../emulators/sendgrid';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { MAX_ALERT_ATTEMPTS } from '../../functions/lib/alerts/rule';
import { type CallRecord, TABLE_FIELDS } from '../../functions/lib/calls/record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import type { AirtableConfig } from '../../functions/lib/store/settings';
import { recordCallFacts } from '../../functions/lib/store/writes';
import { invoke } from '../support/invoke';

const PASSWORD = 'correct horse battery staple';
const BASE = 'appTestAlertsDue1';
const MINUTE = 60_000;
// The Function's now, given in the header the local runtime lets stand for it (lib/clock.ts).
const NOW = new Date('2026-11-23T15:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
let emulator: AirtableEmulator;
let sendgrid: SendGridStandIn;
// Twilio's REST API, asked whether a "missed" call has a recording before its alert goes out.
let rest: MediaStandIn;
const ACCOUNT = 'AC' + 'c'.repeat(32);
const TOKEN = 'c'.repeat(32);
let env: Record<string, string>;
let airtable: AirtableConfig;

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });
type Answer = {
  sent: { callSid: string; kind: string } | null;
  failed: { callSid: string; message: string } | null;
  more: boolean;
  error?: string;
};
async function alertsDue(
  headers: Record<string, string> = basic(PASSWORD),
  at: Date = NOW,
  vars = env,
  extra: Record<string, unknown> = {},
) {
  const time = { [SIMULATED_TIME_HEADER]: at.toISOString() };
  const answer = await invoke(
    'alerts-due',
    { request: { headers: { ...headers, ...time }, cookies: {} }, ...extra },
    vars,
    twilio(ACCOUNT, TOKEN),
  );
  return { status: answer.status, headers: answer.headers, json: JSON.parse(answer.body) as Answer };
}

const sid = (digit: string) => 'CA' + digit.repeat(32);
const ago = (ms: number) => later(-ms);
/** The commonest missed call: forwarded, the caller hung up while the phone rang, so no recording callback ever comes. */
const hungUpWhileRinging = (callSid: string, endedAt: Date): CallRecord => ({
  callSid,
  startedAt: new Date(endedAt.getTime() - 20_000),
  endedAt,
  callStatus: 'completed',
  durationSeconds: 20,
  from: '+14705550123',
  to: '+15025550100',
  choice: 'forward',
  forwardedTo: '+14155550199',
  forwardStatus: 'canceled',
});
const rowOf = (callSid: string) => emulator.records(BASE, 'Calls').find((r) => r.fields['Call SID'] === callSid)!.fields;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn({ port: 0, apiKey: 'SG.test-key', verifiedSenders: ['alerts@example.com'] });
  rest = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
});
afterAll(() => Promise.all([sendgrid.close(), rest.close()]));
beforeEach(async () => {
  emulator = await startAirtableEmulator({ port: 0 });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  airtable = { token: 'patAny', baseId: BASE, table: 'Calls', endpointUrl: emulator.url };
  env = {
    FEED_PASSWORD: PASSWORD,
    AIRTABLE_TOKEN: 'patAny',
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: emulator.url,
    ALERT_EMAIL_TO: 'owner@example.com',
    ALERT_EMAIL_FROM: 'alerts@example.com',
    SENDGRID_API_KEY: 'SG.test-key',
    SENDGRID_API_BASE_URL: sendgrid.url,
    SIMULATED_TIME: 'allow',
    TWILIO_API_BASE_URL: rest.url,
  };
});
afterEach(() => emulator.close());

it('answers 401 without the feed password, 503 without a configured one, 400 for a forged request, and reads nothing', async () => {
  const before = emulator.requestLog.length;
  expect((await alertsDue({})).status).toBe(401);
  expect((await alertsDue(basic('not the password'))).status).toBe(401);
  expect((await alertsDue(basic(PASSWORD), undefined, { ...env, FEED_PASSWORD: '' })).status).toBe(503);
  const forged = await invoke('alerts-due', { request: { headers: basic(PASSWORD) } }, env);
  expect(forged.status).toBe(400);
  expect(JSON.parse(forged.body).error).toMatch(/"request" is reserved/);
  expect((await alertsDue(basic(PASSWORD), undefined, env, { since: 'yesterday' })).status).toBe(400);
  expect(emulator.requestLog.length).toBe(before);
});

it('sends one due alert per invocation, the oldest first, each once, and not one before it is due', async () => {
  await recordCallFacts(airtable, hungUpWhileRinging(sid('a'), ago(9 * MINUTE)));
  await recordCallFacts(airtable, hungUpWhileRinging(sid('b'), ago(7 * MINUTE)));
  // Ended a minute ago: a recording callback may still come, so nothing is due yet.
  await recordCallFacts(airtable, hungUpWhileRinging(sid('c'), ago(MINUTE)));
  const mailBefore = sendgrid.mail().length;

  const first = await alertsDue();
  expect(first.status).toBe(200);
  expect(first.headers).toMatchObject({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  expect(first.json).toEqual({ sent: { callSid: sid('a'), kind: 'missed' }, failed: null, more: true });
  expect((await alertsDue()).json).toEqual({ sent: { callSid: sid('b'), kind: 'missed' }, failed: null, more: false });
  expect((await alertsDue()).json).toEqual({ sent: null, failed: null, more: false });

  const mail = sendgrid.mail().slice(mailBefore);
  expect(mail.map((m) => m.subject)).toEqual(['Missed call from +14705550123', 'Missed call from +14705550123']);
  expect(mail[0].text).toContain(`#call=${sid('a')}`);
  expect(rowOf(sid('a'))['Alerted At']).toEqual(expect.any(String));
  expect(rowOf(sid('c'))['Alerted At']).toBeUndefined();

  // Five minutes after the call (the Function's clock, simulated here), the last one is due.
  expect((await alertsDue(basic(PASSWORD), later(5 * MINUTE))).json.sent).toEqual({ callSid: sid('c'), kind: 'missed' });
});

it('skips a "missed" call whose recording Twilio holds (its callback late or lost) and sends the next one due', async () => {
  await recordCallFacts(airtable, hungUpWhileRinging(sid('7'), ago(9 * MINUTE)));
  await recordCallFacts(airtable, hungUpWhileRinging(sid('8'), ago(7 * MINUTE)));
  const at = ago(9 * MINUTE).toUTCString();
  rest.addCallRecords({
    calls: [],
    recordings: [
      {
        sid: 'RE' + '7'.repeat(32),
        callSid: sid('7'),
        status: 'completed',
        durationSeconds: 14,
        startTime: at,
        mediaUrl: 'https://api.twilio.com/x',
      },
    ],
    transcriptions: [],
  });
  const mailBefore = sendgrid.mail().length;
  expect((await alertsDue()).json).toEqual({ sent: { callSid: sid('8'), kind: 'missed' }, failed: null, more: false });
  expect(
    sendgrid
      .mail()
      .slice(mailBefore)
      .map((m) => m.text.includes(sid('8'))),
  ).toEqual([true]);
  expect(rowOf(sid('7'))['Alerted At']).toBeUndefined();
});

it('a channel that always fails is tried a bounded number of times, further apart each time, then given up and shown as failed', async () => {
  // An unverified sender: SendGrid refuses every send with a 403.
  const failing = { ...env, ALERT_EMAIL_FROM: 'nobody@example.com' };
  await recordCallFacts(airtable, hungUpWhileRinging(sid('d'), ago(6 * MINUTE)));
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    let at = NOW;
    const tries: number[] = [];
    // Two simulated hours, asking every minute: far more often than an open page does.
    for (let minute = 0; minute < 120; minute += 1) {
      at = later(minute * MINUTE);
      const answer = await alertsDue(basic(PASSWORD), at, failing);
      expect(answer.status).toBe(200);
      if (answer.json.failed) {
        expect(answer.json.failed.message).toMatch(/403/);
        tries.push(minute);
      }
    }
    // Tried six times: at once, again at once (Twilio's retry gets that one), then 5, 10, 20, 40 minutes apart.
    expect(tries).toEqual([0, 1, 6, 16, 36, 76]);
    expect(rowOf(sid('d'))).toMatchObject({ 'Alert Attempts': MAX_ALERT_ATTEMPTS });
    expect(rowOf(sid('d'))['Alerted At']).toBeUndefined();
    expect(log.mock.calls.map(([line]) => String(line))).toContainEqual(
      expect.stringMatching(new RegExp(`${sid('d')}: missed alert given up after 6 attempts: .*403`)),
    );

    // Given up: a pass costs its one list request and nothing for this call.
    const before = emulator.requestLog.length;
    expect((await alertsDue(basic(PASSWORD), new Date(at.getTime() + MINUTE), failing)).json).toEqual({
      sent: null,
      failed: null,
      more: false,
    });
    expect(emulator.requestLog.length - before).toBe(1);
  } finally {
    log.mockRestore();
  }

  // The feed says so on the call.
  const list = await invoke('calls', { request: { headers: basic(PASSWORD), cookies: {} } }, env);
  const call = (JSON.parse(list.body) as { calls: { callSid: string; alertFailed: boolean; alertedAt: string | null }[] }).calls.find(
    (c) => c.callSid === sid('d'),
  );
  expect(call).toMatchObject({ alertFailed: true, alertedAt: null });
});
