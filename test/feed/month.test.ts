// The month function against the Airtable emulator, through the real client: the 30 days of a
// business in New York (a daylight-saving change inside them), calls of every outcome on
// several days, the session check, the query's validation and the Airtable requests it costs.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import type { CallRecord } from '../../functions/lib/calls/record';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import * as list from '../../functions/lib/store/list';
import { upsertCalls } from '../../functions/lib/store/writes';
import { invoke } from '../support/invoke';
import { callSid, seedCalls } from './calls-fixture';

const PASSWORD = 'correct horse battery staple';
const TOKEN = 'patTest.secret';
// Friday 20 November 2026, 13:00 in New York (UTC-5 since 1 November).
const NOW = new Date('2026-11-20T18:00:00Z');

const answered = (n: number, at: string): CallRecord => ({
  callSid: callSid(n),
  startedAt: new Date(at),
  from: '+14045550101',
  choice: 'forward',
  forwardedTo: '+15005550006',
  forwardStatus: 'answered',
  callStatus: 'completed',
  durationSeconds: 60,
});
const missed = (n: number, at: string): CallRecord => ({ ...answered(n, at), forwardStatus: 'no-answer' });
const voicemail = (n: number, at: string): CallRecord => ({
  callSid: callSid(n),
  startedAt: new Date(at),
  from: '+13125550142',
  choice: 'voicemail',
  callStatus: 'completed',
  recordingSid: callSid(n).replace('CA', 'RE'),
  recordingSeconds: 20,
  recordingStatus: 'completed',
});
const hungUp = (n: number, at: string): CallRecord => ({
  callSid: callSid(n),
  startedAt: new Date(at),
  from: 'anonymous',
  callStatus: 'completed',
});

const CALLS: CallRecord[] = [
  // Friday 20 November, local: 09:15 voicemail, 10:00 answered, 12:30 missed.
  voicemail(1, '2026-11-20T14:15:00Z'),
  answered(2, '2026-11-20T15:00:00Z'),
  missed(3, '2026-11-20T17:30:00Z'),
  // Thursday 19 November: two missed at 10:xx, and a hang-up at 23:30 local, already the 20th in UTC.
  missed(4, '2026-11-19T15:05:00Z'),
  missed(5, '2026-11-19T15:45:00Z'),
  hungUp(6, '2026-11-20T04:30:00Z'),
  // Thursday 22 October, the first of the 30 days (UTC-4 then): 00:30 local.
  answered(7, '2026-10-22T04:30:00Z'),
  // Wednesday 21 October 23:30 local: the day before the 30.
  answered(8, '2026-10-22T03:30:00Z'),
];

let emulator: AirtableEmulator;
let env: Record<string, string>;
const BASE = 'appTestMonthVw001';
const BIG_BASE = 'appTestMonthVw002';
const config = (baseId = BASE) => ({ token: TOKEN, baseId, table: 'Calls', endpointUrl: emulator.url });

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: [TOKEN] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  env = {
    AIRTABLE_TOKEN: TOKEN,
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: emulator.url,
    FEED_PASSWORD: PASSWORD,
    TIME_ZONE: 'America/New_York',
    SIMULATED_TIME: 'allow',
  };
  await seedCalls(config(), CALLS);
});
afterAll(() => emulator.close());
afterEach(() => jest.restoreAllMocks());

const basic = { authorization: `Basic ${Buffer.from(`owner:${PASSWORD}`).toString('base64')}`, [SIMULATED_TIME_HEADER]: NOW.toISOString() };

async function month(query: Record<string, string> = {}, headers: Record<string, string> = basic, vars = env) {
  const answer = await invoke('month', { request: { headers, cookies: {} }, ...query }, vars);
  return { ...answer, json: JSON.parse(answer.body) };
}

/** Requests the function made to Airtable while running `work`. */
async function airtableRequests(work: () => Promise<unknown>): Promise<number> {
  const before = emulator.requestLog.length;
  await work();
  return emulator.requestLog.length - before;
}

describe('/month', () => {
  it('answers 401 without the feed password, reading nothing', async () => {
    const requests = await airtableRequests(async () => {
      const answer = await month({}, { [SIMULATED_TIME_HEADER]: NOW.toISOString() });
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'Sign in with the feed password.' });
      expect(answer.headers['Cache-Control']).toBe('no-store');
    });
    expect(requests).toBe(0);
    expect((await month({}, { authorization: 'Bearer not.a-token' })).status).toBe(401);
  });

  it.each([
    [{ day: '2026-11-31' }, /day must be a date such as 2026-11-20/],
    [{ day: '20-11-2026' }, /day must be a date such as 2026-11-20/],
    [{ day: "2026-11-20') , TRUE()" }, /day must be a date such as 2026-11-20/],
    [{ day: '2026-11-21' }, /day must not be after today \(2026-11-20 in America\/New_York\)/],
    [{ days: '30' }, /Unknown parameter "days"/],
  ])('answers 400 with a message, reading nothing, for %j', async (query, message) => {
    const requests = await airtableRequests(async () => {
      const answer = await month(query);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatch(message);
    });
    expect(requests).toBe(0);
  });

  it('counts the 30 days by local day and outcome, the missed rate and the hours, from one request', async () => {
    const pages = jest.spyOn(list, 'listCalls');
    let answer: Awaited<ReturnType<typeof month>> | undefined;
    const requests = await airtableRequests(async () => {
      answer = await month();
    });
    expect(requests).toBe(1);
    const { status, json, headers } = answer!;
    expect(status).toBe(200);
    expect(headers['Cache-Control']).toBe('private, max-age=600');
    // Only the fields the count needs, 100 to a page.
    expect(pages.mock.calls[0][1]).toEqual(expect.objectContaining({ pageSize: 100 }));
    expect([...pages.mock.calls[0][1].fields].sort()).toEqual(
      ['callBackOf', 'choice', 'forwardStatus', 'forwardedTo', 'recordingSeconds', 'recordingSid', 'recordingStatus', 'startedAt'].sort(),
    );

    expect(json).toEqual(
      expect.objectContaining({ timeZone: 'America/New_York', firstDay: '2026-10-22', lastDay: '2026-11-20', partial: false }),
    );
    expect(json.days).toHaveLength(30);
    const day = (date: string) => json.days.find((each: { date: string }) => each.date === date);
    expect(day('2026-11-20')).toEqual({ date: '2026-11-20', answered: 1, missed: 1, voicemail: 1, other: 0 });
    expect(day('2026-11-19')).toEqual({ date: '2026-11-19', answered: 0, missed: 2, voicemail: 0, other: 1 });
    expect(day('2026-10-22')).toEqual({ date: '2026-10-22', answered: 1, missed: 0, voicemail: 0, other: 0 });
    expect(day('2026-11-01')).toEqual({ date: '2026-11-01', answered: 0, missed: 0, voicemail: 0, other: 0 });
    expect(json.totals).toEqual({ calls: 7, answered: 2, missed: 3, voicemail: 1, other: 1 });
    expect(json.missedRate).toBeCloseTo(3 / 7);

    // Monday is row 0: Thursday 3, Friday 4.
    const busy = json.hours.flatMap((hours: number[], weekday: number) =>
      hours.flatMap((count, hour) => (count > 0 ? [[weekday, hour, count]] : [])),
    );
    expect(busy).toEqual([
      [3, 0, 1],
      [3, 10, 2],
      [3, 23, 1],
      [4, 9, 1],
      [4, 10, 1],
      [4, 12, 1],
    ]);
  });

  it('ends the 30 days on the day asked for', async () => {
    const { status, json } = await month({ day: '2026-11-19' });
    expect(status).toBe(200);
    expect([json.firstDay, json.lastDay]).toEqual(['2026-10-21', '2026-11-19']);
    expect(json.totals).toEqual({ calls: 5, answered: 2, missed: 2, voicemail: 0, other: 1 });
  });

  it('counts in UTC when TIME_ZONE is not set', async () => {
    const { TIME_ZONE: _, ...utc } = env;
    const { json } = await month({}, basic, utc);
    expect(json.timeZone).toBe('UTC');
    const day = (date: string) => json.days.find((each: { date: string }) => each.date === date);
    // The 23:30 hang-up of the 19th in New York is the 20th in UTC.
    expect(day('2026-11-20')).toEqual({ date: '2026-11-20', answered: 1, missed: 1, voicemail: 1, other: 1 });
  });

  it('reads at most 20 pages of 100, and says the view is partial beyond them', async () => {
    emulator.createTable(BIG_BASE, { name: 'Calls', fields: TABLE_FIELDS });
    // 2,050 calls a few minutes apart over the last days.
    const many = Array.from({ length: 2050 }, (_, i) =>
      answered(0x10000 + i, new Date(NOW.getTime() - (i + 1) * 5 * 60_000).toISOString()),
    );
    for (let i = 0; i < many.length; i += 10) await upsertCalls(config(BIG_BASE), many.slice(i, i + 10));
    let answer: Awaited<ReturnType<typeof month>> | undefined;
    const requests = await airtableRequests(async () => {
      answer = await month({}, basic, { ...env, AIRTABLE_BASE_ID: BIG_BASE });
    });
    expect(requests).toBe(20);
    expect(answer!.status).toBe(200);
    expect(answer!.json.partial).toBe(true);
    expect(answer!.json.totals.calls).toBe(2000);
  }, 30_000);
});
