import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';

const ACCOUNT = 'AC' + 'b'.repeat(32);
const TOKEN = 'media-token';
const SID = 'RE' + '1'.repeat(32);
const basic = (user: string, pass: string): string => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const AUTH = { Authorization: basic(ACCOUNT, TOKEN) };

let standIn: MediaStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const recordingUrl = (base: string, sid = SID, ext = ''): string => `${base}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid}${ext}`;

describe('media stand-in', () => {
  it('serves a registered recording as 8 kHz mono 16-bit PCM WAV of the registered length', async () => {
    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
    standIn.register(SID, 3);
    for (const ext of ['', '.wav']) {
      const res = await fetch(recordingUrl(standIn.url, SID, ext), { headers: AUTH });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('audio/x-wav');
      const wav = Buffer.from(await res.arrayBuffer());
      expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
      expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
      expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
      expect(wav.readUInt16LE(20)).toBe(1); // PCM
      expect(wav.readUInt16LE(22)).toBe(1); // mono
      expect(wav.readUInt32LE(24)).toBe(8000);
      expect(wav.readUInt16LE(34)).toBe(16);
      expect(wav.toString('ascii', 36, 40)).toBe('data');
      expect(wav.readUInt32LE(40)).toBe(3 * 8000 * 2);
      expect(wav.length).toBe(44 + 3 * 8000 * 2);
      // A tone, not silence, yet quiet.
      const peak = Math.max(...Array.from({ length: 200 }, (_, i) => Math.abs(wav.readInt16LE(44 + i * 2))));
      expect(peak).toBeGreaterThan(500);
      expect(peak).toBeLessThan(4000);
    }
  });

  it('answers 401 without the account credentials, unless auth is switched off', async () => {
    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
    standIn.register(SID, 1);
    const anonymous = await fetch(recordingUrl(standIn.url));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(recordingUrl(standIn.url), { headers: { Authorization: basic(ACCOUNT, 'wrong') } })).status).toBe(401);
    standIn.setRequireAuth(false);
    expect((await fetch(recordingUrl(standIn.url))).status).toBe(200);
  });

  it("serves .mp3 as MPEG audio at Twilio's 32 kbps: about 4,000 bytes a second", async () => {
    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
    standIn.register(SID, 120);
    const res = await fetch(recordingUrl(standIn.url, SID, '.mp3'), { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const mp3 = Buffer.from(await res.arrayBuffer());
    expect([mp3[0], mp3[1] & 0xe0]).toEqual([0xff, 0xe0]); // an MPEG audio frame sync
    expect(mp3.length).toBeGreaterThan(120 * 3900);
    expect(mp3.length).toBeLessThan(120 * 4100);
  });

  it('answers 404 for unknown recordings, other accounts and other formats', async () => {
    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN, requireAuth: false });
    standIn.register(SID, 1);
    expect((await fetch(recordingUrl(standIn.url, 'RE' + '2'.repeat(32)))).status).toBe(404);
    expect((await fetch(recordingUrl(standIn.url).replace(ACCOUNT, 'AC' + 'c'.repeat(32)))).status).toBe(404);
    const ogg = await fetch(recordingUrl(standIn.url, SID, '.ogg'));
    expect(ogg.status).toBe(404);
    expect(((await ogg.json()) as { message: string }).message).toMatch(/WAV and MP3 only/);
  });

  it('accepts registrations over HTTP, persists them, and caps WAVs at 120 s', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'media-stand-in-'));
    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN, requireAuth: false, dataDir });
    const post = (body: string): Promise<Response> =>
      fetch(`${standIn!.url}/__sim/recordings`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect((await post(JSON.stringify({ sid: SID, seconds: 300 }))).status).toBe(201);
    expect((await post(JSON.stringify({ sid: 'CA123', seconds: 3 }))).status).toBe(400);
    expect((await post('not json')).status).toBe(400);
    await standIn.close();

    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN, requireAuth: false, dataDir });
    const res = await fetch(recordingUrl(standIn.url));
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(44 + 120 * 8000 * 2);
    await res.arrayBuffer();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
