// The feed's sign-in: /session trades the password for a signed, expiring token, and every feed
// function takes that token (or the password) from the real request headers only.
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { invoke } from '../support/invoke';

const BASE = 'appTestSession001';
const PASSWORD = 'vQ3-hT8_zLm2Rk9wXa4Yp7Nc';
// Tokens are issued and checked at the time the request says (local runs only, lib/runtime/clock.ts).
const NOW = new Date('2026-11-20T18:00:00Z');
const at = (date: Date) => ({ 'x-simulated-time': date.toISOString() });
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const FEED_FUNCTIONS = ['calls', 'month', 'recording', 'changes', 'reconcile', 'alerts-due'];

let emulator: AirtableEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  env = {
    AIRTABLE_TOKEN: 'patTest.secret',
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: emulator.url,
    FEED_PASSWORD: PASSWORD,
    SIMULATED_TIME: 'allow',
  };
});
afterAll(() => emulator.close());
afterEach(() => jest.restoreAllMocks());

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(name: string, headers: Record<string, string>, vars = env, params: Record<string, unknown> = {}) {
  const answer = await invoke(name, { request: { headers, cookies: {} }, ...params }, vars);
  return { status: answer.status, json: answer.bytes ? undefined : (JSON.parse(answer.body) as Record<string, unknown>) };
}

async function signIn(when = NOW, vars = env): Promise<string> {
  const { status, json } = await call('session', { ...basic(PASSWORD), ...at(when) }, vars);
  expect(status).toBe(200);
  return json?.token as string;
}

describe('/session', () => {
  it('trades the password for a token that ends 12 hours later', async () => {
    const { status, json } = await call('session', { ...basic(PASSWORD), ...at(NOW) });
    expect(status).toBe(200);
    expect(json?.expiresAt).toBe('2026-11-21T06:00:00.000Z');
    expect(json?.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(JSON.parse(Buffer.from(String(json?.token).split('.')[0], 'base64url').toString())).toEqual({
      exp: Date.parse('2026-11-21T06:00:00Z') / 1000,
    });
  });

  it('answers a wrong or missing password as the feed does, with no token', async () => {
    expect(await call('session', basic(`${PASSWORD}x`))).toEqual({ status: 401, json: { error: 'That password is not right.' } });
    expect(await call('session', {})).toEqual({ status: 401, json: { error: 'Sign in with the feed password.' } });
  });

  it('takes no token: a session cannot extend itself', async () => {
    const token = await signIn();
    expect(await call('session', bearer(token))).toEqual({ status: 401, json: { error: 'Sign in with the feed password.' } });
  });

  it.each([
    ['the query string', { request: { headers: basic(PASSWORD) } }],
    ['a forged request with a Cookie header', { request: { headers: { ...basic(PASSWORD), cookie: 'a=b' }, cookies: { a: 'b' } } }],
    ['a parameter named authorization', { authorization: basic(PASSWORD).authorization }],
  ])('never reads the password from %s', async (_, params) => {
    const answer = await invoke('session', { request: { headers: {}, cookies: {} }, ...params }, env);
    expect([400, 401]).toContain(answer.status);
    expect(answer.body).not.toMatch(/token/);
  });
});

describe('a session token', () => {
  it.each(FEED_FUNCTIONS)('is taken by /%s like the password', async (name) => {
    const token = await signIn();
    const withPassword = await call(name, { ...basic(PASSWORD), ...at(NOW) });
    const withToken = await call(name, { ...bearer(token), ...at(NOW) });
    expect(withToken).toEqual(withPassword);
    expect(withToken.status).not.toBe(401);
  });

  it('lists the calls until the moment it ends, then asks to sign in again', async () => {
    const token = await signIn();
    expect((await call('calls', { ...bearer(token), ...at(later(12 * 3600 - 1)) })).status).toBe(200);
    for (const when of [later(12 * 3600), later(30 * 24 * 3600)]) {
      expect(await call('calls', { ...bearer(token), ...at(when) })).toEqual({
        status: 401,
        json: { error: 'Your session has ended; sign in again.' },
      });
    }
  });

  it.each([
    [
      'a later end written in',
      (token: string) => `${Buffer.from(JSON.stringify({ exp: 4102444800 })).toString('base64url')}.${token.split('.')[1]}`,
    ],
    ['a signature changed', (token: string) => `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`],
    ['no signature', (token: string) => token.split('.')[0]],
    ['a signature cut short', (token: string) => token.slice(0, -4)],
    ['a third part', (token: string) => `${token}.e30`],
  ])('is refused by every feed function with %s', async (_, tamper) => {
    const token = tamper(await signIn());
    for (const name of FEED_FUNCTIONS) {
      expect([name, await call(name, { ...bearer(token), ...at(NOW) })]).toEqual([
        name,
        { status: 401, json: { error: 'This session is not valid any more; sign in again.' } },
      ]);
    }
  });

  it('ends when the password changes', async () => {
    const token = await signIn();
    const rotated = { ...env, FEED_PASSWORD: 'N7q-Wd2_pXz8Lk4Rt6Ym3Hc' };
    expect((await call('calls', { ...bearer(token), ...at(NOW) }, rotated)).status).toBe(401);
    expect((await call('calls', { ...bearer(await signIn(NOW, { ...rotated, FEED_PASSWORD: PASSWORD })), ...at(NOW) })).status).toBe(200);
  });

  it('is never read from the query string or a forged request parameter', async () => {
    const token = await signIn();
    const signInFirst = { status: 401, json: { error: 'Sign in with the feed password.' } };
    expect(await call('calls', {}, env, { token })).toEqual(signInFirst);
    expect(await call('calls', {}, env, { authorization: `Bearer ${token}` })).toEqual(signInFirst);
    const forged = await invoke('calls', { request: { headers: bearer(token) } }, env);
    expect(forged.status).toBe(400);
  });

  it('never reaches the log, accepted or refused', async () => {
    const lines = [jest.spyOn(console, 'log'), jest.spyOn(console, 'error'), jest.spyOn(console, 'warn')].map((spy) =>
      spy.mockImplementation(() => undefined),
    );
    const token = await signIn();
    await call('calls', { ...bearer(token), ...at(NOW) });
    await call('calls', { ...bearer(`${token}x`), ...at(NOW) });
    await call('calls', { ...bearer(token), ...at(later(13 * 3600)) });
    await call('changes', { ...bearer(token), ...at(NOW) }, { ...env, TWILIO_NUMBER: 'not a number' });
    const logged = lines
      .flatMap((spy) => spy.mock.calls.flat())
      .map(String)
      .join('\n');
    expect(logged).not.toContain(token.split('.')[1]);
    expect(logged).not.toContain(PASSWORD);
  });
});

describe('a weak FEED_PASSWORD', () => {
  it.each([
    ['password1234', /FEED_PASSWORD must be at least 20 characters long \(it has 12\)/],
    ['local-feed-password', /FEED_PASSWORD must be at least 20 characters long \(it has 19\)/],
    ['password1234password1234', /FEED_PASSWORD must use at least 12 different characters \(it has 11\)/],
    ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1', /FEED_PASSWORD must use at least 12 different characters \(it has 2\)/],
  ])('%s: /session and every feed function refuse to run, naming the variable in the log', async (password, logged) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const vars = { ...env, FEED_PASSWORD: password };
    for (const name of ['session', ...FEED_FUNCTIONS]) {
      expect([name, await call(name, basic(password), vars)]).toEqual([
        name,
        { status: 503, json: { error: 'Not configured: FEED_PASSWORD. The function log says what to fix.' } },
      ]);
    }
    const log = errors.mock.calls.flat().join('\n');
    expect(log).toMatch(logged);
    expect(log).not.toContain(password);
  });
});
