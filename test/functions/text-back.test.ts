// The caller's text-back against the REST and Sync stand-in, through the real twilio client: one
// text per number per day, claimed at Sync; none for a number blocked since it called, when Sync
// cannot answer, or for calls that owe none; a refused text gives its claim back so the retry sends.
import twilio from 'twilio';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { owesTextBack, sendTextBack, type TextBackConfig } from '../../functions/lib/alerts/text-back';
import { type SyncClient, setBlocked } from '../../functions/lib/blocklist/sync-blocklist';
import { AlertError } from '../../functions/lib/boundary/errors';
import type { CallRecord } from '../../functions/lib/calls/record';
import { CALL_SID } from '../support/invoke';

const ACCOUNT = `AC${'d'.repeat(32)}`;
const TOKEN = 'text-back-token';
const LINE = '+15025550100';
const CONFIG: TextBackConfig = { body: 'Sorry we missed you.', timeZone: 'America/New_York' };
// 03:00 UTC on the 4th is still the 3rd in New York: the claim is the business's day.
const AT = new Date('2030-06-04T03:00:00Z');

let standIn: MediaStandIn;
let client: SyncClient;
const log: string[] = [];

beforeAll(async () => {
  standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
  // The stand-in, like Twilio, sends only from the account's own numbers: those its calls came in on.
  const time = AT.toUTCString().replace('GMT', '+0000');
  standIn.addCallRecords({
    calls: [
      {
        sid: CALL_SID,
        direction: 'inbound',
        from: '+14045550140',
        to: LINE,
        status: 'completed',
        startTime: time,
        endTime: time,
        durationSeconds: 5,
      },
    ],
    recordings: [],
    transcriptions: [],
  });
  const sdk = twilio(ACCOUNT, TOKEN);
  sdk.api.baseUrl = standIn.url;
  sdk.sync.baseUrl = standIn.url;
  client = sdk as unknown as SyncClient;
});
afterAll(() => standIn.close());

const missed = (from: string, extra: Partial<CallRecord> = {}): CallRecord => ({
  callSid: CALL_SID,
  from,
  to: LINE,
  startedAt: AT,
  callStatus: 'completed',
  choice: 'forward',
  forwardStatus: 'no-answer',
  recordingStatus: 'absent',
  recordingSeconds: 0,
  ...extra,
});
const send = (call: CallRecord, now = AT) =>
  sendTextBack(
    () => client,
    CONFIG,
    call,
    now,
    (line) => log.push(line),
  );
const textsTo = (number: string) => standIn.messages().filter((m) => m.to === number);

it('sends one text from the line, once per number per business day', async () => {
  const caller = '+14045550141';
  expect(await send(missed(caller))).toBe('sent');
  expect(await send(missed(caller, { recordingSeconds: 12, recordingStatus: 'completed', recordingSid: `RE${'1'.repeat(32)}` }))).toBe(
    'already-sent',
  );
  expect(textsTo(caller)).toEqual([expect.objectContaining({ from: LINE, body: 'Sorry we missed you.' })]);
  // Later callbacks read by another clock still claim the day the call came.
  expect(await send(missed(caller), new Date('2030-06-09T12:00:00Z'))).toBe('already-sent');
  expect(await send(missed(caller, { startedAt: new Date('2030-06-04T05:00:00Z') }))).toBe('sent');
  expect(textsTo(caller)).toHaveLength(2);
});

it('sends nothing to a number blocked since it called', async () => {
  const caller = '+14045550142';
  await setBlocked(client, caller, true, AT);
  expect(await send(missed(caller))).toBe('blocked');
  expect(textsTo(caller)).toEqual([]);
});

it('sends nothing when Sync cannot answer, and says so in the log', async () => {
  const caller = '+14045550143';
  standIn.setSyncUnavailable(true);
  try {
    expect(await send(missed(caller))).toBe('no-claim');
  } finally {
    standIn.setSyncUnavailable(false);
  }
  expect(textsTo(caller)).toEqual([]);
  expect(log.join('\n')).toMatch(/blocklist not read/);
});

it('gives its claim back when Twilio refuses the text, so the retry sends it', async () => {
  const caller = '+14045550144';
  standIn.failNextMessages(1);
  await expect(send(missed(caller))).rejects.toBeInstanceOf(AlertError);
  expect(await send(missed(caller))).toBe('sent');
  expect(textsTo(caller)).toHaveLength(1);
});

it.each<[string, CallRecord]>([
  ['an answered call', missed('+14045550145', { forwardStatus: 'answered' })],
  ['a blocked call', { callSid: CALL_SID, from: '+14045550146', to: LINE, callStatus: 'no-answer', choice: 'blocked' }],
  ['a withheld number', missed('anonymous')],
  ['a number spelled ANONYMOUS', missed('+266696687')],
  ['a call still going on', missed('+14045550147', { callStatus: undefined })],
  ['a caller who hung up in the menu', { callSid: CALL_SID, from: '+14045550148', to: LINE, callStatus: 'completed' }],
])('owes nothing after %s', async (_, call) => {
  expect(owesTextBack(call)).toBe(false);
  expect(await send(call)).toBe('not-owed');
});
