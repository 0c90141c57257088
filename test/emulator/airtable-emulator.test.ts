// The Airtable emulator driven through the real `airtable` client (0.12.2), the way the
// product drives Airtable: if the client sees a difference, these tests should too.

import Airtable from 'airtable';
import { mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { type AirtableEmulator, type AirtableEmulatorOptions, startAirtableEmulator } from '../../emulators/airtable';

const TOKEN = 'patEmulatorTest.0123456789';
const BASE_ID = 'appEmulatorTest01';
const TABLE = 'Calls';

const dateTime = { timeZone: 'utc', dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' } };

const CALL_TABLE = {
  name: TABLE,
  description: 'One row per call',
  fields: [
    { name: 'Call SID', type: 'singleLineText' },
    { name: 'Started At', type: 'dateTime', options: dateTime },
    { name: 'From', type: 'singleLineText' },
    { name: 'Choice', type: 'singleSelect', options: { choices: [{ name: 'forward' }, { name: 'voicemail' }] } },
    { name: 'Duration', type: 'duration', options: { durationFormat: 'h:mm:ss' } },
    { name: 'Transcript', type: 'multilineText' },
  ],
};

interface ClientFailure {
  error: string;
  message: string;
  statusCode: number | null;
}

interface ListBody {
  records: Array<{ id: string; createdTime: string; fields: Record<string, unknown> }>;
  offset?: string;
}

interface UpsertBody extends ListBody {
  createdRecords: string[];
  updatedRecords: string[];
}

/** The client cannot reach the Meta API (makeRequest always adds the base id), so use fetch. */
function metaFetch(emulator: AirtableEmulator, method: 'GET' | 'POST', body?: unknown, path = '/tables') {
  return fetch(`${emulator.url}/v0/meta/bases/${BASE_ID}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function startWithCallTable(options: AirtableEmulatorOptions = {}): Promise<AirtableEmulator> {
  const emulator = await startAirtableEmulator({ tokens: [TOKEN], ...options });
  const response = await metaFetch(emulator, 'POST', CALL_TABLE);
  if (response.status !== 200) throw new Error(`creating the table answered ${response.status}: ${await response.text()}`);
  return emulator;
}

function clientBase(emulator: AirtableEmulator, options: { token?: string; requestTimeout?: number; baseId?: string } = {}) {
  return new Airtable({
    apiKey: options.token ?? TOKEN,
    endpointUrl: emulator.url,
    requestTimeout: options.requestTimeout ?? 2000,
    noRetryIfRateLimited: true,
  }).base(options.baseId ?? BASE_ID);
}

/** What the client rejected with; fails the test if the request succeeded. */
async function failureOf(work: Promise<unknown>): Promise<ClientFailure> {
  try {
    await work;
  } catch (error) {
    return error as ClientFailure;
  }
  throw new Error('expected the request to fail, but it succeeded');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function call(sid: string, extra: Record<string, unknown> = {}) {
  return { fields: { 'Call SID': sid, ...extra } };
}

let emulator: AirtableEmulator;
let base: ReturnType<typeof clientBase>;

beforeEach(async () => {
  emulator = await startWithCallTable();
  base = clientBase(emulator);
});

afterEach(async () => {
  await emulator.close();
});

describe('Meta API', () => {
  it('creates a table with Airtable-style ids, a primary field and a grid view, and lists it', async () => {
    const response = await metaFetch(emulator, 'GET');
    expect(response.status).toBe(200);
    const { tables } = (await response.json()) as { tables: Array<Record<string, any>> };
    expect(tables).toHaveLength(1);
    const [table] = tables;
    expect(table.id).toMatch(/^tbl[A-Za-z0-9]{14}$/);
    expect(table.name).toBe(TABLE);
    expect(table.description).toBe('One row per call');
    expect(table.primaryFieldId).toBe(table.fields[0].id);
    expect(table.fields.map((field: { name: string }) => field.name)).toEqual(CALL_TABLE.fields.map((field) => field.name));
    expect(table.fields.every((field: { id: string }) => /^fld[A-Za-z0-9]{14}$/.test(field.id))).toBe(true);
    expect(table.fields[3].options.choices.map((choice: { name: string }) => choice.name)).toEqual(['forward', 'voicemail']);
    expect(table.views).toEqual([{ id: expect.stringMatching(/^viw[A-Za-z0-9]{14}$/), name: 'Grid view', type: 'grid' }]);
  });

  it.each([
    ['a duplicate table name (ignoring case)', { name: 'calls', fields: [{ name: 'A', type: 'singleLineText' }] }, 'DUPLICATE_TABLE_NAME'],
    [
      'duplicate field names ignoring case',
      {
        name: 'T2',
        fields: [
          { name: 'A', type: 'singleLineText' },
          { name: 'a', type: 'email' },
        ],
      },
      'DUPLICATE_OR_EMPTY_FIELD_NAME',
    ],
    ['a primary field that cannot be primary', { name: 'T3', fields: [{ name: 'Done', type: 'checkbox' }] }, 'INVALID_PRIMARY_FIELD_TYPE'],
    [
      'an unsupported field type',
      {
        name: 'T4',
        fields: [
          { name: 'A', type: 'singleLineText' },
          { name: 'B', type: 'hologram' },
        ],
      },
      'UNSUPPORTED_FIELD_TYPE_FOR_CREATE',
    ],
    [
      'a number field without precision',
      {
        name: 'T5',
        fields: [
          { name: 'A', type: 'singleLineText' },
          { name: 'N', type: 'number' },
        ],
      },
      'INVALID_REQUEST_UNKNOWN',
    ],
  ])('refuses %s with a 422', async (_case, table, type) => {
    const response = await metaFetch(emulator, 'POST', table);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(type);
    const { tables } = (await (await metaFetch(emulator, 'GET')).json()) as { tables: unknown[] };
    expect(tables).toHaveLength(1);
  });

  it('adds a field to an existing table, which records can then use', async () => {
    const { tables } = (await (await metaFetch(emulator, 'GET')).json()) as { tables: Array<{ id: string }> };
    const response = await metaFetch(emulator, 'POST', { name: 'Caller Name', type: 'singleLineText' }, `/tables/${tables[0].id}/fields`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: expect.stringMatching(/^fld/), name: 'Caller Name', type: 'singleLineText' });
    const [created] = await base(TABLE).create([call('CA1', { 'Caller Name': 'ACME' })]);
    expect(created.fields['Caller Name']).toBe('ACME');
  });

  it('seeds tables directly with the same validation', () => {
    emulator.createTable(BASE_ID, { name: 'Notes', fields: [{ name: 'Title', type: 'singleLineText' }] });
    expect(() => emulator.createTable(BASE_ID, { name: 'NOTES', fields: [{ name: 'Title', type: 'singleLineText' }] })).toThrow(
      /DUPLICATE_TABLE_NAME/,
    );
    expect(emulator.records(BASE_ID, 'Notes')).toEqual([]);
  });
});

describe('records through the client', () => {
  it('creates records, normalises dates, omits blanks and lists them in creation order', async () => {
    const created = await base(TABLE).create([
      call('CA1', { 'Started At': '2025-03-01T10:00:00Z', Duration: 42, Transcript: '' }),
      call('CA2', { 'Started At': '2025-03-01T12:30:00+02:00', Choice: 'forward' }),
    ]);
    expect(created.map((record) => record.id)).toEqual([expect.stringMatching(/^rec[A-Za-z0-9]{14}$/), expect.stringMatching(/^rec/)]);
    expect(created[0].fields).toEqual({ 'Call SID': 'CA1', 'Started At': '2025-03-01T10:00:00.000Z', Duration: 42 });
    expect(created[1].fields['Started At']).toBe('2025-03-01T10:30:00.000Z');

    const listed = await base(TABLE).select().all();
    expect(listed.map((record) => record.get('Call SID'))).toEqual(['CA1', 'CA2']);
    expect(new Date(listed[0]._rawJson.createdTime).toISOString()).toBe(listed[0]._rawJson.createdTime);
    const found = await base(TABLE).find(created[1].id);
    expect(found.get('Choice')).toBe('forward');
  });

  it('accepts the legacy single-record create and single-record update', async () => {
    const record = await base(TABLE).create({ 'Call SID': 'CA9', From: '+15550001' });
    expect(record.id).toMatch(/^rec/);
    const updated = await base(TABLE).update(record.id, { From: null as unknown as string });
    expect(updated.fields).toEqual({ 'Call SID': 'CA9' });
  });

  it('answers 404 NOT_FOUND for a record that does not exist', async () => {
    const failure = await failureOf(base(TABLE).find('recAAAAAAAAAAAAAA'));
    expect(failure).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });

  it('reports an unknown field as a 422 UNKNOWN_FIELD_NAME AirtableError and writes nothing', async () => {
    const failure = await failureOf(base(TABLE).create([call('CA1'), call('CA2', { Colour: 'red' })]));
    expect(failure).toMatchObject({ statusCode: 422, error: 'UNKNOWN_FIELD_NAME', message: 'Unknown field name: "Colour"' });
    expect(failure).toBeInstanceOf(Airtable.Error);
    expect(emulator.records(BASE_ID, TABLE)).toEqual([]);
  });

  it('answers 401 to a token it does not know, and to none', async () => {
    const wrong = await failureOf(clientBase(emulator, { token: 'patSomebodyElse' })(TABLE).select().firstPage());
    expect(wrong).toMatchObject({ statusCode: 401, error: 'AUTHENTICATION_REQUIRED' });
    const bare = await fetch(`${emulator.url}/v0/${BASE_ID}/${TABLE}`);
    expect(bare.status).toBe(401);
    expect(await bare.json()).toEqual({ error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } });
  });

  it('answers 403 for a table that does not exist, and a bare 404 for unknown routes', async () => {
    const failure = await failureOf(base('Nope').select().firstPage());
    expect(failure).toMatchObject({ statusCode: 403, error: 'NOT_AUTHORIZED' });
    const body = await (await fetch(`${emulator.url}/v0/${BASE_ID}/Nope`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json();
    expect(body).toEqual({ error: expect.objectContaining({ type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND' }) });
    const unknown = await fetch(`${emulator.url}/v1/whatever`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'NOT_FOUND' });
  });

  it('limits writes to 10 records per request', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => call(`CA${i}`));
    const failure = await failureOf(base(TABLE).create(eleven));
    expect(failure).toMatchObject({ statusCode: 422, error: 'INVALID_RECORDS' });
    expect(emulator.records(BASE_ID, TABLE)).toHaveLength(0);
    await base(TABLE).create(eleven.slice(0, 10));
    expect(emulator.records(BASE_ID, TABLE)).toHaveLength(10);
  });

  it('validates values by field type, converts with typecast and clears with null', async () => {
    const wrongType = await failureOf(base(TABLE).create([call('CA1', { Duration: '42' })]));
    expect(wrongType).toMatchObject({ statusCode: 422, error: 'INVALID_VALUE_FOR_COLUMN' });
    const badDate = await failureOf(base(TABLE).create([call('CA1', { 'Started At': 'yesterday' })]));
    expect(badDate).toMatchObject({ statusCode: 422, error: 'INVALID_VALUE_FOR_COLUMN' });

    const [record] = await base(TABLE).create([call('CA1', { Duration: '42', From: 5550001 })], { typecast: true });
    expect(record.fields).toEqual({ 'Call SID': 'CA1', Duration: 42, From: '5550001' });
    const [cleared] = await base(TABLE).update([{ id: record.id, fields: { Duration: null as unknown as number } }]);
    expect(cleared.fields).toEqual({ 'Call SID': 'CA1', From: '5550001' });
  });

  it('adds a new select option only with typecast', async () => {
    const refused = await failureOf(base(TABLE).create([call('CA1', { Choice: 'callback' })]));
    expect(refused).toMatchObject({ statusCode: 422, error: 'INVALID_MULTIPLE_CHOICE_OPTIONS' });

    await base(TABLE).create([call('CA1', { Choice: 'callback' }), call('CA2', { Choice: 'callback' })], { typecast: true });
    const { tables } = (await (await metaFetch(emulator, 'GET')).json()) as {
      tables: Array<{ fields: Array<{ name: string; options?: any }> }>;
    };
    const choices = tables[0].fields.find((field) => field.name === 'Choice')!.options.choices;
    expect(choices.map((choice: { name: string }) => choice.name)).toEqual(['forward', 'voicemail', 'callback']);
    expect(choices[2].id).toMatch(/^sel[A-Za-z0-9]{14}$/);
    await base(TABLE).create([call('CA3', { Choice: 'callback' })]);
  });

  it('merges with PATCH, replaces with PUT and deletes', async () => {
    const [record] = await base(TABLE).create([call('CA1', { From: '+1555', Duration: 5 })]);
    const [patched] = await base(TABLE).update([{ id: record.id, fields: { Duration: 6 } }]);
    expect(patched.fields).toEqual({ 'Call SID': 'CA1', From: '+1555', Duration: 6 });
    const [replaced] = await base(TABLE).replace([{ id: record.id, fields: { 'Call SID': 'CA1' } }]);
    expect(replaced.fields).toEqual({ 'Call SID': 'CA1' });
    const deleted = await base(TABLE).destroy([record.id]);
    expect(deleted.map((r) => r.id)).toEqual([record.id]);
    expect(emulator.records(BASE_ID, TABLE)).toEqual([]);
  });
});

describe('upsert', () => {
  const upsert = (fields: Record<string, unknown>, method: 'PATCH' | 'PUT' = 'PATCH') =>
    base.makeRequest({
      method,
      path: `/${TABLE}`,
      body: { performUpsert: { fieldsToMergeOn: ['Call SID'] }, records: [{ fields }], typecast: true },
    }) as Promise<{ body: UpsertBody }>;

  it('creates on the first write and updates the same row afterwards', async () => {
    // The client's types know no upsert (airtable.js #348): id-less records need a cast.
    const options = { performUpsert: { fieldsToMergeOn: ['Call SID'] }, typecast: true } as any;
    const upsertWithClient = (fields: Record<string, unknown>) =>
      base(TABLE).update([{ fields }] as unknown as Array<{ id: string; fields: Record<string, string> }>, options);
    const [first] = await upsertWithClient({ 'Call SID': 'CA1', From: '+1555' });
    const [second] = await upsertWithClient({ 'Call SID': 'CA1', Duration: 30, Choice: 'voicemail' });
    expect(second.id).toBe(first.id);
    expect(emulator.records(BASE_ID, TABLE)).toEqual([
      { id: first.id, createdTime: expect.any(String), fields: { 'Call SID': 'CA1', From: '+1555', Duration: 30, Choice: 'voicemail' } },
    ]);
  });

  it('reports createdRecords and updatedRecords through makeRequest', async () => {
    const created = await upsert({ 'Call SID': 'CA1', From: '+1555' });
    expect(created.body.createdRecords).toEqual([created.body.records[0].id]);
    expect(created.body.updatedRecords).toEqual([]);
    const updated = await upsert({ 'Call SID': 'CA1', Duration: '12' });
    expect(updated.body.createdRecords).toEqual([]);
    expect(updated.body.updatedRecords).toEqual([created.body.records[0].id]);
    expect(updated.body.records[0].fields).toEqual({ 'Call SID': 'CA1', From: '+1555', Duration: 12 });
  });

  it('replaces the non-merge fields with PUT', async () => {
    await upsert({ 'Call SID': 'CA1', From: '+1555' });
    const replaced = await upsert({ 'Call SID': 'CA1', Duration: 3 }, 'PUT');
    expect(replaced.body.records[0].fields).toEqual({ 'Call SID': 'CA1', Duration: 3 });
  });

  it('fails, changing nothing, when more than one row matches', async () => {
    await base(TABLE).create([call('CA1'), call('CA1')]);
    const failure = await failureOf(upsert({ 'Call SID': 'CA1', From: '+1' }));
    expect(failure.statusCode).toBe(422);
    expect(emulator.records(BASE_ID, TABLE).map((record) => record.fields)).toEqual([{ 'Call SID': 'CA1' }, { 'Call SID': 'CA1' }]);
  });

  it('race mode: two upserts of a new key within the window both create a row; later ones see them', async () => {
    const control = await fetch(`${emulator.url}/__emulator/upsert-race`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ms: 300 }),
    });
    expect(control.status).toBe(200);
    await Promise.all([upsert({ 'Call SID': 'CA1', From: '+1555' }), upsert({ 'Call SID': 'CA1', Duration: 30 })]);
    expect(emulator.records(BASE_ID, TABLE)).toHaveLength(2);
    await sleep(300);
    expect((await failureOf(upsert({ 'Call SID': 'CA1', Choice: 'voicemail' }))).statusCode).toBe(422);
    emulator.setUpsertRace(0);
  });

  it.each([
    [[], 'no merge field'],
    [['Call SID', 'From', 'Duration', 'Transcript'], 'four merge fields'],
    [['Nope'], 'an unknown merge field'],
  ])('refuses fieldsToMergeOn with %j (%s)', async (fieldsToMergeOn) => {
    const failure = await failureOf(
      base.makeRequest({ method: 'PATCH', path: `/${TABLE}`, body: { performUpsert: { fieldsToMergeOn }, records: [call('CA1')] } }),
    );
    expect(failure.statusCode).toBe(422);
    expect(emulator.records(BASE_ID, TABLE)).toEqual([]);
  });
});

describe('listing', () => {
  async function seedFive(): Promise<void> {
    // Started At out of creation order, one blank, so sorting is visible.
    await base(TABLE).create([
      call('CA1', { 'Started At': '2025-01-03T00:00:00Z', From: '+15551110000' }),
      call('CA2', { 'Started At': '2025-01-05T00:00:00Z', From: '+15552220000' }),
      call('CA3', { From: '+15553330000' }),
      call('CA4', { 'Started At': '2025-01-01T00:00:00Z', From: '+15551119999' }),
      call('CA5', { 'Started At': '2025-01-04T00:00:00Z', From: '+15554440000' }),
    ]);
  }

  const page = (qs: Record<string, unknown>) =>
    base.makeRequest({ method: 'GET', path: `/${TABLE}`, qs }).then((response) => response.body as ListBody);

  it('pages through a sorted query with fields[] across three pages, with replayable cursors', async () => {
    await seedFive();
    const qs = { pageSize: 2, sort: [{ field: 'Started At', direction: 'desc' }], fields: ['Call SID'] };
    const first = await page({ ...qs, offset: undefined });
    expect(first.records.map((record) => record.fields)).toEqual([{ 'Call SID': 'CA2' }, { 'Call SID': 'CA5' }]);
    expect(first.offset).toMatch(/^itr[A-Za-z0-9]{14}\/rec[A-Za-z0-9]{14}$/);
    const second = await page({ ...qs, offset: first.offset });
    expect(second.records.map((record) => record.fields['Call SID'])).toEqual(['CA1', 'CA4']);
    const third = await page({ ...qs, offset: second.offset });
    // Blanks sort as the smallest value: last when descending.
    expect(third.records.map((record) => record.fields['Call SID'])).toEqual(['CA3']);
    expect(third.offset).toBeUndefined();

    const replay = await page({ ...qs, offset: first.offset });
    expect(replay.records.map((record) => record.id)).toEqual(second.records.map((record) => record.id));
  });

  it('sorts by several keys and honours maxRecords', async () => {
    await base(TABLE).create([call('B', { Duration: 2 }), call('A', { Duration: 2 }), call('C', { Duration: 1 }), call('D')]);
    const body = await page({
      sort: [
        { field: 'Duration', direction: 'asc' },
        { field: 'Call SID', direction: 'desc' },
      ],
    });
    expect(body.records.map((record) => record.fields['Call SID'])).toEqual(['D', 'C', 'B', 'A']);
    const limited = await base(TABLE).select({ maxRecords: 3, pageSize: 2 }).all();
    expect(limited.map((record) => record.get('Call SID'))).toEqual(['B', 'A', 'C']);
  });

  it.each([
    [{ offset: 'itrNotOneOfMine00/recAAAAAAAAAAAAAA' }, 'INVALID_OFFSET_VALUE'],
    [{ offset: 'garbage' }, 'INVALID_OFFSET_VALUE'],
    [{ pageSize: 101 }, 'INVALID_REQUEST_UNKNOWN'],
    [{ pageSize: 0 }, 'INVALID_REQUEST_UNKNOWN'],
    [{ sort: [{ field: 'Colour', direction: 'asc' }] }, 'UNKNOWN_FIELD_NAME'],
    [{ fields: ['Call SID', 'Colour'] }, 'UNKNOWN_FIELD_NAME'],
    [{ pagesize: 10 }, 'INVALID_REQUEST_UNKNOWN'],
  ])('answers 422 to %j', async (qs, type) => {
    await seedFive();
    const failure = await failureOf(page(qs));
    expect(failure).toMatchObject({ statusCode: 422, error: type });
  });

  it('refuses a cursor reused with a different filter', async () => {
    await seedFive();
    const first = await page({ pageSize: 2 });
    const failure = await failureOf(page({ pageSize: 2, offset: first.offset, filterByFormula: "{From}!=''" }));
    expect(failure).toMatchObject({ statusCode: 422, error: 'INVALID_OFFSET_VALUE' });
  });

  it('lists through POST listRecords when asked to', async () => {
    await seedFive();
    const records = await base(TABLE)
      .select({ method: 'post', filterByFormula: "FIND('555111', {From})", pageSize: 1 } as any)
      .all();
    expect(records.map((record) => record.get('Call SID'))).toEqual(['CA1', 'CA4']);
    expect(emulator.requestLog.filter((entry) => entry.path.endsWith('/listRecords'))).toHaveLength(2);
  });

  describe('filterByFormula', () => {
    const sids = (filterByFormula: string) =>
      page({ filterByFormula }).then((body) => body.records.map((record) => record.fields['Call SID']));

    it.each([
      ["FIND('555111', {From})", ['CA1', 'CA4']],
      ["FIND('555111', {From}) > 0", ['CA1', 'CA4']],
      ["FIND('5551110', {From}) = 3", ['CA1']],
      ["IS_AFTER({Started At}, '2025-01-03T12:00:00.000Z')", ['CA2', 'CA5']],
      [
        "AND({Started At} != '', NOT(IS_BEFORE({Started At}, '2025-01-03T00:00:00.000Z')), IS_BEFORE({Started At}, '2025-01-05T00:00:00.000Z'))",
        ['CA1', 'CA5'],
      ],
      ["OR({Call SID} = 'CA3', {Started At} = '2025-01-01T00:00:00.000Z')", ['CA3', 'CA4']],
      ['{Started At} = BLANK()', ['CA3']],
      ["{Started At} >= '2025-01-04'", ['CA2', 'CA5']],
      ["{Started At} > '2025-01-04'", ['CA2']],
      ["IS_SAME({Started At}, '2025-01-05T18:00:00Z', 'day')", ['CA2']],
      ['LOWER(RECORD_ID()) = LOWER(RECORD_ID())', ['CA1', 'CA2', 'CA3', 'CA4', 'CA5']],
      ["SEARCH('ca2', {Call SID})", ['CA2']],
      ['', ['CA1', 'CA2', 'CA3', 'CA4', 'CA5']],
    ])('%s', async (formula, expected) => {
      await seedFive();
      expect(await sids(formula)).toEqual(expected);
    });

    it('keeps an escaped injection attempt as plain text', async () => {
      await seedFive();
      await base(TABLE).create([call("x') , TRUE(), ('")]);
      const escaped = "x\\') , TRUE(), (\\'";
      expect(await sids(`{Call SID} = '${escaped}'`)).toEqual(["x') , TRUE(), ('"]);
      expect(await sids(`FIND('${escaped}', {From})`)).toEqual([]);
    });

    // What Airtable documents (https://airtable.com/developers/web/api/list-records): the
    // formula is evaluated for each record and the record is returned unless the result is
    // 0, false, "", NaN, [] or #Error!; a formula that does not parse is refused with 422
    // INVALID_FILTER_BY_FORMULA. Listing needs only data.records:read, so it never writes.
    // A literal broken out of therefore gives one definite answer per formula: 422 when the
    // text left over is not a formula, or 200 with exactly the records the formula now
    // selects. Either way the table afterwards is exactly what was there before.
    it.each([
      ['FIND() with a stray argument list', "FIND('x') , TRUE(), ('', {From})", 422],
      ['a top-level comma', "{Call SID} = 'x' & '' , TRUE(), ''", 422],
      ['a doubled quote (formulas escape with a backslash, not by doubling)', "{Call SID} = 'x'')", 422],
      ['an escaped quote that leaves the literal unterminated', "AND(FIND('x\\'), {From})", 422],
      ['OR() with an injected TRUE(), which is a valid formula', "OR({Call SID} = 'x', TRUE(), '')", 200],
    ])('a literal broken out of by %s (%j) answers %i and leaves the table exactly as it was', async (_case, formula, status) => {
      await seedFive();
      const before = emulator.records(BASE_ID, TABLE);
      expect(before.map((record) => record.fields)).toEqual([
        { 'Call SID': 'CA1', 'Started At': '2025-01-03T00:00:00.000Z', From: '+15551110000' },
        { 'Call SID': 'CA2', 'Started At': '2025-01-05T00:00:00.000Z', From: '+15552220000' },
        { 'Call SID': 'CA3', From: '+15553330000' },
        { 'Call SID': 'CA4', 'Started At': '2025-01-01T00:00:00.000Z', From: '+15551119999' },
        { 'Call SID': 'CA5', 'Started At': '2025-01-04T00:00:00.000Z', From: '+15554440000' },
      ]);

      const response = await fetch(`${emulator.url}/v0/${BASE_ID}/${TABLE}?filterByFormula=${encodeURIComponent(formula)}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const body = await response.json();
      expect(response.status).toBe(status);
      if (status === 422) {
        expect(body).toEqual({
          error: { type: 'INVALID_FILTER_BY_FORMULA', message: expect.stringMatching(/^The formula for filtering records is invalid/) },
        });
      } else {
        // TRUE() makes OR() true for every record: all five, each once, every field intact.
        expect(body).toEqual({ records: before });
      }

      // No record added, duplicated, dropped or altered; same ids, same fields.
      expect(emulator.records(BASE_ID, TABLE)).toEqual(before);
    });

    it.each([
      ["FIND('x', {From}"],
      ["{From} = 'unterminated"],
      ['NOSUCHFUNCTION({From})'],
      ['{No Such Field} = 1'],
      ['IF()'],
      ['AND({From}, )'],
      ['1 +'],
    ])('answers 422 INVALID_FILTER_BY_FORMULA to %s', async (formula) => {
      const failure = await failureOf(page({ filterByFormula: formula }));
      expect(failure).toMatchObject({ statusCode: 422, error: 'INVALID_FILTER_BY_FORMULA' });
      expect(failure.message).toMatch(/^The formula for filtering records is invalid/);
    });
  });
});

describe('rate limit', () => {
  it('allows 5 requests per second per base, then answers 429 until the lockout has passed', async () => {
    emulator.setRateLimit({ enabled: true, perSecond: 5, lockoutMs: 300 });
    const list = () => base(TABLE).select().firstPage();
    for (let i = 0; i < 5; i++) await list();
    const limited = await failureOf(list());
    expect(limited).toMatchObject({ statusCode: 429, error: 'TOO_MANY_REQUESTS' });

    const raw = await fetch(`${emulator.url}/v0/${BASE_ID}/${TABLE}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(raw.status).toBe(429);
    expect(await raw.json()).toEqual({ errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] });

    // Another base has its own budget.
    await clientBase(emulator, { baseId: 'appAnotherBase001' })
      .makeRequest({ method: 'GET', path: '/whatever' })
      .catch((error: ClientFailure) => expect(error.statusCode).toBe(403));

    await sleep(1100); // past both the lockout and the rolling second
    await expect(list()).resolves.toEqual([]);
  });

  it('stays locked while the client keeps hammering', async () => {
    emulator.setRateLimit({ enabled: true, perSecond: 2, lockoutMs: 200 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${emulator.url}/v0/${BASE_ID}/${TABLE}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
      statuses.push(response.status);
      await sleep(60);
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(2)).toEqual(Array(6).fill(429));
  });
});

describe('faults and latency', () => {
  it('fails the next matching request with an injected 503, before any write happens', async () => {
    emulator.injectFault({ status: 503, count: 1, method: 'POST', pathIncludes: `/${TABLE}` });
    const failure = await failureOf(base(TABLE).create([call('CA1')]));
    expect(failure).toMatchObject({ statusCode: 503, error: 'SERVICE_UNAVAILABLE' });
    expect(emulator.records(BASE_ID, TABLE)).toEqual([]);
    await base(TABLE).create([call('CA1')]);
    expect(emulator.records(BASE_ID, TABLE)).toHaveLength(1);
    expect(emulator.requestLog.map((entry) => entry.status).slice(-2)).toEqual([503, 200]);
  });

  it('keeps the type and message a fault asks for, and only matches its method', async () => {
    emulator.injectFault({ status: 422, count: 2, method: 'PATCH', type: 'INVALID_VALUE_FOR_COLUMN', message: 'scripted' });
    await base(TABLE).select().firstPage();
    const failure = await failureOf(base(TABLE).update([{ id: 'recAAAAAAAAAAAAAA', fields: {} }]));
    expect(failure).toMatchObject({ statusCode: 422, error: 'INVALID_VALUE_FOR_COLUMN', message: 'scripted' });
    emulator.clearFaults();
    const notFound = await failureOf(base(TABLE).update([{ id: 'recAAAAAAAAAAAAAA', fields: {} }]));
    expect(notFound.statusCode).toBe(404);
  });

  it('holds a hanging request open until the client times out', async () => {
    emulator.injectFault({ status: 503, count: 1, hang: true });
    const slowBase = clientBase(emulator, { requestTimeout: 300 });
    const started = Date.now();
    const viaRunAction = await failureOf(slowBase(TABLE).create([call('CA1')]));
    expect(viaRunAction.message).toMatch(/aborted|timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(emulator.records(BASE_ID, TABLE)).toEqual([]);
  });

  it('times out makeRequest too, as a CONNECTION_ERROR', async () => {
    emulator.injectFault({ status: 503, count: 1, hang: true });
    const failure = await failureOf(clientBase(emulator, { requestTimeout: 200 }).makeRequest({ path: `/${TABLE}` }));
    expect(failure).toMatchObject({ error: 'CONNECTION_ERROR', message: expect.stringMatching(/aborted|timeout/i) });
  });

  it('adds latency before answering', async () => {
    emulator.setLatency(150);
    const started = Date.now();
    await base(TABLE).select().firstPage();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('is controlled over HTTP under /__emulator/', async () => {
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.url}/__emulator/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(await (await control('GET', 'health')).json()).toEqual({ ok: true });
    expect((await control('POST', 'faults', { status: 502, count: 5, pathIncludes: 'Calls' })).status).toBe(200);
    expect((await failureOf(base(TABLE).select().firstPage())).statusCode).toBe(502);
    expect((await control('DELETE', 'faults')).status).toBe(200);
    await base(TABLE).select().firstPage();

    expect((await control('POST', 'rate-limit', { enabled: true, perSecond: 1, lockoutMs: 100 })).status).toBe(200);
    await base(TABLE).select().firstPage();
    expect((await failureOf(base(TABLE).select().firstPage())).statusCode).toBe(429);
    expect((await control('POST', 'rate-limit', { enabled: false })).status).toBe(200);
    await base(TABLE).select().firstPage();

    expect((await control('POST', 'latency', { ms: 'slow' })).status).toBe(400);
    expect((await control('POST', 'faults', { status: 200, count: 1 })).status).toBe(400);
  });

  it('answers 422 to malformed JSON', async () => {
    const response = await fetch(`${emulator.url}/v0/${BASE_ID}/${TABLE}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: '{"records": [',
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('INVALID_REQUEST_UNKNOWN');
  });
});

describe('persistence', () => {
  it('keeps tables, records and added choices across a restart with dataDir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'airtable-emulator-'));
    try {
      const first = await startWithCallTable({ dataDir });
      const firstBase = clientBase(first);
      const [record] = await firstBase(TABLE).create([call('CA1', { Choice: 'callback', Duration: 7 })], { typecast: true });
      await first.close();

      const second = await startAirtableEmulator({ dataDir, tokens: [TOKEN] });
      try {
        const found = await clientBase(second)(TABLE).find(record.id);
        expect(found.fields).toEqual({ 'Call SID': 'CA1', Choice: 'callback', Duration: 7 });
        await clientBase(second)(TABLE).create([call('CA2', { Choice: 'callback' })]);
        expect(second.records(BASE_ID, TABLE).map((r) => r.fields['Call SID'])).toEqual(['CA1', 'CA2']);
      } finally {
        await second.close();
      }
      expect(readdirSync(dataDir)).toEqual(['airtable-emulator.json']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps nothing on disk without dataDir', async () => {
    await base(TABLE).create([call('CA1')]);
    await emulator.close();
    emulator = await startAirtableEmulator({ tokens: [TOKEN] });
    const response = await metaFetch(emulator, 'GET');
    expect(await response.json()).toEqual({ tables: [] });
  });
});
