// The feed functions under the real local runtime in its production-like mode, a process
// per request: the JSON bodies arrive intact over HTTP, and the event is the runtime's own.
// (The voicemail's binary body does not survive this mode, twilio-labs/serverless-toolkit#421;
// npm start runs without it, and test/e2e plays a voicemail through that.)
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { callSid, feedCalls, seedCalls } from './calls-fixture';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ forkProcess: true });
  // /calls lists by start time and reads no clock: any fixed day serves.
  await seedCalls(
    stack.airtableConfig,
    feedCalls(new Date('2026-11-20T18:00:00Z')).map(({ call }) => call),
  );
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

// Each probe puts the password where only the runtime's own headers may carry it, shaped as the
// runtime shapes them: a Cookie header with the cookies it parses to, from the URL or a JSON body.
const FEED_FUNCTIONS = ['/calls', '/month', '/recording', '/changes', '/reconcile', '/alerts-due', '/handled', '/note', '/call-back'];

function forgedProbes(basic: string): { name: string; init: (path: string) => [string, RequestInit] }[] {
  const json = (request: object) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ request }),
  });
  return [
    { name: 'query, headers only', init: (path) => [`${path}?request[headers][authorization]=${encodeURIComponent(basic)}`, {}] },
    {
      name: 'query, a Cookie header and its cookies',
      init: (path) => [
        `${path}?request[headers][authorization]=${encodeURIComponent(basic)}&request[headers][cookie]=a%3Db&request[cookies][a]=b`,
        {},
      ],
    },
    { name: 'query, not an object', init: (path) => [`${path}?request=1`, {}] },
    { name: 'JSON body, headers only', init: (path) => [path, json({ headers: { authorization: basic } })] },
    {
      name: 'JSON body, a Cookie header and its cookies',
      init: (path) => [path, json({ headers: { authorization: basic, cookie: 'a=b' }, cookies: { a: 'b' } })],
    },
  ];
}

it.each(FEED_FUNCTIONS)('%s refuses a request parameter that would replace the headers, from the URL or a JSON body', async (path) => {
  const basic = `Basic ${Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64')}`;
  for (const probe of forgedProbes(basic)) {
    const [url, init] = probe.init(path);
    const response = await fetch(`${stack.baseUrl}${url}`, init);
    expect({ probe: probe.name, status: response.status }).toEqual({ probe: probe.name, status: 400 });
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await response.json()) as { error: string }).error).toMatch(/"request"/);
  }
});

it('takes the inbox edits as the page sends them, JSON bodies with a boolean and text', async () => {
  const post = (path: string, body: object) =>
    fetch(`${stack.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  const done = await post('/handled', { callSid: callSid(1), handled: true });
  expect(done.status).toBe(200);
  expect(((await done.json()) as { call: { handledAt: unknown } }).call.handledAt).toEqual(expect.any(String));
  const noted = await post('/note', { callSid: callSid(1), note: 'Line one\nLine "two"', base: '' });
  expect(((await noted.json()) as { call: { note: unknown } }).call.note).toBe('Line one\nLine "two"');
});

it('refuses the feed password sent with cookies, which the feed never sets', async () => {
  const response = await fetch(`${stack.baseUrl}/calls`, {
    headers: { Authorization: `Basic ${Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64')}`, Cookie: 'a=b' },
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { error: string }).error).toMatch(/takes no cookies/);
});

it('answers 401 without a challenge that would pop the browser dialog', async () => {
  const response = await get('/calls', 'wrong password!');
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBeNull();
  expect(await response.json()).toEqual({ error: 'That password is not right.' });
});
