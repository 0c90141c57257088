// Searching the call log: text from the request becomes an escaped Airtable string literal and
// nothing else, and /calls?q= finds calls by the caller's name, number or the words of a
// voicemail, through the real client against the Airtable emulator.

import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { parseFormula } from '../../emulators/airtable/formula/parser';
import { type CallRecord, TABLE_FIELDS } from '../../functions/lib/calls/record';
import { feedFormula } from '../../functions/lib/feed/formula';
import { containsText, stringLiteral } from '../../functions/lib/store/formula';
import { invoke } from '../support/invoke';
import { callSid, feedCalls, seedCalls } from './calls-fixture';

const BASE = 'appTestSearch0001';
const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-11-20T18:00:00Z');
const FIXTURE = feedCalls(NOW).map(({ call }) => call);

// Text that would end, break or extend a formula if it were spliced into one.
const HOSTILE = [
  `O'Brien`,
  `say "hi"`,
  `back\\slash`,
  `trailing\\`,
  `\\"`,
  `{From}`,
  `}{Call SID`,
  `line one\nline two`,
  `tab\there\r\n`,
  `") , TRUE(), ("`,
  `', TRUE(), '`,
  `"&RECORD_ID()&"`,
  `=OR(1,1)`,
  `\\\\"),TRUE(),("`,
];

// A caller whose name and message hold the hostile strings, to be found by them and nothing else.
const TRICKY: CallRecord = {
  callSid: callSid(0x3000),
  startedAt: new Date(NOW.getTime() - 5 * 86400_000),
  from: '+15125550177',
  callerName: `O'Brien "Bob" {From}`,
  choice: 'voicemail',
  callStatus: 'completed',
  durationSeconds: 30,
  recordingSid: 'RE' + (0x3000).toString(16).padStart(32, '0'),
  recordingSeconds: 20,
  recordingStatus: 'completed',
  transcriptionStatus: 'completed',
  transcript: 'Path is C:\\new\\table, say "hi" to Maria, =OR(1,1) ok',
};

/** The value a formula string literal stands for, as Airtable's grammar reads it. */
function literalValue(literal: string): unknown {
  const node = parseFormula(literal) as { kind: string; value?: unknown };
  expect(node.kind).toBe('literal');
  return node.value;
}

describe('stringLiteral', () => {
  it.each(HOSTILE)('reads back as exactly the text it was given: %p', (text) => {
    expect(literalValue(stringLiteral(text))).toBe(text);
  });

  it('escapes backslashes, double quotes and line breaks, and leaves the rest as it is', () => {
    expect(stringLiteral(`a\\b"c'd{e}\n\r\t`)).toBe(`"a\\\\b\\"c'd{e}\\n\\r\\t"`);
  });

  it('cannot be closed early: the formula around it stays one comparison', () => {
    for (const text of HOSTILE) {
      const node = parseFormula(containsText('transcript', text)) as { kind: string; op?: string };
      expect([text, node.kind, node.op]).toEqual([text, 'binary', '>']);
    }
  });
});

describe('feedFormula with a search', () => {
  it('looks in the name, the number and the transcript, ignoring case', () => {
    expect(feedFormula({ pageSize: 50, q: 'Maria' })).toBe(
      'OR(SEARCH(LOWER("Maria"),LOWER({Caller Name}))>0,SEARCH(LOWER("Maria"),LOWER({From}))>0,' +
        'SEARCH(LOWER("Maria"),LOWER({Transcript}))>0)',
    );
  });

  it('also looks for a typed number as digits in the number', () => {
    expect(feedFormula({ pageSize: 50, q: '(404) 555' })).toMatch(/,FIND\("404555",\{From\}\)>0\)$/);
  });
});

describe('/calls?q=', () => {
  let emulator: AirtableEmulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
    emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
    env = { AIRTABLE_TOKEN: 'patTest.secret', AIRTABLE_BASE_ID: BASE, AIRTABLE_ENDPOINT_URL: emulator.url, FEED_PASSWORD: PASSWORD };
    await seedCalls({ token: 'patTest.secret', baseId: BASE, table: 'Calls', endpointUrl: emulator.url }, [...FIXTURE, TRICKY]);
  });
  afterAll(() => emulator.close());

  const basic = { authorization: `Basic ${Buffer.from(`owner:${PASSWORD}`).toString('base64')}` };
  async function search(q: string, more: Record<string, string> = {}) {
    const answer = await invoke('calls', { request: { headers: basic, cookies: {} }, q, ...more }, env);
    return { status: answer.status, json: JSON.parse(answer.body) };
  }
  const found = async (q: string) => {
    const { status, json } = await search(q);
    expect([q, status]).toEqual([q, 200]);
    return (json.calls as { callSid: string }[]).map((call) => call.callSid);
  };
  const listRequests = () => emulator.requestLog.filter((entry) => entry.method === 'GET').length;

  it('finds a call by a word of its transcript, in any case', async () => {
    expect(await found('print SHOP')).toEqual([callSid(2)]);
    expect(await found('please call back')).toEqual([callSid(4)]);
  });

  it('finds calls by the caller name', async () => {
    expect(await found('acme')).toEqual([callSid(1), callSid(9)]);
    expect(await found('j smith')).toEqual([callSid(3)]);
  });

  it('finds calls by the number, typed as digits or as people write it', async () => {
    expect(await found('+4420')).toEqual([callSid(8)]);
    expect(await found('(404) 555-0101')).toEqual([callSid(1), callSid(9)]);
    expect(await found('9175550111')).toEqual([callSid(6)]);
  });

  it('finds text with quotes, backslashes, braces and formula syntax as text, and only where it is', async () => {
    expect(await found(`O'Brien`)).toEqual([TRICKY.callSid]);
    expect(await found(`"Bob" {From}`)).toEqual([TRICKY.callSid]);
    expect(await found('C:\\new\\table')).toEqual([TRICKY.callSid]);
    expect(await found('say "hi"')).toEqual([TRICKY.callSid]);
    expect(await found('=OR(1,1)')).toEqual([TRICKY.callSid]);
    // A line break in the box is a space: the words on either side are found together.
    expect(await found('say "hi"\nto maria')).toEqual([TRICKY.callSid]);
    for (const text of HOSTILE.filter((each) => each.trim().length >= 2)) {
      const { status, json } = await search(text);
      expect([text, status]).toEqual([text, 200]);
      // Formula syntax finds nothing it does not contain: none of them matches every call.
      expect([text, json.calls.length < FIXTURE.length]).toEqual([text, true]);
    }
  });

  it('combines with the other filters', async () => {
    const { json } = await search('acme', { outcome: 'answered', from: '2026-11-19T00:00:00Z' });
    expect(json.calls.map((call: { callSid: string }) => call.callSid)).toEqual([callSid(1)]);
  });

  it.each([
    ['a', 'one character'],
    [' b \n', 'one character once trimmed'],
    ['x'.repeat(101), '101 characters'],
    ['nul\u0000byte', 'a control character'],
  ])('answers 400 with a message, without asking Airtable, for %p (%s)', async (q) => {
    const before = listRequests();
    const { status, json } = await search(q);
    expect(status).toBe(400);
    expect(json.error).toBe('Search (q) takes 2 to 100 characters: a name, part of a number, or words of a message');
    expect(listRequests()).toBe(before);
  });

  it('takes 100 characters, counted as characters', async () => {
    expect((await search('é'.repeat(100))).status).toBe(200);
    expect((await search('📞'.repeat(100))).status).toBe(200);
  });
});
