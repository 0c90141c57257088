import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN, loadCredentials, signTwilioRequest } from '../../emulators/twilio';
import { CallbackQueue } from '../../emulators/twilio/callback-queue';
import { splitConnectionOverrides } from '../../emulators/twilio/connection-overrides';
import { parseTwiml, TwimlParseError } from '../../emulators/twilio/twiml';
import { readKeys } from '../../emulators/twilio/verbs/gather';
import { takeRecording } from '../../emulators/twilio/verbs/record';
import { parseCallArgs } from '../../scripts/call';
import { UsageError } from '../../scripts/cli';

describe('signTwilioRequest', () => {
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };

  it('matches the documented test vector', () => {
    expect(signTwilioRequest('12345', 'https://example.com/myapp.php?foo=1&bar=2', params)).toBe('L/OH5YylLD5NRKLltdqwSvS0BnU=');
  });

  it('ignores the fragment, credentials, and the port of https URLs', () => {
    const expected = 'L/OH5YylLD5NRKLltdqwSvS0BnU=';
    expect(signTwilioRequest('12345', 'https://u:p@example.com:8443/myapp.php?foo=1&bar=2#rc=3', params)).toBe(expected);
    expect(signTwilioRequest('12345', 'http://example.com:8080/myapp.php?foo=1&bar=2', params)).not.toBe(
      signTwilioRequest('12345', 'http://example.com/myapp.php?foo=1&bar=2', params),
    );
  });
});

describe('connection overrides', () => {
  it('defaults to one retry on connect failure within 15 s', () => {
    const { url, overrides } = splitConnectionOverrides('http://h/status');
    expect(url).toBe('http://h/status');
    expect(overrides).toMatchObject({ retryCount: 1, totalTimeoutMs: 15000, readTimeoutMs: 15000, connectTimeoutMs: 5000 });
    expect([...overrides.retryOn]).toEqual(['ct']);
  });

  it('reads and clamps the fragment', () => {
    const { url, overrides } = splitConnectionOverrides('http://h/status?a=1#rc=9&rp=5xx,rt&tt=99999&ct=50');
    expect(url).toBe('http://h/status?a=1');
    expect(overrides).toMatchObject({ retryCount: 5, totalTimeoutMs: 15000, connectTimeoutMs: 100 });
    expect([...overrides.retryOn].sort()).toEqual(['5xx', 'rt']);
    expect(splitConnectionOverrides('http://h/#rp=all').overrides.retryOn.size).toBe(4);
  });
});

describe('TwiML parsing', () => {
  it('keeps verb order, attributes and SSML text', () => {
    const verbs = parseTwiml(
      '<?xml version="1.0"?><Response><Say voice="alice">Hi <emphasis>there</emphasis>, &amp; bye</Say><Pause length="2"/><Hangup/></Response>',
    );
    expect(verbs.map((v) => v.name)).toEqual(['Say', 'Pause', 'Hangup']);
    expect(verbs[0]).toMatchObject({ attrs: { voice: 'alice' }, text: 'Hi there, & bye' });
  });

  it('rejects malformed XML and a wrong root', () => {
    expect(() => parseTwiml('<Response><Say></Response>')).toThrow(TwimlParseError);
    expect(() => parseTwiml('<html><body/></html>')).toThrow(/<Response>/);
    expect(() => parseTwiml('')).toThrow(TwimlParseError);
  });
});

describe('<Gather> keys', () => {
  it('stops at numDigits or the finish key, which is not part of Digits', () => {
    expect(readKeys('123', 1, '#')).toEqual({ digits: '1', finishedOnKey: '', complete: true });
    expect(readKeys('12#', undefined, '#')).toEqual({ digits: '12', finishedOnKey: '#', complete: true });
    expect(readKeys('#', undefined, '#')).toEqual({ digits: '', finishedOnKey: '#', complete: true });
    expect(readKeys('12#', undefined, '')).toEqual({ digits: '12#', finishedOnKey: '', complete: false });
  });
});

describe('<Record> endings', () => {
  const rules = { maxLength: 60, timeout: 5, finishOnKey: '1234567890*#' };
  it('follows the caller, the finish keys, the silence timeout and maxLength', () => {
    expect(takeRecording({ seconds: 8 }, rules)).toMatchObject({ length: 8, digits: '#', callerGone: false });
    expect(takeRecording({ seconds: 8, end: 'hangup' }, rules)).toMatchObject({ length: 8, digits: 'hangup', callerGone: true });
    expect(takeRecording({ seconds: 8, end: 'timeout' }, rules)).toMatchObject({ length: 13, speech: 8, digits: '' });
    expect(takeRecording({ seconds: 8 }, { ...rules, finishOnKey: '*' })).toMatchObject({ length: 13, digits: '' });
    expect(takeRecording({ seconds: 8, end: 'timeout' }, { ...rules, timeout: 0 })).toMatchObject({ length: 60, speech: 8 });
    expect(takeRecording({ seconds: 99, end: 'hangup' }, rules)).toMatchObject({ length: 60, digits: '', callerGone: false });
  });
});

describe('callback ordering', () => {
  const queue = new CallbackQueue();
  const cb = (phase: 'during-call' | 'call-ended' | 'recording-processed' | 'transcribed', id: string) =>
    queue.add({ phase, url: 'http://h/' + id, method: 'POST', params: {} });
  cb('transcribed', 'tx');
  cb('recording-processed', 'rec');
  cb('during-call', 'leg1');
  cb('call-ended', 'status');
  cb('during-call', 'leg2');
  const ids = (list: Array<{ url: string }>): string[] => list.map((c) => c.url.slice(9));

  it('naturally follows the phases of a call, keeping order within a phase', () => {
    expect(ids(queue.ordered())).toEqual(['leg1', 'leg2', 'status', 'rec', 'tx']);
  });

  it('reverses, duplicates and shuffles', () => {
    expect(ids(queue.ordered({ order: 'reverse' }))).toEqual(['tx', 'rec', 'status', 'leg2', 'leg1']);
    expect(ids(queue.ordered({ duplicate: true })).slice(0, 4)).toEqual(['leg1', 'leg1', 'leg2', 'leg2']);
    const shuffled = ids(queue.ordered({ order: 'shuffle' }, () => 0));
    expect([...shuffled].sort()).toEqual(['leg1', 'leg2', 'rec', 'status', 'tx']);
    expect(shuffled).not.toEqual(ids(queue.ordered()));
  });
});

describe('parseCallArgs', () => {
  it('has working defaults', () => {
    expect(parseCallArgs([], {})).toEqual({
      help: false,
      baseUrl: 'http://localhost:3000',
      voiceUrl: '/menu',
      fallbackUrl: '/fallback',
      statusCallbackUrl: '/status#rc=3&rp=5xx,ct,rt',
      from: '+14155550123',
      to: '+15025550100',
      mediaUrl: 'http://127.0.0.1:3001',
      sendgridUrl: 'http://127.0.0.1:3003',
      gather: [],
      dial: [],
      callbacks: {},
    });
    expect(parseCallArgs([], { CALL_BASE_URL: 'http://127.0.0.1:4000' }).baseUrl).toBe('http://127.0.0.1:4000');
    // `npm start` with PORT=3100 runs the Functions there: the call goes there too.
    expect(parseCallArgs([], { PORT: '3100' }).baseUrl).toBe('http://localhost:3100');
    expect(parseCallArgs([], { CALL_MEDIA_URL: 'http://127.0.0.1:4001' }).mediaUrl).toBe('http://127.0.0.1:4001');
  });

  it('--text-undelivered takes a Twilio error code for the alert texts', () => {
    expect(parseCallArgs(['--text-undelivered', '30034'], {}).textUndelivered).toBe(30034);
    expect(() => parseCallArgs(['--text-undelivered', 'yes'], {})).toThrow(
      '--text-undelivered yes: expected a Twilio error code such as 30034',
    );
  });

  it('reads keys, dial outcomes, recordings and delivery options in order', () => {
    const args = parseCallArgs(
      [
        '--press',
        '1',
        '--press=silence',
        '--press',
        'hangup',
        '--dial',
        'no-answer',
        '--dial',
        'answered:45:caller:screen=1,silence',
        '--record',
        '12:hangup',
        '--transcript',
        'Call me',
        '--duplicate-callbacks',
        '--callbacks',
        'reverse',
        '--media-url',
        'http://127.0.0.1:4010/',
        '--caller-name',
        'ACME',
        '--url',
        'http://x:1',
      ],
      {},
    );
    expect(args).toMatchObject({
      baseUrl: 'http://x:1',
      callerName: 'ACME',
      gather: ['1', null, 'hangup'],
      dial: [{ outcome: 'no-answer' }, { outcome: 'answered', talkSeconds: 45, hangupBy: 'caller', screen: ['1', null] }],
      record: { seconds: 12, end: 'hangup', transcript: 'Call me' },
      callbacks: { duplicate: true, order: 'reverse' },
      mediaUrl: 'http://127.0.0.1:4010',
    });
    expect(parseCallArgs(['--transcription-failed'], {}).record).toEqual({ seconds: 8, end: '#', transcript: null });
    expect(parseCallArgs(['--help'], {}).help).toBe(true);
  });

  it('reads real phones, several per <Dial>, and a simulated time of day', () => {
    const args = parseCallArgs(
      [
        '--press',
        '1',
        '--dial',
        'carrier-voicemail',
        '--record',
        '10',
        '--dial',
        'no-answer+accepts:40:caller+declines+ignores+unreachable+busy+carrier-voicemail:12',
        '--at',
        '2026-12-25T10:00:00-05:00',
      ],
      {},
    );
    expect(args.dial).toEqual([
      { phones: [{ kind: 'carrier-voicemail' }] },
      {
        phones: [
          { kind: 'no-answer' },
          { kind: 'person', keys: ['1'], talkSeconds: 40, hangupBy: 'caller' },
          { kind: 'carrier-voicemail', answerAfterSeconds: 1 },
          { kind: 'person', keys: [], talkSeconds: 0 },
          { kind: 'unreachable' },
          { kind: 'busy' },
          { kind: 'carrier-voicemail', answerAfterSeconds: 12 },
        ],
      },
    ]);
    expect(args.startAt).toEqual(new Date('2026-12-25T15:00:00Z'));
    expect(parseCallArgs(['--dial', 'accepts'], {}).dial).toEqual([{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 30 }] }]);
    // A person who takes a while to reach the phone, beside a voicemail that picks up at once.
    expect(parseCallArgs(['--dial', 'carrier-voicemail:2+accepts:8:45:caller'], {}).dial).toEqual([
      {
        phones: [
          { kind: 'carrier-voicemail', answerAfterSeconds: 2 },
          { kind: 'person', keys: ['1'], talkSeconds: 45, answerAfterSeconds: 8, hangupBy: 'caller' },
        ],
      },
    ]);
    expect(() => parseCallArgs(['--dial', 'accepts:1:2:3'], {})).toThrow(/not a phone behaviour/);
  });

  it('rejects what it cannot read', () => {
    for (const bad of [
      ['--dial', 'accepts+sleeps'],
      ['--dial', 'ignores:5'],
      ['--at', 'tomorrow'],
      ['--press', 'x'],
      ['--dial', 'answered'],
      ['--record', 'ten'],
      ['--callbacks', 'random'],
      ['--nope'],
      ['--voice'],
      ['stray'],
    ]) {
      expect(() => parseCallArgs(bad, {})).toThrow(UsageError);
    }
  });
});

describe('loadCredentials', () => {
  it('prefers the environment, then .env, then the local defaults', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'creds-'));
    try {
      expect(loadCredentials({}, dir)).toEqual({ accountSid: LOCAL_ACCOUNT_SID, authToken: LOCAL_AUTH_TOKEN });
      fs.writeFileSync(path.join(dir, '.env'), 'ACCOUNT_SID=ACfromfile\nAUTH_TOKEN="file-token"\n');
      expect(loadCredentials({}, dir)).toEqual({ accountSid: 'ACfromfile', authToken: 'file-token' });
      expect(loadCredentials({ AUTH_TOKEN: 'env-token', ACCOUNT_SID: '' }, dir)).toEqual({
        accountSid: 'ACfromfile',
        authToken: 'env-token',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
