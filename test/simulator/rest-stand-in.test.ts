// The stand-in's REST lists, read through the real twilio SDK pointed at it the way
// reconcile points it: what reconcile sees must be what Twilio's API would answer.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import twilio from 'twilio';
import { type CallLegRecord, type CallRecords, type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';

const ACCOUNT = 'AC' + 'b'.repeat(32);
const TOKEN = 'rest-token';
const LINE = '+15025550100';
const OWNER = '+14155550199';

const sid = (prefix: string, n: number): string => prefix + n.toString(16).padStart(32, '0');
const rfc2822 = (iso: string): string => new Date(iso).toUTCString().replace(/GMT$/, '+0000');

function inbound(n: number, startIso: string, overrides: Partial<CallLegRecord> = {}): CallLegRecord {
  const start = new Date(startIso);
  return {
    sid: sid('CA', n),
    direction: 'inbound',
    from: '+14705550123',
    to: LINE,
    status: 'completed',
    startTime: rfc2822(startIso),
    endTime: rfc2822(new Date(start.getTime() + 40_000).toISOString()),
    durationSeconds: 40,
    ...overrides,
  };
}

// Three calls to the line on two days; the first was forwarded, unanswered, then left a voicemail.
const RECORDS: CallRecords = {
  calls: [
    inbound(1, '2024-03-01T10:00:00Z', { callerName: 'DANA SCULLY' }),
    {
      sid: sid('CA', 11),
      parentCallSid: sid('CA', 1),
      direction: 'outbound-dial',
      from: '+14705550123',
      to: OWNER,
      status: 'no-answer',
      startTime: rfc2822('2024-03-01T10:00:08Z'),
      endTime: rfc2822('2024-03-01T10:00:33Z'),
      durationSeconds: 0,
    },
    inbound(2, '2024-03-02T09:00:00Z'),
    inbound(3, '2024-03-02T11:00:00Z', { to: '+15025550999' }),
    inbound(4, '2024-03-02T12:00:00Z'),
  ],
  recordings: [
    {
      sid: sid('RE', 1),
      callSid: sid('CA', 1),
      status: 'completed',
      durationSeconds: 12,
      startTime: rfc2822('2024-03-01T10:00:38Z'),
      mediaUrl: `http://127.0.0.1:9/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid('RE', 1)}`,
    },
  ],
  transcriptions: [
    {
      sid: sid('TR', 1),
      recordingSid: sid('RE', 1),
      status: 'completed',
      text: 'Please call me back.',
      durationSeconds: 12,
      dateCreated: rfc2822('2024-03-01T10:01:00Z'),
    },
  ],
};

let standIn: MediaStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function started(dataDir?: string): Promise<MediaStandIn> {
  standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN, dataDir });
  return standIn;
}

function client(url: string, token = TOKEN) {
  const sdk = twilio(ACCOUNT, token);
  sdk.api.baseUrl = url;
  return sdk;
}

describe('the REST stand-in, read through the twilio SDK', () => {
  it('pages a list of calls through next_page_uri, newest first, in Twilio list shape', async () => {
    const s = await started();
    s.addCallRecords(RECORDS);
    const sdk = client(s.url);

    const first = await sdk.calls.page({ to: LINE, pageSize: 2 });
    expect(first.instances.map((c) => c.sid)).toEqual([sid('CA', 4), sid('CA', 2)]);
    expect(first.nextPageUrl).toMatch(/PageSize=2&Page=1&PageToken=PA/);
    const second = await first.nextPage();
    expect(second?.instances.map((c) => c.sid)).toEqual([sid('CA', 1)]);
    expect(second?.nextPageUrl).toBeUndefined();

    // list() follows every page by itself.
    const all = await sdk.calls.list({ to: LINE, pageSize: 2 });
    expect(all.map((c) => c.sid)).toEqual([sid('CA', 4), sid('CA', 2), sid('CA', 1)]);
    const forwarded = all[2];
    expect(forwarded).toMatchObject({
      direction: 'inbound',
      status: 'completed',
      from: '+14705550123',
      fromFormatted: '(470) 555-0123',
      to: LINE,
      callerName: 'DANA SCULLY',
      duration: '40',
      accountSid: ACCOUNT,
    });
    expect(forwarded.startTime.toISOString()).toBe('2024-03-01T10:00:00.000Z');
    expect(forwarded.endTime.toISOString()).toBe('2024-03-01T10:00:40.000Z');
  });

  it('answers the raw list request with Twilio’s envelope', async () => {
    const s = await started();
    s.addCallRecords(RECORDS);
    const auth = 'Basic ' + Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64');
    const res = await fetch(`${s.url}/2010-04-01/Accounts/${ACCOUNT}/Calls.json?To=${encodeURIComponent(LINE)}&PageSize=2`, {
      headers: { Authorization: auth },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['calls', 'end', 'first_page_uri', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri'].sort(),
    );
    expect(body).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
    expect(String(body.next_page_uri)).toMatch(
      new RegExp(`^/2010-04-01/Accounts/${ACCOUNT}/Calls\\.json\\?To=%2B15025550100&PageSize=2&Page=1&PageToken=PA${sid('CA', 2)}$`),
    );
    const [call] = body.calls as Record<string, unknown>[];
    expect(call).toMatchObject({ sid: sid('CA', 4), duration: '40', start_time: 'Sat, 02 Mar 2024 12:00:00 +0000', parent_call_sid: null });
  });

  it('filters calls by start time, parent call and status as the SDK sends them', async () => {
    const s = await started();
    s.addCallRecords(RECORDS);
    const sdk = client(s.url);
    const since = await sdk.calls.list({ startTimeAfter: new Date('2024-03-02T00:00:00Z') });
    expect(since.map((c) => c.sid).sort()).toEqual([sid('CA', 2), sid('CA', 3), sid('CA', 4)]);
    const before = await sdk.calls.list({ startTimeBefore: new Date('2024-03-02T00:00:00Z') });
    expect(before.map((c) => c.sid).sort()).toEqual([sid('CA', 1), sid('CA', 11)]);

    const [leg, ...others] = await sdk.calls.list({ parentCallSid: sid('CA', 1) });
    expect(others).toEqual([]);
    // An unanswered leg has neither duration nor end time at Twilio.
    expect(leg).toMatchObject({
      sid: sid('CA', 11),
      parentCallSid: sid('CA', 1),
      direction: 'outbound-dial',
      status: 'no-answer',
      to: OWNER,
      duration: null,
      endTime: null,
    });
    expect((await sdk.calls.list({ status: 'no-answer' })).map((c) => c.sid)).toEqual([sid('CA', 11)]);
  });

  it('reads StartTime> and DateCreated> as a UTC date: the time of day the SDK sends counts for nothing', async () => {
    const s = await started();
    s.addCallRecords(RECORDS);
    const sdk = client(s.url);
    // 10:30 on 2 March: Twilio answers with every call of 2 March (UTC), the 09:00 one too.
    const calls = await sdk.calls.list({ startTimeAfter: new Date('2024-03-02T10:30:00Z') });
    expect(calls.map((c) => c.sid).sort()).toEqual([sid('CA', 2), sid('CA', 3), sid('CA', 4)]);
    // 23:59 on 1 March: every recording of 1 March, the one of 10:00 included.
    const recordings = await sdk.recordings.list({ dateCreatedAfter: new Date('2024-03-01T23:59:00Z') });
    expect(recordings.map((r) => r.sid)).toEqual([sid('RE', 1)]);
    expect(await sdk.recordings.list({ dateCreatedAfter: new Date('2024-03-02T00:00:00Z') })).toEqual([]);
  });

  it('lists a call’s recordings and a recording’s transcriptions', async () => {
    const s = await started();
    s.addCallRecords(RECORDS);
    const sdk = client(s.url);
    const recordings = await sdk.recordings.list({ callSid: sid('CA', 1) });
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({
      sid: sid('RE', 1),
      callSid: sid('CA', 1),
      status: 'completed',
      duration: '12',
      mediaUrl: RECORDS.recordings[0].mediaUrl,
    });
    expect(await sdk.recordings.list({ callSid: sid('CA', 2) })).toEqual([]);
    const transcriptions = await sdk.recordings(sid('RE', 1)).transcriptions.list();
    expect(transcriptions.map((t) => [t.sid, t.status, t.transcriptionText])).toEqual([
      [sid('TR', 1), 'completed', 'Please call me back.'],
    ]);
  });

  it('requires the account credentials, even with media auth off', async () => {
    const s = await started();
    s.addCallRecords(RECORDS);
    s.setRequireAuth(false);
    await expect(client(s.url, 'wrong').calls.list({})).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('takes records over HTTP, refuses malformed ones, and keeps them across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-stand-in-'));
    let s = await started(dataDir);
    const post = (body: string): Promise<Response> =>
      fetch(`${s.url}/__sim/calls`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect((await post(JSON.stringify(RECORDS))).status).toBe(201);
    const bad = await post(JSON.stringify({ ...RECORDS, calls: [{ ...RECORDS.calls[0], sid: 'CA123' }] }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/sid must be a Call SID/);
    expect((await post('not json')).status).toBe(400);
    await s.close();

    s = await started(dataDir);
    expect((await client(s.url).calls.list({ to: LINE })).map((c) => c.sid)).toEqual([sid('CA', 4), sid('CA', 2), sid('CA', 1)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('the Sync Documents stand-in, through the twilio SDK', () => {
  const sync = (url: string) => {
    const sdk = twilio(ACCOUNT, TOKEN);
    sdk.sync.baseUrl = url;
    return sdk.sync.v1.services('default').documents;
  };
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (err: { status: number; code: number }) => [err.status, err.code],
    );

  it('creates a Document once by its unique name, then fetches and updates it by that name', async () => {
    const s = await started();
    const documents = sync(s.url);
    const created = await documents.create({ uniqueName: 'forwarding-CA1', data: { phones: [] }, ttl: 3600 });
    expect(created.sid).toMatch(/^ET[0-9a-f]{32}$/);
    expect(await codeOf(documents.create({ uniqueName: 'forwarding-CA1', data: {} }))).toEqual([409, 54301]);
    await sync(s.url)('forwarding-CA1').update({ data: { phones: ['CA2'] } });
    const fetched = await sync(s.url)('forwarding-CA1').fetch();
    expect(fetched.data).toEqual({ phones: ['CA2'] });
    expect(fetched.revision).toBe('1');
    expect(await codeOf(sync(s.url)('forwarding-CA9').fetch())).toEqual([404, 54300]);
  });

  it('updates with If-Match only at the revision named, and refuses a stale one with 412 and 54103', async () => {
    const s = await started();
    await sync(s.url).create({ uniqueName: 'alert-CA1', data: { token: 'a' } });
    const read = await sync(s.url)('alert-CA1').fetch();
    await sync(s.url)('alert-CA1').update({ data: { token: 'b' }, ifMatch: read.revision });
    expect(await codeOf(sync(s.url)('alert-CA1').update({ data: { token: 'c' }, ifMatch: read.revision }))).toEqual([412, 54103]);
    expect((await sync(s.url)('alert-CA1').fetch()).data).toEqual({ token: 'b' });
  });

  it('refuses a unique name that looks like a SID, and answers 503 to everything during an outage', async () => {
    const s = await started();
    expect(await codeOf(sync(s.url).create({ uniqueName: 'ET' + 'a'.repeat(32) }))).toEqual([400, 54302]);
    s.setSyncUnavailable(true);
    expect(await codeOf(sync(s.url).create({ uniqueName: 'forwarding-CA3' }))).toEqual([503, 20503]);
  });
});
