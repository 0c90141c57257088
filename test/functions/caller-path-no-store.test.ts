// Principle 1: the caller never waits on Airtable. Every TwiML step of a call, given a
// fully configured call log, makes no request to it.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { CALL_SID, invoke } from '../support/invoke';

const BASE = 'appTestCallLog001';
let emulator: AirtableEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  env = { AIRTABLE_TOKEN: 'patTest.secret', AIRTABLE_BASE_ID: BASE, AIRTABLE_ENDPOINT_URL: emulator.url, FORWARD_TO: '+15005550006' };
});
afterAll(() => emulator.close());
beforeEach(() => emulator.requestLog.splice(0));

const CALLER_STEPS: [string, Record<string, string>][] = [
  ['menu.protected', { CallSid: CALL_SID }],
  // With a caller's number /menu asks Twilio Sync for the blocklist (here no client answers): never the call log.
  ['menu.protected', { CallSid: CALL_SID, From: '+14155550123' }],
  ['menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: '+14155550123' }],
  ['menu-choice.protected', { CallSid: CALL_SID, Digits: '2' }],
  ['screen.protected', { CallSid: CALL_SID, conference: CALL_SID, caller: '+14155550123', line: '+15025550100' }],
  ['screen-result.protected', { CallSid: CALL_SID, Digits: '1', To: '+14155550199', conference: CALL_SID }],
  ['forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'no-answer', DialBridged: 'false' }],
  ['voicemail.protected', { CallSid: CALL_SID, choice: 'forward' }],
  ['voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '12' }],
];

it.each(CALLER_STEPS)('%s answers TwiML without a request to the call log', async (name, event) => {
  const answer = await invoke(name, event, env);
  expect(answer.status).toBe(200);
  expect(answer.headers['Content-Type']).toBe('text/xml');
  expect(emulator.requestLog).toEqual([]);
});

it('while a callback given the same configuration does write (the check above can fail)', async () => {
  const answer = await invoke('status.protected', { CallSid: CALL_SID, CallStatus: 'completed', CallDuration: '5' }, env);
  expect(answer.status).toBe(204);
  expect(emulator.requestLog.length).toBeGreaterThan(0);
});
