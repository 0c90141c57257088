// The voicemail audio function against the simulator's stand-in for Twilio's media host.
import { startMediaStandIn, type MediaStandIn } from '../../emulators/twilio';
import { toneWav } from '../../emulators/twilio/wav';
import { invoke } from '../support/invoke';
import { recordingSid } from './calls-fixture';

const PASSWORD = 'correct horse battery';
const ACCOUNT_SID = 'AC' + 'ab'.repeat(16);
const AUTH_TOKEN = 'the-account-auth-token';
const SID = recordingSid(2);

let media: MediaStandIn;
let env: Record<string, string>;

beforeAll(async () => {
  media = await startMediaStandIn({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  media.register(SID, 3);
  env = { FEED_PASSWORD: PASSWORD, ACCOUNT_SID, AUTH_TOKEN, TWILIO_API_BASE_URL: media.url };
});
afterAll(() => media.close());
afterEach(() => {
  media.setRequireAuth(true);
  jest.restoreAllMocks();
});

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });

async function fetchAudio(query: Record<string, string>, headers: Record<string, string> = basic(PASSWORD), vars = env) {
  const answer = await invoke('recording', { request: { headers, cookies: {} }, ...query }, vars);
  return { ...answer, json: JSON.parse(answer.body) };
}

describe('/recording', () => {
  it.each([true, false])('delivers the voicemail audio whether or not media auth is enforced (%p)', async (enforced) => {
    media.setRequireAuth(enforced);
    const { status, json, headers } = await fetchAudio({ sid: SID });
    expect(status).toBe(200);
    expect(headers['Cache-Control']).toBe('no-store');
    expect(json.recordingSid).toBe(SID);
    expect(json.contentType).toMatch(/^audio\//);
    expect(Buffer.from(json.audioBase64, 'base64').equals(toneWav(3))).toBe(true);
  });

  it('sends nothing, and never contacts Twilio, without the feed password', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    for (const headers of [{}, basic('wrong password!!')]) {
      const { status, json, body } = await fetchAudio({ sid: SID }, headers);
      expect(status).toBe(401);
      expect(json.error).toBeTruthy();
      expect(body).not.toContain('audioBase64');
    }
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('fails closed when FEED_PASSWORD is unset', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status } = await fetchAudio({ sid: SID }, basic(''), { ...env, FEED_PASSWORD: '' });
    expect(status).toBe(503);
  });

  it.each(['', 'RE123', `${SID}/../../Calls`, 'https://evil.example/x.wav', `${SID}.mp3`])(
    'answers 400 for the recording SID %p, without fetching anything',
    async (sid) => {
      const fetchSpy = jest.spyOn(globalThis, 'fetch');
      const { status, json } = await fetchAudio({ sid });
      expect(status).toBe(400);
      expect(json.error).toMatch(/sid/);
      expect(fetchSpy).not.toHaveBeenCalled();
    },
  );

  it('fetches only from the configured media host, ignoring any URL in the request', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    await fetchAudio({ sid: SID, url: 'https://evil.example/steal' });
    expect(fetchSpy.mock.calls.map(([url]) => String(url))).toEqual([`${media.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${SID}.wav`]);
  });

  it('answers 404 with a message for a recording Twilio does not have', async () => {
    const { status, json } = await fetchAudio({ sid: recordingSid(999) });
    expect(status).toBe(404);
    expect(json.error).toMatch(/not available/);
  });

  it('answers 502, and logs it, when Twilio refuses the account credentials', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, json } = await fetchAudio({ sid: SID }, basic(PASSWORD), { ...env, AUTH_TOKEN: 'a-stale-token' });
    expect(status).toBe(502);
    expect(json.error).toMatch(/credentials/);
    const log = errors.mock.calls.flat().join(' ');
    expect(log).toMatch(/AUTH_TOKEN/);
    expect(log).not.toContain('a-stale-token');
  });

  it('answers 504 when the media host is unreachable', async () => {
    const { status, json } = await fetchAudio({ sid: SID }, basic(PASSWORD), { ...env, TWILIO_API_BASE_URL: 'http://127.0.0.1:9' });
    expect(status).toBe(504);
    expect(json.error).toMatch(/Try again/);
  });

  it('answers 503 naming the variable when the account credentials are missing', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, json } = await fetchAudio({ sid: SID }, basic(PASSWORD), { FEED_PASSWORD: PASSWORD });
    expect(status).toBe(503);
    expect(json.error).toMatch(/ACCOUNT_SID/);
  });
});
