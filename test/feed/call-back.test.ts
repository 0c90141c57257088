// The owner's call back, /call-back, against the Airtable emulator and the REST stand-in through
// the real clients: closed without a session, refusing what must never be dialled, and a call back
// that rings the owner's phone from the business number, then the caller with the business number
// as caller ID, logged as an outbound row linked to the call it answers, which becomes handled.
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'fs';
import { join } from 'path';
import twilio from 'twilio';
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { type CallRecord, COLUMNS, TABLE_FIELDS } from '../../functions/lib/calls/record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import type { AirtableConfig } from '../../functions/lib/store/settings';
import { recordCallFacts } from '../../functions/lib/store/writes';
import { eventually } from '../browser/browser';
import { invoke } from '../support/invoke';

const PASSWORD = 'correct horse battery staple';
const BASE = 'appTestCallBack01';
const OLD_BASE = 'appTestCallBackO1';
const ACCOUNT = 'AC' + 'd'.repeat(32);
const TOKEN = 'd'.repeat(32);
const BUSINESS = '+15025550100';
const OWNER_PHONES = ['+15005550006', '+14155550199'];
const NOW = new Date('2026-11-24T16:00:00Z');

const sid = (n: number) => 'CA' + n.toString(16).padStart(32, '0');
const CALLS: Record<string, CallRecord> = {
  ordinary: { callSid: sid(1), from: '+13125550142', to: BUSINESS, choice: 'voicemail', callStatus: 'completed' },
  premiumUs: { callSid: sid(2), from: '+19005550123', to: BUSINESS, callStatus: 'completed' },
  premiumUsOld: { callSid: sid(3), from: '+19765550123', to: BUSINESS, callStatus: 'completed' },
  premiumUk: { callSid: sid(4), from: '+449012345678', to: BUSINESS, callStatus: 'completed' },
  shortCode: { callSid: sid(5), from: '72345', to: BUSINESS, callStatus: 'completed' },
  withheld: { callSid: sid(6), from: 'anonymous', to: BUSINESS, callStatus: 'completed' },
  anonymousNumber: { callSid: sid(7), from: '+266696687', to: BUSINESS, callStatus: 'completed' },
  noNumber: { callSid: sid(8), to: BUSINESS, callStatus: 'completed' },
  notE164: { callSid: sid(9), from: '3125550142', to: BUSINESS, callStatus: 'completed' },
};

// The answers are held to assets/openapi.json's component schemas (their $refs resolved together).
const { components } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'assets', 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true, formats: { 'date-time': true } });
ajv.addSchema({
  $id: 'openapi',
  $defs: JSON.parse(JSON.stringify(components.schemas).replaceAll('#/components/schemas/', 'openapi#/$defs/')),
});
const expectValid = (name: string, value: unknown) => {
  const validate = ajv.getSchema(`openapi#/$defs/${name}`)!;
  expect([validate(value), validate.errors ?? null]).toEqual([true, null]);
};

let emulator: AirtableEmulator;
let rest: MediaStandIn;
let env: Record<string, string>;
const config = (baseId: string): AirtableConfig => ({ token: 'patAny', baseId, table: 'Calls', endpointUrl: emulator.url });

beforeAll(async () => {
  rest = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
  // The business number is the account's: a call came in on it.
  rest.addCallRecords({
    calls: [
      {
        sid: sid(1),
        direction: 'inbound',
        from: CALLS.ordinary.from!,
        to: BUSINESS,
        status: 'completed',
        startTime: 'Tue, 24 Nov 2026 15:00:00 +0000',
        endTime: 'Tue, 24 Nov 2026 15:01:00 +0000',
        durationSeconds: 60,
      },
    ],
    recordings: [],
    transcriptions: [],
  });
  emulator = await startAirtableEmulator({ port: 0 });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  // A table made before the call back: no Call Back Of.
  emulator.createTable(OLD_BASE, { name: 'Calls', fields: TABLE_FIELDS.filter((field) => field.name !== COLUMNS.callBackOf.name) });
  for (const call of Object.values(CALLS)) {
    await recordCallFacts(config(BASE), call);
    await recordCallFacts(config(OLD_BASE), call);
  }
  env = {
    FEED_PASSWORD: PASSWORD,
    AIRTABLE_TOKEN: 'patAny',
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: emulator.url,
    TWILIO_API_BASE_URL: rest.url,
    TWILIO_NUMBER: BUSINESS,
    FORWARD_TO: OWNER_PHONES.join(', '),
    SIMULATED_TIME: 'allow',
  };
});
afterAll(() => Promise.all([emulator.close(), rest.close()]));

const basic = { authorization: `Basic ${Buffer.from(`owner:${PASSWORD}`).toString('base64')}` };
const at = { [SIMULATED_TIME_HEADER]: NOW.toISOString() };

async function callBack(body: Record<string, unknown>, headers: Record<string, string> = basic, vars = env) {
  const answer = await invoke(
    'call-back',
    { request: { headers: { ...headers, ...at }, cookies: {} }, ...body },
    vars,
    twilio(ACCOUNT, TOKEN),
  );
  return { status: answer.status, json: JSON.parse(answer.body) };
}

const rowsOf = (baseId: string, callSid: string) =>
  emulator
    .records(baseId, 'Calls')
    .filter((record) => record.fields['Call SID'] === callSid)
    .map((record) => record.fields);
const legsTo = (number: string) => rest.calls().filter((call) => call.to === number);

describe('/call-back refuses', () => {
  it('without a session or with a wrong password, before reading anything', async () => {
    const before = emulator.requestLog.length;
    expect((await callBack({ callSid: sid(1), ownerPhone: OWNER_PHONES[0] }, {})).status).toBe(401);
    const wrong = { authorization: `Basic ${Buffer.from('owner:not the password at all!!').toString('base64')}` };
    expect((await callBack({ callSid: sid(1), ownerPhone: OWNER_PHONES[0] }, wrong)).status).toBe(401);
    expect((await callBack({}, {})).status).toBe(401);
    expect(emulator.requestLog.length).toBe(before);
    expect(legsTo(OWNER_PHONES[0])).toEqual([]);
  });

  it.each([
    [{ callSid: 'CA123', ownerPhone: OWNER_PHONES[0] }, /^callSid must be CA/],
    [{ callSid: sid(1) }, /^ownerPhone must be a phone number/],
    [
      { callSid: sid(1), ownerPhone: '+14045550111' },
      /^ownerPhone must be one of the line's phones \(FORWARD_TO\): \+15005550006, \+14155550199$/,
    ],
    [{ callSid: sid(1), ownerPhone: OWNER_PHONES[0], to: '+19005550000' }, /^Unknown parameter "to"/],
  ])('a malformed request %j', async (body, message) => {
    const answer = await callBack(body);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
  });

  it.each([
    ['premiumUs', /is a premium-rate number/],
    ['premiumUsOld', /is a premium-rate number/],
    ['premiumUk', /is a premium-rate number/],
    ['shortCode', /^72345 is a short code/],
    ['withheld', /withheld their number/],
    ['anonymousNumber', /withheld their number/],
    ['noNumber', /withheld their number/],
    ['notE164', /not a phone number in E\.164 form/],
  ])('a caller that must not be called back: %s', async (name, message) => {
    const answer = await callBack({ callSid: CALLS[name].callSid, ownerPhone: OWNER_PHONES[0] });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
    expectValid('Error', answer.json);
    expect(rowsOf(BASE, CALLS[name].callSid)[0]['Handled At']).toBeUndefined();
  });

  it('a call the log does not hold', async () => {
    const answer = await callBack({ callSid: sid(0xdead), ownerPhone: OWNER_PHONES[0] });
    expect(answer).toEqual({ status: 404, json: { error: 'This call is not in the call log.' } });
  });

  it('with no dialling of anything, for every refusal above', () => {
    expect(rest.calls().filter((call) => call.direction !== 'inbound')).toEqual([]);
  });
});

describe('/call-back', () => {
  it("lists the owner's phones, and nothing else of the configuration", async () => {
    const answer = await callBack({});
    expect(answer).toEqual({ status: 200, json: { phones: OWNER_PHONES } });
    expectValid('OwnerPhones', answer.json);
  });

  it("rings the owner's phone from the business number, then the caller with the business number as caller ID", async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const answer = await callBack({ callSid: sid(1), ownerPhone: OWNER_PHONES[1] });
    expect(answer.status).toBe(200);
    expectValid('CallBackStarted', answer.json);
    const callBackSid = answer.json.callBack.callSid;
    expect(answer.json.callBack).toEqual({
      callSid: expect.stringMatching(/^CA[0-9a-f]{32}$/),
      ownerPhone: OWNER_PHONES[1],
      caller: '+13125550142',
      logged: true,
    });

    // The owner's leg first: a REST call to their phone from the business number, answered.
    await eventually(() => expect(legsTo('+13125550142').filter((call) => call.direction === 'outbound-dial')).toHaveLength(1));
    const owner = rest.calls().find((call) => call.sid === callBackSid)!;
    expect(owner).toMatchObject({ direction: 'outbound-api', from: BUSINESS, to: OWNER_PHONES[1], status: 'in-progress' });
    // Then the caller's, dialled from the owner's call with the business number as caller ID.
    const caller = legsTo('+13125550142').find((call) => call.direction === 'outbound-dial')!;
    expect(caller).toMatchObject({ parentCallSid: callBackSid, from: BUSINESS, to: '+13125550142' });
    expect(rest.callProblems()).toEqual([]);
    expect(legsTo(OWNER_PHONES[0])).toEqual([]);

    // Logged, as an outbound row linked to the call it answers, which is now handled.
    expect(rowsOf(BASE, callBackSid)).toEqual([
      expect.objectContaining({
        From: BUSINESS,
        To: '+13125550142',
        'Call Back Of': sid(1),
        'Started At': NOW.toISOString(),
        'Handled At': NOW.toISOString(),
      }),
    ]);
    expect(rowsOf(BASE, sid(1))[0]['Handled At']).toBe(NOW.toISOString());
    expect(answer.json.call).toMatchObject({ callSid: sid(1), handledAt: NOW.toISOString(), callBackOf: null });
    expect(log.mock.calls.flat().join('\n')).toContain(`call back of ${sid(1)}: ${callBackSid} rings ${OWNER_PHONES[1]}`);
    expect(log.mock.calls.flat().join('\n')).not.toContain(PASSWORD);

    // The call back's row lists as a call back to the caller.
    const list = await invoke('calls', { request: { headers: basic, cookies: {} } }, env);
    const listed = (JSON.parse(list.body).calls as { callSid: string }[]).find((call) => call.callSid === callBackSid);
    expect(listed).toMatchObject({ callBackOf: sid(1), caller: { number: '+13125550142' } });
  });

  it('on a table without the Call Back Of field: rings all the same, marks the call handled, writes no row', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const answer = await callBack({ callSid: sid(1), ownerPhone: OWNER_PHONES[0] }, basic, { ...env, AIRTABLE_BASE_ID: OLD_BASE });
    expect(answer.status).toBe(200);
    expect(answer.json.callBack).toMatchObject({ ownerPhone: OWNER_PHONES[0], logged: false });
    expect(rest.calls().find((call) => call.sid === answer.json.callBack.callSid)).toMatchObject({ from: BUSINESS, to: OWNER_PHONES[0] });
    expect(rowsOf(OLD_BASE, answer.json.callBack.callSid)).toEqual([]);
    expect(rowsOf(OLD_BASE, sid(1))[0]['Handled At']).toBe(NOW.toISOString());
    expect(warn.mock.calls.flat().join('\n')).toContain('has no "Call Back Of" field');
  });
});
