// The feed's /reconcile and /changes: closed without the feed password, and their window checked,
// before anything is read from Twilio or Airtable.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import { SCHEDULE_FIELDS } from '../../functions/lib/store/schedule-marker';
import { missedThenVoicemail } from '../../scripts/feed-cost/twilio-history';
import { invoke } from '../support/invoke';

const PASSWORD = 'correct horse battery staple';
const BASE = 'appTestReconcile1';
const ACCOUNT_SID = 'AC' + '34'.repeat(16);
// The line's own number; the account has others.
const LINE = '+15025550177';
const HOUR_MS = 3_600_000;
let emulator: AirtableEmulator;
let media: MediaStandIn;
let env: Record<string, string>;
// The Functions' now, given in the header the local runtime lets stand for it (lib/clock.ts).
const NOW = new Date('2026-11-23T15:00:00Z');
const before = (ms: number) => new Date(NOW.getTime() - ms);

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });
const call = async (name: string, query: Record<string, string>, headers: Record<string, string>, vars = env) => {
  const answer = await invoke(
    name,
    { request: { headers: { ...headers, [SIMULATED_TIME_HEADER]: NOW.toISOString() }, cookies: {} }, ...query },
    vars,
  );
  return { status: answer.status, json: JSON.parse(answer.body) as { error?: string } };
};

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0 });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  media = await startMediaStandIn({ port: 0, accountSid: ACCOUNT_SID, authToken: 'token' });
  env = {
    FEED_PASSWORD: PASSWORD,
    AIRTABLE_TOKEN: 'patAny',
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: emulator.url,
    ACCOUNT_SID,
    AUTH_TOKEN: 'token',
    TWILIO_API_BASE_URL: media.url,
    TWILIO_NUMBER: LINE,
    SIMULATED_TIME: 'allow',
  };
});
afterAll(async () => {
  await emulator.close();
  await media.close();
});

describe.each(['reconcile', 'changes'])('/%s', (name) => {
  it('answers 401 without the feed password, 503 without a configured one, and reads nothing', async () => {
    const [twilioBefore, airtableBefore] = [media.restRequests(), emulator.requestLog.length];
    expect((await call(name, {}, {})).status).toBe(401);
    expect((await call(name, {}, basic('not the password'))).status).toBe(401);
    expect((await call(name, {}, basic(PASSWORD), { ...env, FEED_PASSWORD: '' })).status).toBe(503);
    expect(media.restRequests()).toBe(twilioBefore);
    expect(emulator.requestLog.length).toBe(airtableBefore);
  });

  it.each([
    [{ since: 'yesterday' }, /since must be a date and time/],
    [{ since: before(7 * 86_400_000 + 1000).toISOString() }, /within the last 7 days/],
    [{ since: before(-1000).toISOString() }, /future/],
    [{ cursor: 'x' }, /Unknown parameter "cursor"/],
  ])('answers 400 for %j', async (query, message) => {
    const answer = await call(name, query, basic(PASSWORD));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
  });

  it('answers 503 naming TWILIO_NUMBER when the line has no number configured, and reads nothing', async () => {
    const twilioBefore = media.restRequests();
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const answer = await call(name, {}, basic(PASSWORD), { ...env, TWILIO_NUMBER: '' });
      expect(answer).toMatchObject({ status: 503, json: { error: expect.stringMatching(/TWILIO_NUMBER/) } });
    } finally {
      jest.restoreAllMocks();
    }
    expect(media.restRequests()).toBe(twilioBefore);
  });

  it('answers 502 with a sentence when Twilio cannot be read', async () => {
    const answer = await call(name, {}, basic(PASSWORD), { ...env, AUTH_TOKEN: 'wrong' });
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatch(/^Twilio's call records could not be read/);
  });
});

describe('/reconcile', () => {
  it('reports calls Airtable refused as failed, not as more to do at once', async () => {
    media.addCallRecords(missedThenVoicemail(1, LINE, 0x7100, before(60_000)));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // Every write refused (a field the table lacks would be refused the same way next time).
    emulator.injectFault({ status: 422, count: 1000, method: 'PATCH' });
    try {
      const answer = await call('reconcile', { since: before(3_600_000).toISOString() }, basic(PASSWORD));
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ failed: 1, more: false });
    } finally {
      emulator.clearFaults();
      jest.restoreAllMocks();
    }
  });
});

describe('/reconcile goes on from its cursor', () => {
  const since = () => before(3_600_000).toISOString();
  const airtableRequestsDuring = async (ask: () => Promise<unknown>) => {
    const from = emulator.requestLog.length;
    await ask();
    return emulator.requestLog.slice(from).length;
  };

  it('refuses a cursor it never gave, with a sentence', async () => {
    const answer = await call('reconcile', { since: since(), after: 'CA' + '0'.repeat(32) }, basic(PASSWORD));
    expect(answer).toMatchObject({ status: 400, json: { error: expect.stringMatching(/after must be a cursor/) } });
  });

  it('after a finished run, reads only the calls Twilio changed since', async () => {
    media.addCallRecords(missedThenVoicemail(150, LINE, 0xa000, before(30 * 60_000)));
    const first = await call('reconcile', { since: since() }, basic(PASSWORD));
    expect(first.json).toMatchObject({ more: false, remaining: 0 });
    const cursor = (first.json as { cursor: string }).cursor;
    // Nothing changed at Twilio since, where the first run read the rows of 150 calls in two
    // requests: at most one read, of the calls changed in the minute before the last change
    // (a call of this file's earlier tests, a minute old, is still settling).
    let again: Record<string, unknown> = {};
    const requests = await airtableRequestsDuring(async () => {
      again = (await call('reconcile', { since: since(), after: cursor }, basic(PASSWORD))).json;
    });
    expect(again).toMatchObject({ restored: 0, remaining: 0, more: false, cursor });
    expect(requests).toBeLessThanOrEqual(1);
    // A call that ends later is checked, and only it.
    media.addCallRecords(missedThenVoicemail(1, LINE, 0xa400, before(60_000)));
    const next = await call('reconcile', { since: since(), after: cursor }, basic(PASSWORD));
    expect(next.json).toMatchObject({ restored: 1, remaining: 0, more: false });
  });
});

describe("/reconcile and the scheduled run's marker", () => {
  const scheduleRequests = (from: number) => emulator.requestLog.slice(from).filter((entry) => /\/Schedule\b/.test(entry.path));
  const ask = (query: Record<string, string>, at = NOW) =>
    invoke(
      'reconcile',
      { request: { headers: { ...basic(PASSWORD), [SIMULATED_TIME_HEADER]: at.toISOString() }, cookies: {} }, ...query },
      env,
    ).then((answer) => ({
      status: answer.status,
      json: JSON.parse(answer.body) as Record<string, unknown>,
    }));

  it('heals without the marker table (a base set up before it), leaves the time out and logs what to run', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const answer = await ask({ by: 'schedule' });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ failed: 0, more: false });
      expect(answer.json).not.toHaveProperty('lastScheduledRun');
      expect(logged.mock.calls.flat().join('\n')).toMatch(/no table "Schedule" \(AIRTABLE_SCHEDULE_TABLE\).*run npm run setup:airtable/);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('records a scheduled run at its own time, once, and answers with it', async () => {
    emulator.createTable(BASE, { name: 'Schedule', fields: SCHEDULE_FIELDS });
    const from = emulator.requestLog.length;
    const answer = await ask({ by: 'schedule', since: before(HOUR_MS).toISOString() });
    expect(answer).toMatchObject({ status: 200, json: { lastScheduledRun: NOW.toISOString() } });
    expect(scheduleRequests(from).map((entry) => entry.method)).toEqual(['PATCH']);
    // A later run moves the same row on.
    const later = new Date(NOW.getTime() + 2 * HOUR_MS);
    expect((await ask({ by: 'schedule' }, later)).json.lastScheduledRun).toBe(later.toISOString());
    expect(emulator.records(BASE, 'Schedule').map((row) => row.fields)).toEqual([{ Job: 'reconcile', 'Last Run': later.toISOString() }]);
  });

  it("leaves the marker alone on the page's runs, and reads it only when asked", async () => {
    const from = emulator.requestLog.length;
    const plain = await ask({});
    expect(plain.status).toBe(200);
    expect(plain.json).not.toHaveProperty('lastScheduledRun');
    expect(scheduleRequests(from)).toEqual([]);
    const asked = await ask({ include: 'lastScheduledRun' }, new Date(NOW.getTime() + 3 * HOUR_MS));
    expect(asked.json.lastScheduledRun).toBe(new Date(NOW.getTime() + 2 * HOUR_MS).toISOString());
    expect(scheduleRequests(from).map((entry) => entry.method)).toEqual(['GET']);
  });

  it('answers null when no scheduled run was ever recorded', async () => {
    emulator.createTable(BASE, { name: 'Schedule Empty', fields: SCHEDULE_FIELDS });
    const headers = { ...basic(PASSWORD), [SIMULATED_TIME_HEADER]: NOW.toISOString() };
    const answer = await invoke(
      'reconcile',
      { request: { headers, cookies: {} }, include: 'lastScheduledRun' },
      { ...env, AIRTABLE_SCHEDULE_TABLE: 'Schedule Empty' },
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toHaveProperty('lastScheduledRun', null);
  });

  it.each([
    [{ by: 'page' }, /by must be one of schedule/],
    [{ include: 'everything' }, /include must be one of lastScheduledRun/],
  ])('answers 400 for %j', async (query, message) => {
    const answer = await ask(query);
    expect(answer.status).toBe(400);
    expect(String(answer.json.error)).toMatch(message);
  });
});

describe('/changes', () => {
  it("moves for the line's own calls since `since` only, though Twilio answers with the whole UTC day of every number", async () => {
    // Noon UTC yesterday: Twilio's date filter reaches back to midnight, twelve hours earlier.
    const since = new Date(Math.floor(NOW.getTime() / (24 * HOUR_MS)) * 24 * HOUR_MS - 12 * HOUR_MS);
    const ask = async () =>
      (await call('changes', { since: since.toISOString() }, basic(PASSWORD))).json as unknown as { version: string; calls: number };
    const before = await ask();
    media.addCallRecords(missedThenVoicemail(2, LINE, 0x7200, new Date(since.getTime() + HOUR_MS)));
    const ours = await ask();
    expect(ours.calls).toBe(before.calls + 2);
    expect(ours.version).not.toBe(before.version);
    // A call to another number of the account, and one to the line before `since` on the same UTC day: no news.
    media.addCallRecords(missedThenVoicemail(1, '+15025550199', 0x7300, new Date(since.getTime() + 2 * HOUR_MS)));
    media.addCallRecords(missedThenVoicemail(1, LINE, 0x7400, new Date(since.getTime() - 2 * HOUR_MS)));
    expect(await ask()).toEqual(ours);
  });
});
