// The feed's /reconcile and /changes: closed without the feed password, and their window checked,
// before anything is read from Twilio or Airtable.
import { startAirtableEmulator, type AirtableEmulator } from '../../emulators/airtable';
import { startMediaStandIn, type MediaStandIn } from '../../emulators/twilio';
import { TABLE_FIELDS } from '../../functions/lib/call-record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/clock';
import { invoke } from '../support/invoke';
import { missedThenVoicemail } from '../support/twilio-history';

const PASSWORD = 'correct horse battery';
const BASE = 'appTestReconcile1';
const ACCOUNT_SID = 'AC' + '34'.repeat(16);
let emulator: AirtableEmulator;
let media: MediaStandIn;
let env: Record<string, string>;
// The Functions' now, given in the header the local runtime lets stand for it (lib/clock.ts).
const NOW = new Date('2026-11-23T15:00:00Z');
const before = (ms: number) => new Date(NOW.getTime() - ms);

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });
const call = async (name: string, query: Record<string, string>, headers: Record<string, string>, vars = env) => {
  const answer = await invoke(name, { request: { headers: { ...headers, [SIMULATED_TIME_HEADER]: NOW.toISOString() }, cookies: {} }, ...query }, vars);
  return { status: answer.status, json: JSON.parse(answer.body) as { error?: string } };
};

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0 });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  media = await startMediaStandIn({ port: 0, accountSid: ACCOUNT_SID, authToken: 'token' });
  env = {
    FEED_PASSWORD: PASSWORD, AIRTABLE_TOKEN: 'patAny', AIRTABLE_BASE_ID: BASE, AIRTABLE_ENDPOINT_URL: emulator.url,
    ACCOUNT_SID, AUTH_TOKEN: 'token', TWILIO_API_BASE_URL: media.url, SIMULATED_TIME: 'allow',
  };
});
afterAll(async () => {
  await emulator.close();
  await media.close();
});

describe.each(['reconcile', 'changes'])('/%s', (name) => {
  it('answers 401 without the feed password, 503 without a configured one, and reads nothing', async () => {
    const [twilioBefore, airtableBefore] = [media.restRequests(), emulator.requestLog.length];
    expect((await call(name, {}, {})).status).toBe(401);
    expect((await call(name, {}, basic('not the password'))).status).toBe(401);
    expect((await call(name, {}, basic(PASSWORD), { ...env, FEED_PASSWORD: '' })).status).toBe(503);
    expect(media.restRequests()).toBe(twilioBefore);
    expect(emulator.requestLog.length).toBe(airtableBefore);
  });

  it.each([
    [{ since: 'yesterday' }, /since must be a date and time/],
    [{ since: before(7 * 86_400_000 + 1000).toISOString() }, /within the last 7 days/],
    [{ since: before(-1000).toISOString() }, /future/],
    [{ cursor: 'x' }, /Unknown parameter "cursor"/],
  ])('answers 400 for %j', async (query, message) => {
    const answer = await call(name, query, basic(PASSWORD));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toMatch(message);
  });

  it('answers 502 with a sentence when Twilio cannot be read', async () => {
    const answer = await call(name, {}, basic(PASSWORD), { ...env, AUTH_TOKEN: 'wrong' });
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatch(/^Twilio's call records could not be read/);
  });
});

describe('/reconcile', () => {
  it('reports calls Airtable refused as failed, not as more to do at once', async () => {
    media.addCallRecords(missedThenVoicemail(1, '+15025550177', 0x7100, before(60_000)));
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // Every write refused (a field the table lacks would be refused the same way next time).
    emulator.injectFault({ status: 422, count: 1000, method: 'PATCH' });
    try {
      const answer = await call('reconcile', { since: before(3_600_000).toISOString() }, basic(PASSWORD));
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ failed: 1, more: false });
    } finally {
      emulator.clearFaults();
      jest.restoreAllMocks();
    }
  });
});
