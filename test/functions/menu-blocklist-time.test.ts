// What the blocklist adds to /menu, measured against the Sync stand-in holding 1,000 blocked
// numbers: one Sync request per call, whatever the list's length, and the time it takes
// (printed; the bound is the look-up's own deadline, 800 ms). The stand-in answers on this
// machine, so the figures are the function's own work plus a local round trip; Twilio's Sync
// adds its network time, which the deadline caps.
import twilio from 'twilio';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { type SyncClient, setBlocked } from '../../functions/lib/blocklist/sync-blocklist';
import { CALL_SID, find, invoke } from '../support/invoke';

const ACCOUNT = `AC${'c'.repeat(32)}`;
const TOKEN = 'bench-token';
const BLOCKED_NUMBERS = 1000;
const RUNS = 40;
const blockedNumber = (i: number) => `+1404555${String(i).padStart(4, '0')}`;

let standIn: MediaStandIn;
let client: ReturnType<typeof twilio>;
let env: Record<string, string>;

beforeAll(async () => {
  standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
  client = twilio(ACCOUNT, TOKEN);
  env = { TWILIO_API_BASE_URL: standIn.url, FORWARD_TO: '+15005550006' };
  client.sync.baseUrl = standIn.url;
  for (let i = 0; i < BLOCKED_NUMBERS; i++) await setBlocked(client as unknown as SyncClient, blockedNumber(i), true, new Date(0));
}, 60000);
afterAll(() => standIn.close());

const menu = (from?: string) => invoke('menu.protected', { CallSid: CALL_SID, ...(from ? { From: from } : {}) }, env, client);

async function median(from: string | undefined): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await menu(from);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
}

it(`answers in one Sync request with ${BLOCKED_NUMBERS} numbers blocked, within the deadline`, async () => {
  // The first look-up loads the SDK's Sync domain: measured apart, as a cold start would pay it.
  const coldStart = process.hrtime.bigint();
  await menu('+14155550100');
  const cold = Number(process.hrtime.bigint() - coldStart) / 1e6;

  const before = standIn.syncRequests();
  const blocked = await menu(blockedNumber(BLOCKED_NUMBERS - 1));
  const allowed = await menu('+14155550101');
  expect(standIn.syncRequests() - before).toBe(2);
  expect(find(blocked.twiml(), 'Reject')).toBeDefined();
  expect(find(allowed.twiml(), 'Gather')).toBeDefined();

  const withoutLookUp = await median(undefined);
  const blockedMs = await median(blockedNumber(500));
  const allowedMs = await median('+14155550102');
  console.log(
    `/menu with ${BLOCKED_NUMBERS} numbers blocked (median of ${RUNS}): no look-up ${withoutLookUp.toFixed(1)} ms, ` +
      `blocked caller ${blockedMs.toFixed(1)} ms, caller not blocked ${allowedMs.toFixed(1)} ms ` +
      `(added ${(allowedMs - withoutLookUp).toFixed(1)} ms); first look-up ${cold.toFixed(1)} ms`,
  );
  expect(allowedMs).toBeLessThan(800);
  expect(blockedMs).toBeLessThan(800);
});

it('lets the call through when Sync is down, and logs why', async () => {
  standIn.setSyncUnavailable(true);
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => lines.push(line));
  try {
    const answer = await menu(blockedNumber(1));
    expect(find(answer.twiml(), 'Gather')).toBeDefined();
    expect(lines.join('\n')).toMatch(/blocklist not read \(.*\); the call goes through/);
  } finally {
    spy.mockRestore();
    standIn.setSyncUnavailable(false);
  }
});

it('lets the call through when the context has no Twilio client', async () => {
  const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const answer = await invoke('menu.protected', { CallSid: CALL_SID, From: blockedNumber(1) }, env, undefined);
    expect(find(answer.twiml(), 'Gather')).toBeDefined();
  } finally {
    spy.mockRestore();
  }
});
