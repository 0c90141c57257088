// The voicemail audio function against the simulator's stand-in for Twilio's media host and
// the Airtable emulator (only recordings of this line's call log are served).
import * as http from 'http';
import type { AddressInfo } from 'net';
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { silentMp3 } from '../../emulators/twilio/mp3';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { invoke } from '../support/invoke';
import { callSid, recordingSid, seedCalls } from './calls-fixture';

const PASSWORD = 'correct horse battery staple';
const ACCOUNT_SID = 'AC' + 'ab'.repeat(16);
const AUTH_TOKEN = 'the-account-auth-token';
const SID = recordingSid(2);
const LONG_SID = recordingSid(3);
const HUGE_SID = recordingSid(4);
const FOREIGN_SID = recordingSid(5);
const BASE = 'appTestFeedMedia1';

let media: MediaStandIn;
let airtable: AirtableEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  media = await startMediaStandIn({ port: 0, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  media.register(SID, 3);
  media.register(LONG_SID, 120);
  // A recording of hours (Twilio allows up to 4 h): far past any voicemail of this line.
  media.register(HUGE_SID, 14400);
  // Another recording of the account, not one of this line's voicemails.
  media.register(FOREIGN_SID, 3);
  airtable = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  airtable.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  env = {
    FEED_PASSWORD: PASSWORD,
    ACCOUNT_SID,
    AUTH_TOKEN,
    TWILIO_API_BASE_URL: media.url,
    AIRTABLE_TOKEN: 'patTest.secret',
    AIRTABLE_BASE_ID: BASE,
    AIRTABLE_ENDPOINT_URL: airtable.url,
  };
  const config = { token: 'patTest.secret', baseId: BASE, table: 'Calls', endpointUrl: airtable.url };
  await seedCalls(
    config,
    [SID, LONG_SID, HUGE_SID, recordingSid(999)].map((recording, i) => ({
      callSid: callSid(100 + i),
      recordingSid: recording,
      recordingStatus: 'completed',
      recordingSeconds: 3,
    })),
  );
});
afterAll(() => Promise.all([media.close(), airtable.close()]));
afterEach(() => {
  media.setRequireAuth(true);
  jest.restoreAllMocks();
});

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`owner:${password}`).toString('base64')}` });

async function fetchAudio(query: Record<string, string>, headers: Record<string, string> = basic(PASSWORD), vars = env) {
  const answer = await invoke('recording', { request: { headers, cookies: {} }, ...query }, vars);
  return { ...answer, json: answer.bytes ? undefined : JSON.parse(answer.body) };
}

/** A media host that answers the recording's headers at once, then sends its body too slowly. */
async function slowMediaHost(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'audio/mpeg' });
    res.write(silentMp3(1));
    // ... and nothing more for longer than the function's time budget.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('/recording', () => {
  it.each([true, false])('delivers the voicemail audio whether or not media auth is enforced (%p)', async (enforced) => {
    media.setRequireAuth(enforced);
    const { status, bytes, headers } = await fetchAudio({ sid: SID });
    expect(status).toBe(200);
    expect(headers['Cache-Control']).toBe('no-store');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Type']).toBe('audio/mpeg');
    expect(bytes?.equals(silentMp3(3))).toBe(true);
  });

  it('sends a two-minute voicemail as MP3 bytes: at most 0.6 MB on the wire', async () => {
    const { status, bytes } = await fetchAudio({ sid: LONG_SID });
    expect(status).toBe(200);
    expect(bytes!.length).toBeLessThanOrEqual(600_000);
    expect(bytes!.length).toBeGreaterThan(400_000);
  });

  it('answers 502 with a clear message, without holding it all, for media past the size cap', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { status, json } = await fetchAudio({ sid: HUGE_SID });
    expect(status).toBe(502);
    expect(json.error).toMatch(/more than 1 MB/);
  });

  it('answers 502 past the size cap when the host declares no length', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'audio/mpeg', 'Transfer-Encoding': 'chunked' });
      res.end(silentMp3(600));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { status, json } = await fetchAudio({ sid: SID }, basic(PASSWORD), {
        ...env,
        TWILIO_API_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      expect(status).toBe(502);
      expect(json.error).toMatch(/more than 1 MB/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('answers 504, not 500, when the body arrives too slowly', async () => {
    const slow = await slowMediaHost();
    try {
      const { status, json } = await fetchAudio({ sid: SID }, basic(PASSWORD), { ...env, TWILIO_API_BASE_URL: slow.url });
      expect(status).toBe(504);
      expect(json.error).toMatch(/Try again/);
    } finally {
      await slow.close();
    }
  }, 15_000);

  it('answers within the 10 s limit when Airtable hangs and the media host is slow', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // The ownership check's first request hangs; a second attempt would pass, then the slow media take the rest.
    airtable.injectFault({ status: 503, count: 1, hang: true });
    const slow = await slowMediaHost();
    try {
      const started = Date.now();
      const { status } = await fetchAudio({ sid: SID }, basic(PASSWORD), { ...env, TWILIO_API_BASE_URL: slow.url });
      expect(Date.now() - started).toBeLessThan(9500);
      expect(status).toBeGreaterThanOrEqual(500);
    } finally {
      airtable.clearFaults();
      await slow.close();
    }
  }, 15_000);

  it("answers 404 for a recording of the account that is not in this line's call log, without fetching it", async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    const { status, json } = await fetchAudio({ sid: FOREIGN_SID });
    expect(status).toBe(404);
    expect(json.error).toMatch(/not one of this line/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('sends nothing, and never contacts Twilio, without the feed password', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    for (const headers of [{}, basic('wrong password!!')]) {
      const { status, json, body } = await fetchAudio({ sid: SID }, headers);
      expect(status).toBe(401);
      expect(json.error).toBeTruthy();
      expect(body).not.toContain('"type":"Buffer"');
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
    expect(fetchSpy.mock.calls.map(([url]) => String(url))).toEqual([
      `${media.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${SID}.mp3`,
    ]);
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
