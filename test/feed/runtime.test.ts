// The feed functions under the real local runtime in its production-like mode, a process
// per request: the JSON bodies (including the base64 audio) arrive intact over HTTP.
import { toneWav } from '../../emulators/twilio/wav';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { feedCalls, recordingSid, seedCalls } from './calls-fixture';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ forkProcess: true });
  await seedCalls(stack.airtableConfig, feedCalls(new Date()).map(({ call }) => call));
  stack.media.register(recordingSid(2), 2);
}, 90_000);
afterAll(() => stack?.stop());

const get = (path: string, password = stack.env.FEED_PASSWORD) =>
  fetch(`${stack.baseUrl}${path}`, { headers: { Authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` } });

it('serves a page of calls as JSON', async () => {
  const response = await get('/calls?pageSize=3');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { calls: unknown[]; next: string };
  expect(body.calls).toHaveLength(3);
  expect(typeof body.next).toBe('string');
});

it('delivers voicemail audio byte for byte', async () => {
  const response = await get(`/recording?sid=${recordingSid(2)}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { audioBase64: string };
  expect(Buffer.from(body.audioBase64, 'base64').equals(toneWav(2))).toBe(true);
});

it('answers 401 without a challenge that would pop the browser dialog', async () => {
  const response = await get('/calls', 'wrong password!');
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBeNull();
  expect(await response.json()).toEqual({ error: 'That password is not right.' });
});
