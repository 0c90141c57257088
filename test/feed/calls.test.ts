// The list function against the Airtable emulator, through the real client.
import Base from 'airtable/lib/base';
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { COLUMNS, TABLE_FIELDS } from '../../functions/lib/calls/record';
import { FEED_FIELDS } from '../../functions/lib/feed/shape';
import { invoke } from '../support/invoke';
import { callSid, feedCalls, recordingSid, seedCalls, XSS_NAME } from './calls-fixture';

const BASE = 'appTestFeedLog001';
const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-11-20T18:00:00Z');
const FIXTURE = feedCalls(NOW);
const ALL_SIDS = FIXTURE.map(({ call }) => call.callSid);

let emulator: AirtableEmulator;
let env: Record<string, string>;
const config = () => ({ token: 'patTest.secret', baseId: BASE, table: 'Calls', endpointUrl: emulator.url });

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  env = { AIRTABLE_TOKEN: 'patTest.secret', AIRTABLE_BASE_ID: BASE, AIRTABLE_ENDPOINT_URL: emulator.url, FEED_PASSWORD: PASSWORD };
  await seedCalls(
    config(),
    FIXTURE.map(({ call }) => call),
  );
});
afterAll(() => emulator.close());
afterEach(() => {
  emulator.clearFaults();
  jest.restoreAllMocks();
});

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });

async function list(query: Record<string, string> = {}, headers: Record<string, string> = basic(PASSWORD), vars = env) {
  const answer = await invoke('calls', { request: { headers, cookies: {} }, ...query }, vars);
  return { ...answer, json: JSON.parse(answer.body) };
}

/** Requests the function made to Airtable's list endpoint while running `work`. */
async function airtableListRequests(work: () => Promise<unknown>): Promise<number> {
  const before = emulator.requestLog.length;
  await work();
  return emulator.requestLog.slice(before).filter((entry) => entry.method === 'GET').length;
}

const sids = (json: { calls: { callSid: string }[] }) => json.calls.map((call) => call.callSid);
const silenceErrors = () => jest.spyOn(console, 'error').mockImplementation(() => undefined);

describe('/calls access', () => {
  it('answers 401 with a JSON error, and no browser password dialog, without credentials', async () => {
    const requests = await airtableListRequests(async () => {
      const answer = await list({}, {});
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ error: 'Sign in with the feed password.' });
      expect(Object.keys(answer.headers).map((name) => name.toLowerCase())).not.toContain('www-authenticate');
    });
    expect(requests).toBe(0);
  });

  it('answers 401 for a wrong password and for a malformed header', async () => {
    expect((await list({}, basic('correct horse batterY'))).status).toBe(401);
    expect((await list({}, { authorization: `Bearer ${PASSWORD}` })).status).toBe(401);
    expect((await list({}, { authorization: 'Basic !!!' })).status).toBe(401);
  });

  it('serves the calls with the right password, whatever the user name', async () => {
    const answer = await list({}, { authorization: `Basic ${Buffer.from(`:${PASSWORD}`).toString('base64')}` });
    expect(answer.status).toBe(200);
    expect(answer.headers['Cache-Control']).toBe('no-store');
    expect(answer.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(answer.json.calls).toHaveLength(FIXTURE.length);
  });

  it('marks error answers nosniff too', async () => {
    expect((await list({}, {})).headers['X-Content-Type-Options']).toBe('nosniff');
  });

  // The runtime spreads query and body over its own `request` entry: these are what a
  // `request` parameter in the URL (or a JSON body) turns the event's request into.
  it.each([
    ['headers from the query string', { headers: basic(PASSWORD) }],
    ['headers and cookies from the query string', { headers: basic(PASSWORD), cookies: { a: 'b' } }],
    ['a Cookie header and the cookies it parses to', { headers: { ...basic(PASSWORD), cookie: 'a=b' }, cookies: { a: 'b' } }],
    ['headers and cookies with extra keys', { headers: basic(PASSWORD), cookies: {}, body: 'x' }],
    ['a header that is not text', { headers: { authorization: { value: 'x' } }, cookies: {} }],
    ['a plain value', '1'],
  ])('answers 400, and never reads Airtable, for a forged request parameter: %s', async (_, request) => {
    const requests = await airtableListRequests(async () => {
      const answer = await list({ request } as never);
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatch(/"request"/);
    });
    expect(requests).toBe(0);
  });

  it('accepts a password with colons, spaces and accents', async () => {
    const password = 'pass:wörd with: colons';
    expect((await list({}, basic(password), { ...env, FEED_PASSWORD: password })).status).toBe(200);
    expect((await list({}, basic('pass:word with: colons'), { ...env, FEED_PASSWORD: password })).status).toBe(401);
  });

  it.each([
    ['unset', undefined, /FEED_PASSWORD.*is not set/],
    ['too short', 'password1234', /FEED_PASSWORD must be at least 20 characters long \(it has 12\)/],
    ['long but repetitive', 'password1234password1234', /FEED_PASSWORD must use at least 12 different characters \(it has 11\)/],
  ])('refuses everyone, and says why in the log, when FEED_PASSWORD is %s', async (_, password, logged) => {
    const errors = silenceErrors();
    const vars = { ...env, FEED_PASSWORD: password as string };
    const requests = await airtableListRequests(async () => {
      const answer = await list({}, basic(password ?? ''), vars);
      expect(answer.status).toBe(503);
      expect(answer.json.error).toMatch(/FEED_PASSWORD/);
    });
    expect(requests).toBe(0);
    const log = errors.mock.calls.flat().join(' ');
    expect(log).toMatch(logged);
    if (password) expect(log).not.toContain(password);
  });
});

describe('/calls listing', () => {
  it('lists calls newest first in the documented shape', async () => {
    const { json } = await list();
    expect(sids(json)).toEqual(ALL_SIDS);
    expect(json.next).toBeNull();
    expect(json.calls[0]).toEqual({
      callSid: callSid(1),
      startedAt: '2026-11-20T17:48:00.000Z',
      caller: { number: '+14045550101', name: 'ACME CORP', location: 'ATLANTA, GA, US' },
      choice: 'forward',
      outcome: 'answered',
      afterHours: false,
      forwarding: { to: '+15005550006', status: 'answered', talkSeconds: 192 },
      status: 'completed',
      durationSeconds: 215,
      voicemail: null,
      alertedAt: null,
      alertFailed: false,
      textAlert: null,
      handledAt: null,
      note: null,
      callBackOf: null,
    });
    // The voicemail's alert went out a minute after the call started; its text never arrived.
    expect(json.calls[1].alertedAt).toBe('2026-11-20T17:36:00.000Z');
    expect(json.calls[1].textAlert).toEqual({
      status: 'not-delivered',
      errorCode: 30034,
      reason: 'the number is not registered for A2P 10DLC',
    });
    expect(json.calls[1].voicemail).toEqual({
      recordingSid: recordingSid(2),
      durationSeconds: 48,
      audioUrl: `/recording?sid=${recordingSid(2)}`,
      transcript: 'Hi, this is Dana from the print shop. Your order is ready, call me back on 312 555 0142.',
      transcriptionStatus: 'completed',
    });
  });

  it('classifies every kind of call as the owner would', async () => {
    const { json } = await list();
    expect(json.calls.map((call: { outcome: string }) => call.outcome)).toEqual(FIXTURE.map(({ expected }) => expected));
    const menuHangUp = json.calls.find((call: { callSid: string }) => call.callSid === callSid(5));
    expect(menuHangUp).toMatchObject({ choice: 'none', forwarding: null, voicemail: null, caller: { number: 'anonymous', name: null } });
  });

  it('passes caller-supplied text through as data', async () => {
    const { json } = await list();
    const call = json.calls.find((entry: { callSid: string }) => entry.callSid === callSid(4));
    expect(call.caller.name).toBe(XSS_NAME);
    expect(call.voicemail.transcript).toContain('<script>');
  });

  it('pages with one Airtable request per page, asking only for the fields the page shows', async () => {
    const makeRequest = jest.spyOn(Base.prototype, 'makeRequest');
    const pages: string[][] = [];
    let cursor: string | null = null;
    const requests = await airtableListRequests(async () => {
      do {
        const { status, json }: { status: number; json: { calls: { callSid: string }[]; next: string | null } } = await list({
          pageSize: '4',
          ...(cursor ? { cursor } : {}),
        });
        expect(status).toBe(200);
        pages.push(sids(json));
        cursor = json.next;
      } while (cursor && pages.length < 10);
    });
    expect(pages.map((page) => page.length)).toEqual([4, 4, 1]);
    expect(pages.flat()).toEqual(ALL_SIDS);
    expect(requests).toBe(3);
    const qs = makeRequest.mock.calls[0][0]?.qs as Record<string, unknown>;
    expect(qs.fields).toEqual(FEED_FIELDS.map((key) => COLUMNS[key].name));
    expect(qs.fields).not.toContain('Recording URL');
    expect(qs.sort).toEqual([{ field: 'Started At', direction: 'desc' }]);
  });

  it('uses 50 as the default page size', async () => {
    const makeRequest = jest.spyOn(Base.prototype, 'makeRequest');
    await list();
    expect(makeRequest.mock.calls[0][0]?.qs).toMatchObject({ pageSize: 50 });
  });
});

describe('/calls filters', () => {
  it.each(['answered', 'missed', 'voicemail', 'abandoned'])('outcome=%s returns exactly those calls', async (outcome) => {
    const { status, json } = await list({ outcome });
    expect(status).toBe(200);
    expect(sids(json)).toEqual(FIXTURE.filter(({ expected }) => expected === outcome).map(({ call }) => call.callSid));
  });

  it('finds callers by any part of their number, however it is typed', async () => {
    expect(sids((await list({ caller: '(404) 555-0101' })).json)).toEqual([callSid(1), callSid(9)]);
    expect(sids((await list({ caller: '+44' })).json)).toEqual([callSid(8)]);
    expect(sids((await list({ caller: '999999' })).json)).toEqual([]);
  });

  it('keeps calls from (inclusive) to (exclusive), and combines with other filters', async () => {
    const from = '2026-11-20T16:35:00Z'; // call 4 started exactly then
    const to = '2026-11-20T17:35:00Z'; // call 2 started at 17:35
    expect(sids((await list({ from, to })).json)).toEqual([callSid(3), callSid(4)]);
    expect(sids((await list({ from, to, outcome: 'voicemail' })).json)).toEqual([callSid(4)]);
    expect(sids((await list({ from: '2026-11-20T00:00:00-05:00' })).json)).toEqual(ALL_SIDS.slice(0, 6));
  });

  it.each([
    ['outcome', "answered') , TRUE(), ('"],
    ['outcome', 'answered"} OR TRUE() OR {"'],
    ['caller', "1', {From}) & TRUE() & FIND('"],
    ['caller', '555" & RECORD_ID() & "'],
    ['from', "2026-11-20T00:00:00Z'), TRUE(), IS_BEFORE('"],
    ['to', '2026-11-20T00:00:00Z} & {Call SID'],
    ['cursor', "itr'),TRUE(),('"],
  ])('rejects the injection attempt %s=%s with 400 before reaching Airtable', async (name, value) => {
    const requests = await airtableListRequests(async () => {
      const { status, json } = await list({ [name]: value });
      expect(status).toBe(400);
      expect(json.error).toMatch(new RegExp(name));
    });
    expect(requests).toBe(0);
  });
});

describe('/calls bad input', () => {
  it.each([
    [{ status: 'missed' }, /Unknown parameter "status"\. Known parameters: pageSize, cursor, outcome, caller, from, to, afterHours/],
    [{ pageSize: '101' }, /pageSize must be a whole number from 1 to 100/],
    [{ pageSize: '0' }, /pageSize must be a whole number from 1 to 100/],
    [{ outcome: 'lost' }, /outcome must be one of answered, missed, voicemail, abandoned/],
    [{ cursor: 'not a cursor' }, /cursor is not one this service gave out/],
    [{ cursor: Buffer.from('itr\u0000').toString('base64url') }, /cursor is not one this service gave out/],
    [{ from: '2026-11-20' }, /from must be a date and time with its offset/],
    [{ from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' }, /from must be earlier than to/],
  ])('answers 400 for %p', async (query, message) => {
    const { status, json } = await list(query as Record<string, string>);
    expect(status).toBe(400);
    expect(json.error).toMatch(message);
  });
});

describe('/calls when Airtable fails', () => {
  it('answers 503 with a message the page can show when Airtable keeps failing', async () => {
    silenceErrors();
    emulator.injectFault({ status: 503, count: 2, method: 'GET' });
    const { status, json } = await list();
    expect(status).toBe(503);
    expect(json.error).toBe('The call log (Airtable) is not answering right now. Try again in a moment.');
  });

  it('rides out a single Airtable failure', async () => {
    emulator.injectFault({ status: 502, count: 1, method: 'GET' });
    expect((await list()).status).toBe(200);
  });

  it('answers 503 at once on a rate limit, without retrying', async () => {
    silenceErrors();
    emulator.injectFault({ status: 429, count: 1, method: 'GET' });
    const requests = await airtableListRequests(async () => expect((await list()).status).toBe(503));
    expect(requests).toBe(1);
  });

  it('answers 502 when Airtable refuses the request, and logs why', async () => {
    const errors = silenceErrors();
    emulator.injectFault({ status: 422, count: 1, method: 'GET', type: 'INVALID_FILTER_BY_FORMULA', message: 'Bad formula' });
    const { status, json } = await list();
    expect(status).toBe(502);
    expect(json.error).toMatch(/refused/);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/INVALID_FILTER_BY_FORMULA/);
  });

  it('answers 400 for a well-formed cursor Airtable never gave out (its 422 INVALID_OFFSET_VALUE), and the first page still works', async () => {
    const forged = Buffer.from('itr0123456789abcd/rec0123456789abcd', 'utf8').toString('base64url');
    const { status, json } = await list({ pageSize: '2', cursor: forged });
    expect(status).toBe(400);
    expect(json.error).toMatch(/not one this service gave out; start again from the first page/);
    expect((await list({ pageSize: '2' })).status).toBe(200);
  });

  it("answers 410 for a cursor Airtable's iterator has expired under, and the first page still works", async () => {
    const first = await list({ pageSize: '2' });
    emulator.setCursorLifetime(0);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      const { status, json } = await list({ pageSize: '2', cursor: first.json.next });
      expect(status).toBe(410);
      expect(json.error).toMatch(/start again from the first page/);
      expect((await list({ pageSize: '2' })).status).toBe(200);
    } finally {
      emulator.setCursorLifetime(5 * 60_000);
    }
  });

  it('gives up within the Functions time limit when Airtable does not answer', async () => {
    silenceErrors();
    emulator.injectFault({ status: 503, count: 5, method: 'GET', hang: true });
    const started = Date.now();
    expect((await list()).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('answers 503 naming the variable when Airtable is not configured', async () => {
    silenceErrors();
    const { status, json } = await list({}, basic(PASSWORD), { FEED_PASSWORD: PASSWORD, AIRTABLE_BASE_ID: BASE });
    expect(status).toBe(503);
    expect(json.error).toMatch(/AIRTABLE_TOKEN/);
  });
});

describe('/calls: after hours and screened calls', () => {
  const OWNER = '+15005550006';
  const closed = {
    callSid: callSid(0x100),
    startedAt: new Date('2026-11-01T03:00:00Z'),
    from: '+14045550177',
    choice: 'closed' as const,
    callStatus: 'completed' as const,
    durationSeconds: 40,
    recordingSid: recordingSid(0x100),
    recordingSeconds: 22,
    recordingStatus: 'completed' as const,
  };
  const notAccepted = {
    callSid: callSid(0x101),
    startedAt: new Date('2026-11-01T02:00:00Z'),
    from: '+14045550178',
    choice: 'forward' as const,
    forwardedTo: OWNER,
    forwardStatus: 'not-accepted' as const,
    forwardTalkSeconds: 0,
    callStatus: 'completed' as const,
    durationSeconds: 45,
  };
  beforeAll(() => seedCalls(config(), [closed, notAccepted]));

  it('marks after-hours calls and filters on them', async () => {
    const after = (await list({ afterHours: 'true' })).json;
    expect(sids(after)).toEqual([closed.callSid]);
    expect(after.calls[0]).toMatchObject({ choice: 'closed', afterHours: true, outcome: 'voicemail' });
    const during = (await list({ afterHours: 'false' })).json;
    expect(sids(during)).toEqual([...ALL_SIDS, notAccepted.callSid]);
    expect(during.calls.every((call: { afterHours: boolean }) => !call.afterHours)).toBe(true);
  });

  it('never counts a phone that was picked up but not accepted as answered', async () => {
    const { json } = await list({ outcome: 'missed' });
    expect(sids(json)).toContain(notAccepted.callSid);
    expect(json.calls.find((call: { callSid: string }) => call.callSid === notAccepted.callSid).forwarding).toEqual({
      to: OWNER,
      status: 'not-accepted',
      talkSeconds: 0,
    });
    expect(sids((await list({ outcome: 'answered' })).json)).not.toContain(notAccepted.callSid);
  });

  it('answers 400 for an afterHours that is not true or false', async () => {
    const { status, json } = await list({ afterHours: 'yes' });
    expect(status).toBe(400);
    expect(json.error).toBe('afterHours must be one of true, false');
  });
});
