// The owner's inbox functions, /handled and /note, against the Airtable emulator through the real
// client; and the list on a call log set up before their fields.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { COLUMNS, INBOX_COLUMNS, TABLE_FIELDS } from '../../functions/lib/calls/record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import { airtableRequest } from '../../functions/lib/store/airtable';
import { invoke } from '../support/invoke';
import { callSid, feedCalls, seedCalls } from './calls-fixture';

const BASE = 'appTestInbox00001';
const OLD_BASE = 'appTestInboxOld01';
const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-11-20T18:00:00Z');
const FIXTURE = feedCalls(NOW).map(({ call }) => call);
const SID = callSid(2);

let emulator: AirtableEmulator;
let env: Record<string, string>;
const config = (baseId = BASE) => ({ token: 'patTest.secret', baseId, table: 'Calls', endpointUrl: emulator.url });

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  // A table made before the inbox: no Handled At, no Notes.
  const inboxNames = INBOX_COLUMNS.map((key) => COLUMNS[key].name);
  emulator.createTable(OLD_BASE, { name: 'Calls', fields: TABLE_FIELDS.filter((field) => !inboxNames.includes(field.name)) });
  env = {
    AIRTABLE_TOKEN: 'patTest.secret',
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: emulator.url,
    FEED_PASSWORD: PASSWORD,
    SIMULATED_TIME: 'allow',
  };
  await seedCalls(config(), FIXTURE);
  await seedCalls(config(OLD_BASE), FIXTURE);
});
afterAll(() => emulator.close());
afterEach(() => emulator.clearFaults());

const basic = { authorization: `Basic ${Buffer.from(`owner:${PASSWORD}`).toString('base64')}`, [SIMULATED_TIME_HEADER]: NOW.toISOString() };

async function send(name: string, body: Record<string, unknown>, headers: Record<string, string> = basic, vars = env) {
  const answer = await invoke(name, { request: { headers, cookies: {} }, ...body }, vars);
  return { status: answer.status, json: JSON.parse(answer.body) };
}

/** The call's row as it stands in the emulator. */
function row(sid: string, baseId = BASE): Record<string, unknown> {
  const rows = emulator.records(baseId, 'Calls').filter((record) => record.fields['Call SID'] === sid);
  expect(rows).toHaveLength(1);
  return rows[0].fields;
}

const writes = () => emulator.requestLog.filter((entry) => entry.method === 'PATCH' || entry.method === 'DELETE').length;

describe('/handled', () => {
  it('marks a call done, writing when to its row, and new again', async () => {
    const done = await send('handled', { callSid: SID, handled: true });
    expect(done.status).toBe(200);
    expect(done.json.call).toMatchObject({ callSid: SID, handledAt: NOW.toISOString(), outcome: 'voicemail' });
    expect(row(SID)['Handled At']).toBe(NOW.toISOString());

    const again = await send('handled', { callSid: SID, handled: false });
    expect(again.status).toBe(200);
    expect(again.json.call.handledAt).toBeNull();
    expect(row(SID)['Handled At']).toBeUndefined();
  });

  it('costs one Airtable request', async () => {
    const before = emulator.requestLog.length;
    expect((await send('handled', { callSid: callSid(9), handled: true })).status).toBe(200);
    expect(emulator.requestLog.length - before).toBe(1);
    await send('handled', { callSid: callSid(9), handled: false });
  });

  it('marks every row of a call that has duplicates, so merging them cannot undo it', async () => {
    const sid = callSid(0x5150);
    const create = { 'Call SID': sid, From: '+14045550199', 'Handled At': NOW.toISOString() };
    await airtableRequest(config(), { method: 'POST', path: '', body: { records: [{ fields: create }, { fields: create }] } });
    const again = await send('handled', { callSid: sid, handled: false });
    expect(again.status).toBe(200);
    expect(again.json.call.handledAt).toBeNull();
    const rows = emulator.records(BASE, 'Calls').filter((record) => record.fields['Call SID'] === sid);
    expect(rows.map((record) => record.fields['Handled At'])).toEqual([undefined, undefined]);
  });

  it('takes the flag as text too, as a form or query string sends it', async () => {
    expect((await send('handled', { callSid: callSid(3), handled: 'true' })).json.call.handledAt).toBe(NOW.toISOString());
    expect((await send('handled', { callSid: callSid(3), handled: 'false' })).json.call.handledAt).toBeNull();
  });

  it.each([
    ['no Call SID', { handled: true }, /callSid must be CA/],
    ['a malformed Call SID', { callSid: "CA1' OR 1=1", handled: true }, /callSid must be CA/],
    ['a Call SID that is not text', { callSid: [SID], handled: true }, /callSid must be CA/],
    ['no flag', { callSid: SID }, /handled must be true or false/],
    ['a flag that is neither', { callSid: SID, handled: 'yes' }, /handled must be true or false/],
    ['an unknown parameter', { callSid: SID, handled: true, note: 'x' }, /Unknown parameter "note"/],
  ])('answers 400 with a message, writing nothing, for %s', async (_, body, message) => {
    const before = writes();
    const answer = await send('handled', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
    expect(writes()).toBe(before);
  });

  it('answers 401 without the password, before reading anything', async () => {
    const before = emulator.requestLog.length;
    expect((await send('handled', { callSid: SID, handled: true }, {})).status).toBe(401);
    expect((await send('handled', { callSid: SID, handled: true }, { authorization: 'Bearer not.a-token' })).status).toBe(401);
    expect(emulator.requestLog.length).toBe(before);
  });

  it('answers 404 for a call the log does not hold, and creates no row', async () => {
    const count = emulator.records(BASE, 'Calls').length;
    const answer = await send('handled', { callSid: callSid(0xdead), handled: true });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatch(/not in the call log/);
    expect(emulator.records(BASE, 'Calls')).toHaveLength(count);
  });

  it('says which field to add on a table without it', async () => {
    const answer = await send('handled', { callSid: SID, handled: true }, basic, { ...env, AIRTABLE_BASE_ID: OLD_BASE });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatch(/no "Handled At" field.*date field with the time.*npm run setup:airtable/);
  });
});

describe('/note', () => {
  const NOTE_SID = callSid(3);

  it('saves a note to the row, edits it from what it was, and clears it', async () => {
    const saved = await send('note', { callSid: NOTE_SID, note: 'Called back, <b>left</b> a message', base: '' });
    expect(saved.status).toBe(200);
    expect(saved.json.call.note).toBe('Called back, <b>left</b> a message');
    expect(row(NOTE_SID).Notes).toBe('Called back, <b>left</b> a message');

    const edited = await send('note', { callSid: NOTE_SID, note: 'Sorted', base: 'Called back, <b>left</b> a message' });
    expect(edited.json.call.note).toBe('Sorted');
    const cleared = await send('note', { callSid: NOTE_SID, note: '', base: 'Sorted' });
    expect(cleared.json.call.note).toBeNull();
    expect(row(NOTE_SID).Notes).toBeUndefined();
  });

  it('answers 409 with the current note, writing nothing, when another tab changed it first', async () => {
    const sid = callSid(4);
    expect((await send('note', { callSid: sid, note: 'From tab A', base: '' })).status).toBe(200);
    const before = writes();
    const late = await send('note', { callSid: sid, note: 'From tab B', base: '' });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({
      error: 'This note was changed in another tab.',
      note: 'From tab A',
      call: { callSid: sid, note: 'From tab A' },
    });
    expect(writes()).toBe(before);
    expect(row(sid).Notes).toBe('From tab A');
    // Having seen it, tab B saves over it knowingly.
    expect((await send('note', { callSid: sid, note: 'From tab B', base: 'From tab A' })).status).toBe(200);
    expect(row(sid).Notes).toBe('From tab B');
  });

  it('is no conflict to save the text the row already holds', async () => {
    const sid = callSid(6);
    await send('note', { callSid: sid, note: 'Same', base: '' });
    expect((await send('note', { callSid: sid, note: 'Same', base: 'Older' })).status).toBe(200);
  });

  it.each([
    [
      'a note over 2,000 characters',
      { callSid: SID, note: 'x'.repeat(2001), base: '' },
      /note is longer than 2,000 characters \(it has 2001\)/,
    ],
    ['no base', { callSid: SID, note: 'x' }, /base must be text/],
    ['a note that is not text', { callSid: SID, note: 5, base: '' }, /note must be text/],
    ['a malformed Call SID', { callSid: 'CAxyz', note: 'x', base: '' }, /callSid must be CA/],
  ])('answers 400 with a message for %s', async (_, body, message) => {
    const before = writes();
    const answer = await send('note', body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
    expect(writes()).toBe(before);
  });

  it('takes a note of exactly 2,000 characters', async () => {
    const answer = await send('note', { callSid: callSid(7), note: 'y'.repeat(2000), base: '' });
    expect(answer.status).toBe(200);
    expect((row(callSid(7)).Notes as string).length).toBe(2000);
  });

  it('answers 401 without the password', async () => {
    expect((await send('note', { callSid: SID, note: 'x', base: '' }, {})).status).toBe(401);
  });

  it('answers 404 for a call the log does not hold', async () => {
    expect((await send('note', { callSid: callSid(0xbeef), note: 'x', base: '' })).status).toBe(404);
  });

  it('says which field to add on a table without it', async () => {
    const answer = await send('note', { callSid: SID, note: 'x', base: '' }, basic, { ...env, AIRTABLE_BASE_ID: OLD_BASE });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatch(/no "Notes" field.*long text field/);
  });
});

describe('/calls with the inbox', () => {
  it('lists whether each call is handled and its note, and lists only the new ones on request', async () => {
    const sid = callSid(8);
    await send('handled', { callSid: sid, handled: true });
    await send('note', { callSid: sid, note: 'Done & dusted', base: '' });
    const all = await send('calls', {});
    const listed = all.json.calls.find((call: { callSid: string }) => call.callSid === sid);
    expect(listed).toMatchObject({ handledAt: NOW.toISOString(), note: 'Done & dusted' });
    const fresh = await send('calls', { handled: 'false' });
    expect(fresh.status).toBe(200);
    expect(fresh.json.calls.map((call: { callSid: string }) => call.callSid)).not.toContain(sid);
    expect(fresh.json.calls.every((call: { handledAt: unknown }) => call.handledAt === null)).toBe(true);
    const done = await send('calls', { handled: 'true' });
    expect(done.json.calls.map((call: { callSid: string }) => call.callSid)).toContain(sid);
    expect((await send('calls', { handled: 'maybe' })).status).toBe(400);
  });

  it('keeps listing a table without the new fields: every call new and without a note, one request a page once known', async () => {
    const old = { ...env, AIRTABLE_BASE_ID: OLD_BASE };
    const before = emulator.requestLog.length;
    const answer = await send('calls', {}, basic, old);
    expect(answer.status).toBe(200);
    // Asked with the new fields, refused, asked without; the next page goes without them at once.
    expect(emulator.requestLog.length - before).toBe(2);
    const next = emulator.requestLog.length;
    expect((await send('calls', {}, basic, old)).status).toBe(200);
    expect(emulator.requestLog.length - next).toBe(1);
    expect(answer.json.calls).toHaveLength(FIXTURE.length);
    expect(answer.json.calls.every((call: { handledAt: unknown; note: unknown }) => call.handledAt === null && call.note === null)).toBe(
      true,
    );
  });

  it('says which field to add when the table lacks it for the "needs attention" filter', async () => {
    const answer = await send('calls', { handled: 'false' }, basic, { ...env, AIRTABLE_BASE_ID: OLD_BASE });
    expect(answer.status).toBe(409);
    expect(answer.json.error).toMatch(/no "Handled At" field/);
  });
});
