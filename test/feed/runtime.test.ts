// The feed functions under the real local runtime in its production-like mode, a process
// per request: the JSON bodies arrive intact over HTTP, and the event is the runtime's own.
// (The voicemail's binary body does not survive this mode, twilio-labs/serverless-toolkit#421;
// npm start runs without it, and test/e2e plays a voicemail through that.)
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { feedCalls, seedCalls } from './calls-fixture';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ forkProcess: true });
  // /calls lists by start time and reads no clock: any fixed day serves.
  await seedCalls(stack.airtableConfig, feedCalls(new Date('2026-11-20T18:00:00Z')).map(({ call }) => call));
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

it('refuses a request parameter that would replace the headers, from the URL or a JSON body', async () => {
  const password = Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64');
  const forged = [
    fetch(`${stack.baseUrl}/calls?request[headers][authorization]=${encodeURIComponent(`Basic ${password}`)}`),
    fetch(`${stack.baseUrl}/calls?request=1`),
    fetch(`${stack.baseUrl}/recording`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ request: { headers: { authorization: `Basic ${password}` } }, sid: 'RE' + '0'.repeat(32) }),
    }),
  ];
  for (const response of await Promise.all(forged)) {
    expect(response.status).toBe(400);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await response.json()) as { error: string }).error).toMatch(/"request" is reserved/);
  }
});

it('answers 401 without a challenge that would pop the browser dialog', async () => {
  const response = await get('/calls', 'wrong password!');
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBeNull();
  expect(await response.json()).toEqual({ error: 'That password is not right.' });
});
