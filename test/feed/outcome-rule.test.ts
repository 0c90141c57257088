// The outcome rule exists twice: outcomeOf() labels a row on the page, and the Airtable
// formula filters the table. A call must be found under the filter of the label it shows.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { OUTCOMES, outcomeOf } from '../../functions/lib/calls/outcome';
import { type CallRecord, TABLE_FIELDS } from '../../functions/lib/calls/record';
import { OUTCOME_FORMULAS } from '../../functions/lib/store/formula';
import { listCalls } from '../../functions/lib/store/list';
import { callSid, recordingSid, seedCalls } from './calls-fixture';

const BASE = 'appTestOutcomes01';
let emulator: AirtableEmulator;
const config = () => ({ token: 'patTest.secret', baseId: BASE, table: 'Calls', endpointUrl: emulator.url });

const recordings: Partial<CallRecord>[] = [
  {},
  { recordingSeconds: 0, recordingStatus: 'absent' },
  { recordingSeconds: 14, recordingStatus: 'completed' },
  { recordingStatus: 'completed' }, // duration not reported yet
  { recordingStatus: 'failed' },
  { recordingSeconds: 0, recordingStatus: 'completed' },
];

function everyCombination(): CallRecord[] {
  const calls: CallRecord[] = [];
  for (const choice of [undefined, 'forward', 'voicemail', 'closed', 'blocked'] as const) {
    for (const forwardStatus of [undefined, 'answered', 'not-accepted', 'no-answer'] as const) {
      for (const forwardedTo of [undefined, '+15005550006']) {
        for (const recording of recordings) {
          const n = calls.length + 1;
          const withSid = Object.keys(recording).length > 0 ? { recordingSid: recordingSid(n) } : {};
          calls.push({
            callSid: callSid(n),
            startedAt: new Date(Date.UTC(2026, 10, 20, 0, 0, n)),
            choice,
            forwardStatus,
            forwardedTo,
            ...withSid,
            ...recording,
          });
        }
      }
    }
  }
  return calls;
}

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0 });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
});
afterAll(() => emulator.close());

it('finds every call under the filter of the outcome it is labelled with, and under no other', async () => {
  const calls = everyCombination();
  await seedCalls(config(), calls);
  for (const outcome of OUTCOMES) {
    const page = await listCalls(config(), { pageSize: 100, filterByFormula: OUTCOME_FORMULAS[outcome], fields: ['choice'] });
    const expected = calls.filter((call) => outcomeOf(call) === outcome).map((call) => call.callSid);
    expect(expected.length).toBeGreaterThan(0);
    expect(page.calls.map((call) => call.callSid).sort()).toEqual(expected.sort());
  }
});
