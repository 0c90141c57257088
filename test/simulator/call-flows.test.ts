import * as http from 'http';
import type { AddressInfo } from 'net';
import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { type SimulatedCall, type SimulatedCallOptions, simulateCall } from '../../emulators/twilio';

// A stand-in for the Functions service: canned TwiML per path, every request recorded.
interface Received {
  method: string;
  path: string;
  /** Absolute URL exactly as requested, for signature checks. */
  url: string;
  params: Record<string, string>;
  body: Record<string, string>;
  headers: http.IncomingHttpHeaders;
}
type Reply = string | { status?: number; body?: string; type?: string; delayMs?: number; headers?: Record<string, string> };
type Route = Reply | ((req: Received, nth: number) => Reply);

interface Canned {
  base: string;
  received: Received[];
  at(path: string): Received[];
}

const servers: Array<{ server: http.Server; timers: Set<NodeJS.Timeout> }> = [];

async function cannedServer(routes: Record<string, Route>): Promise<Canned> {
  const received: Received[] = [];
  const counts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = `http://${req.headers.host}${req.url}`;
      const u = new URL(url);
      const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const r: Received = {
        method: req.method ?? '',
        path: u.pathname,
        url,
        params: { ...Object.fromEntries(u.searchParams), ...body },
        body,
        headers: req.headers,
      };
      received.push(r);
      const nth = (counts.get(u.pathname) ?? 0) + 1;
      counts.set(u.pathname, nth);
      const route = routes[u.pathname] ?? { status: 404, body: 'no route' };
      const reply = typeof route === 'function' ? route(r, nth) : route;
      const {
        status = 200,
        body: text = '',
        type = 'text/xml',
        delayMs = 0,
        headers = {},
      } = typeof reply === 'string' ? { body: reply } : reply;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (res.destroyed) return;
        res.writeHead(status, { 'Content-Type': type, ...headers });
        res.end(text);
      }, delayMs);
      timers.add(timer);
    });
  });
  servers.push({ server, timers });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
  };
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      ({ server, timers }) =>
        new Promise<void>((resolve) => {
          timers.forEach(clearTimeout);
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

const TOKEN = 'test-auth-token';
const ACCOUNT = 'AC' + 'a'.repeat(32);
const twiml = (inner: string): string => `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
const OK: Reply = { status: 204 };

function call(canned: Canned, extra: Partial<SimulatedCallOptions> = {}): Promise<SimulatedCall> {
  return simulateCall({
    baseUrl: canned.base,
    voiceUrl: '/voice',
    statusCallbackUrl: '/status',
    accountSid: ACCOUNT,
    authToken: TOKEN,
    from: '+14155550123',
    to: '+15005550006',
    retryBackoffMs: 10,
    ...extra,
  });
}

const said = (c: SimulatedCall): string => c.transcript.join('\n');

describe('requests and signatures', () => {
  it('signs every request over the exact URL and sends the standard parameters', async () => {
    const s = await cannedServer({
      '/voice': twiml('<Say voice="Polly.Joanna">Hello there</Say><Redirect method="GET">/next?step=2</Redirect>'),
      '/next': twiml('<Say>Bye</Say>'),
      '/status': OK,
    });
    const c = await call(s, { callerName: 'ACME Corp', callerGeo: { state: 'CA', country: 'US' } });

    expect(s.received.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /voice', 'GET /next', 'POST /status']);
    for (const r of s.received) {
      const signature = String(r.headers['x-twilio-signature']);
      expect(validateRequest(TOKEN, signature, r.url, r.body)).toBe(true);
      expect(validateRequest('wrong-token', signature, r.url, r.body)).toBe(false);
      expect(r.headers['i-twilio-idempotency-token']).toBeTruthy();
    }
    const [first, second, status] = s.received;
    expect(first.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(first.params).toMatchObject({
      AccountSid: ACCOUNT,
      ApiVersion: '2010-04-01',
      CallSid: c.callSid,
      CallStatus: 'ringing',
      Direction: 'inbound',
      From: '+14155550123',
      Caller: '+14155550123',
      To: '+15005550006',
      Called: '+15005550006',
      CallerName: 'ACME Corp',
      FromState: 'CA',
      CallerCountry: 'US',
      FromCity: '',
      ToZip: '',
      CalledCity: '',
    });
    expect(c.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    // GET: everything travels in the query and is signed as part of the URL.
    expect(second.body).toEqual({});
    expect(second.params).toMatchObject({ step: '2', CallStatus: 'in-progress', CallSid: c.callSid });
    expect(status.params).toMatchObject({ CallStatus: 'completed', CallbackSource: 'call-progress-events', SequenceNumber: '0' });
    expect(status.params.CallDuration).toBe(String(c.durationSeconds));
    expect(status.params.Duration).toBe(String(Math.ceil(c.durationSeconds / 60)));
    expect(status.params.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    expect(c.transcript).toContain('→ POST /voice (ringing)');
    expect(c.transcript).toContain('Twilio says: "Hello there" (Polly.Joanna)');
    expect(c.transcript).toContain(`Call ended: completed, ${c.durationSeconds} s`);
    expect(c.problems).toEqual([]);
  });

  it('leaves the connection-override fragment out of the request and the signature', async () => {
    const s = await cannedServer({ '/voice': twiml('<Hangup/>') });
    await call(s, { voiceUrl: '/voice?x=1#rc=2&rp=5xx', statusCallbackUrl: undefined });
    const r = s.at('/voice')[0];
    expect(r.url).toBe(`${s.base}/voice?x=1`);
    expect(validateRequest(TOKEN, String(r.headers['x-twilio-signature']), r.url, r.body)).toBe(true);
  });

  it('keeps cookies between the TwiML requests of a call', async () => {
    const s = await cannedServer({
      '/voice': { body: twiml('<Redirect>/second</Redirect>'), headers: { 'Set-Cookie': 'step=menu; Path=/; HttpOnly' } },
      '/second': twiml('<Hangup/>'),
    });
    await call(s, { statusCallbackUrl: undefined });
    expect(s.at('/voice')[0].headers.cookie).toBeUndefined();
    expect(s.at('/second')[0].headers.cookie).toBe('step=menu');
  });
});

describe('<Gather>', () => {
  const menu = twiml(
    '<Gather numDigits="1" action="/menu" timeout="6"><Say>Press 1 to talk, 2 for voicemail.</Say></Gather>' +
      '<Say>We did not get that.</Say>',
  );

  it('posts the pressed digit to the action', async () => {
    const s = await cannedServer({ '/voice': menu, '/menu': twiml('<Say>One moment.</Say>'), '/status': OK });
    const c = await call(s, { gather: ['2'] });
    expect(s.at('/menu')[0].params).toMatchObject({ Digits: '2', FinishedOnKey: '', msg: 'Gather End', CallStatus: 'in-progress' });
    expect(c.transcript).toContain('Caller presses 2');
    expect(said(c)).not.toContain('We did not get that');
  });

  it('strips the finish key from Digits and resolves a relative action against the document', async () => {
    const s = await cannedServer({
      '/ivr/voice': twiml('<Gather action="pin"><Say>Enter your PIN</Say></Gather>'),
      '/ivr/pin': twiml('<Hangup/>'),
    });
    await call(s, { voiceUrl: '/ivr/voice', statusCallbackUrl: undefined, gather: ['1234#'] });
    expect(s.at('/ivr/pin')[0].params).toMatchObject({ Digits: '1234', FinishedOnKey: '#' });
  });

  it('falls through to the next verb on silence, without requesting the action', async () => {
    const s = await cannedServer({ '/voice': menu, '/menu': twiml(''), '/status': OK });
    const c = await call(s, { gather: [null] });
    expect(s.at('/menu')).toHaveLength(0);
    expect(c.transcript).toContain('Caller stays silent (timeout 6 s)');
    expect(c.transcript).toContain('Twilio says: "We did not get that."');
  });

  it('requests the action without Digits when actionOnEmptyResult is set; default action is the document', async () => {
    const s = await cannedServer({
      '/voice': (_r, nth) => (nth === 1 ? twiml('<Gather actionOnEmptyResult="true"><Say>Hi</Say></Gather>') : twiml('<Hangup/>')),
    });
    await call(s, { statusCallbackUrl: undefined });
    const [, second] = s.at('/voice');
    expect(second.params.Digits).toBeUndefined();
    expect(second.params.msg).toBe('Gather End');
  });

  it('ends the call when the caller hangs up during the gather', async () => {
    const s = await cannedServer({ '/voice': menu, '/menu': twiml(''), '/status': OK });
    const c = await call(s, { gather: ['hangup'] });
    expect(s.at('/menu')).toHaveLength(0);
    expect(said(c)).not.toContain('We did not get that');
    expect(s.at('/status')[0].params.CallStatus).toBe('completed');
  });
});

/** The origin the request came to: `<Number statusCallback>` must be absolute. */
const origin = (r: Received): string => new URL(r.url).origin;

describe('<Dial>', () => {
  const forward = (r: Received): string =>
    twiml(
      '<Dial action="/dial-done" timeout="20" callerId="+15005550006">' +
        `<Number statusCallback="${origin(r)}/leg#rc=2&amp;rp=5xx" statusCallbackEvent="initiated ringing answered completed">+15551230000</Number>` +
        '</Dial><Say>Not reached</Say>',
    );

  it('refuses a relative <Number statusCallback> with error 21609: the leg sends no status callbacks', async () => {
    const s = await cannedServer({
      '/voice': twiml('<Dial><Number statusCallback="/leg">+15551230000</Number></Dial>'),
      '/leg': OK,
      '/status': OK,
    });
    const c = await call(s, { dial: [{ outcome: 'busy' }] });
    expect(s.at('/leg')).toEqual([]);
    expect(c.problems).toEqual([expect.objectContaining({ kind: 'application-error', code: 21609 })]);
  });

  it('refuses a <Dial> of more than ten <Number>s: nobody is dialed, and it is reported', async () => {
    const numbers = Array.from({ length: 11 }, (_, i) => `<Number>+1555123${String(i).padStart(4, '0')}</Number>`).join('');
    const s = await cannedServer({
      '/voice': twiml(`<Dial action="/dial-done">${numbers}</Dial>`),
      '/dial-done': twiml('<Hangup/>'),
      '/status': OK,
    });
    const c = await call(s, { dial: [{ outcome: 'answered', talkSeconds: 5 }] });
    expect(c.childCallSids).toEqual([]);
    expect(c.problems).toEqual([
      expect.objectContaining({ kind: 'application-error', detail: expect.stringMatching(/11 <Number> nouns; Twilio allows at most 10/) }),
    ]);
  });

  it('no-answer: child-leg events, then the action without DialCallDuration', async () => {
    const s = await cannedServer({ '/voice': forward, '/dial-done': twiml('<Say>Leave a message.</Say>'), '/leg': OK, '/status': OK });
    const c = await call(s, { dial: [{ outcome: 'no-answer' }] });

    expect(c.childCallSids).toHaveLength(1);
    const child = c.childCallSids[0];
    expect(child).toMatch(/^CA[0-9a-f]{32}$/);
    const legs = s.at('/leg').map((r) => r.params);
    expect(legs.map((p) => [p.CallStatus, p.SequenceNumber])).toEqual([
      ['initiated', '0'],
      ['ringing', '1'],
      ['no-answer', '2'],
    ]);
    for (const p of legs) {
      expect(p).toMatchObject({
        CallSid: child,
        ParentCallSid: c.callSid,
        Direction: 'outbound-dial',
        From: '+15005550006',
        To: '+15551230000',
        CallbackSource: 'call-progress-events',
      });
    }
    expect(legs[2].CallDuration).toBe('0');
    const done = s.at('/dial-done')[0].params;
    expect(done).toMatchObject({
      DialCallStatus: 'no-answer',
      DialBridged: 'false',
      DialCallSid: child,
      CallStatus: 'in-progress',
      CallSid: c.callSid,
    });
    expect(done.DialCallDuration).toBeUndefined();
    expect(c.transcript).toContain('Dialing +15551230000: no-answer (timeout 20 s)');
    expect(said(c)).not.toContain('Not reached');
    // Ringing is simulated: timeout + ~5 s, never slept.
    expect(c.durationSeconds).toBeGreaterThanOrEqual(25);
  });

  it('answered: talk time in the child status and the action', async () => {
    const s = await cannedServer({ '/voice': forward, '/dial-done': twiml('<Hangup/>'), '/leg': OK, '/status': OK });
    await call(s, { dial: [{ outcome: 'answered', talkSeconds: 45 }] });
    const statuses = s.at('/leg').map((r) => r.params.CallStatus);
    expect(statuses).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
    expect(s.at('/leg')[3].params.CallDuration).toBe('45');
    expect(s.at('/dial-done')[0].params).toMatchObject({
      DialCallStatus: 'completed',
      DialBridged: 'true',
      DialCallDuration: '45',
      CallStatus: 'in-progress',
    });
  });

  it('answered and the caller hangs up: the action still runs with CallStatus=completed, its TwiML ignored', async () => {
    const s = await cannedServer({ '/voice': forward, '/dial-done': twiml('<Say>Ignored</Say>'), '/leg': OK, '/status': OK });
    const c = await call(s, { dial: [{ outcome: 'answered', talkSeconds: 30, hangupBy: 'caller' }] });
    expect(s.at('/dial-done')[0].params).toMatchObject({ CallStatus: 'completed', DialBridged: 'true' });
    expect(said(c)).not.toContain('Ignored');
  });

  it('without an action continues with the next verb; only requested events fire (default completed)', async () => {
    const s = await cannedServer({
      '/voice': (r) => twiml(`<Dial><Number statusCallback="${origin(r)}/leg">+15551230000</Number></Dial><Say>Still here</Say>`),
      '/leg': OK,
      '/status': OK,
    });
    const c = await call(s, { dial: [{ outcome: 'busy' }] });
    expect(s.at('/leg').map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([['busy', '0']]);
    expect(c.transcript).toContain('Twilio says: "Still here"');
  });

  it('screening: the whisper URL runs on the callee leg; bridging depends on the callee', async () => {
    const s = await cannedServer({
      '/voice': twiml('<Dial action="/dial-done"><Number url="/screen">+15551230000</Number></Dial>'),
      '/screen': twiml('<Gather numDigits="1" timeout="6" action="/screen-result"><Say>Press 1 to accept.</Say></Gather><Hangup/>'),
      '/screen-result': (r) => twiml(r.params.Digits === '1' ? '' : '<Hangup/>'),
      '/dial-done': twiml('<Hangup/>'),
    });
    const accepted = await call(s, { statusCallbackUrl: undefined, dial: [{ outcome: 'answered', talkSeconds: 20, screen: ['1'] }] });
    const screen = s.at('/screen')[0].params;
    expect(screen).toMatchObject({
      CallSid: accepted.childCallSids[0],
      ParentCallSid: accepted.callSid,
      Direction: 'outbound-dial',
      CallStatus: 'in-progress',
      From: '+14155550123',
      To: '+15551230000',
    });
    expect(s.at('/dial-done')[0].params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' });

    const ignored = await call(s, { statusCallbackUrl: undefined, dial: [{ outcome: 'answered', talkSeconds: 20 }] });
    expect(s.at('/dial-done')[1].params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'false' });
    expect(ignored.transcript).toContain('Callee stays silent (timeout 6 s)');
  });

  describe('real phones: several numbers, carrier voicemail, screening', () => {
    const phones = ['+15551230001', '+15551230002', '+15551230003'];
    // <Number statusCallback> must be absolute (Twilio refuses a relative one with 21609).
    const numbers = (attrs: string, base: string) =>
      phones.map((n) => `<Number ${attrs} statusCallback="${base}/leg">${n}</Number>`).join('');
    const server = (attrs: string, timeout = 30) =>
      cannedServer({
        '/voice': (r) => twiml(`<Dial action="/dial-done" timeout="${timeout}" answerOnBridge="true">${numbers(attrs, origin(r))}</Dial>`),
        '/screen': twiml(
          '<Gather numDigits="1" timeout="5" action="/screen-result"><Say>Press 1 to take the call.</Say></Gather><Hangup/>',
        ),
        '/screen-result': (r) => twiml(r.params.Digits === '1' ? '' : '<Hangup/>'),
        '/dial-done': twiml('<Hangup/>'),
        '/leg': OK,
      });
    const legStatuses = (s: Canned) => Object.fromEntries(s.at('/leg').map((r) => [r.params.To, r.params.CallStatus]));

    it('one of three phones accepts: it is connected, the phone still ringing is canceled', async () => {
      const s = await server('url="/screen"');
      await call(s, {
        statusCallbackUrl: undefined,
        dial: [{ phones: [{ kind: 'busy' }, { kind: 'person', talkSeconds: 30, keys: ['1'] }, { kind: 'no-answer' }] }],
      });
      expect(legStatuses(s)).toEqual({ [phones[0]]: 'busy', [phones[1]]: 'completed', [phones[2]]: 'canceled' });
      const done = s.at('/dial-done')[0].params;
      expect(done).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' });
      expect(s.at('/screen').map((r) => r.params.To)).toEqual([phones[1]]);
    });

    it('a carrier voicemail answers after its delay and ignores the whisper: the leg completes, the other phones are hung up, the caller is not connected', async () => {
      const s = await server('url="/screen"');
      const c = await call(s, { statusCallbackUrl: undefined, dial: [{ phones: [{ kind: 'carrier-voicemail' }] }] });
      expect(s.at('/dial-done')[0].params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'false' });
      expect(c.transcript.join('\n')).toMatch(/carrier's voicemail answers/);
      // Picked up after 25 s of ringing, whisper about 2 s, then 5 s waiting for a key.
      const leg = s.at('/leg').find((r) => r.params.To === phones[0])!.params;
      expect(leg).toMatchObject({ CallStatus: 'completed' });
      expect(legStatuses(s)).toMatchObject({ [phones[1]]: 'canceled', [phones[2]]: 'canceled' });
      expect(Number(leg.CallDuration)).toBeLessThanOrEqual(8);
    });

    it('unscreened, the carrier voicemail takes the call: Twilio reports it bridged', async () => {
      const s = await server('');
      await call(s, { statusCallbackUrl: undefined, dial: [{ phones: [{ kind: 'carrier-voicemail', messageSeconds: 12 }] }] });
      expect(s.at('/dial-done')[0].params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' });
    });

    it('a ring time shorter than the carrier delay ends no-answer before the voicemail picks up', async () => {
      const s = await server('', 15);
      await call(s, { statusCallbackUrl: undefined, dial: [{ phones: [{ kind: 'carrier-voicemail' }] }] });
      expect(s.at('/dial-done')[0].params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false' });
    });

    it('a declined call goes to voicemail at once and so hangs up a person still ringing; an unreachable phone keeps failed', async () => {
      const s = await server('url="/screen"');
      const c = await call(s, {
        statusCallbackUrl: undefined,
        dial: [
          { phones: [{ kind: 'carrier-voicemail', answerAfterSeconds: 1 }, { kind: 'person', talkSeconds: 10 }, { kind: 'unreachable' }] },
        ],
      });
      // "The first call to pick up is connected to the current call and the rest are hung up".
      expect(legStatuses(s)).toEqual({ [phones[0]]: 'completed', [phones[1]]: 'canceled', [phones[2]]: 'failed' });
      expect(s.at('/screen').map((r) => r.params.To)).toEqual([phones[0]]);
      expect(s.at('/dial-done')[0].params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'false' });
      expect(c.transcript).toContain('Callee stays silent (timeout 5 s)');
    });

    it('carries the simulated time of day in X-Simulated-Time and in the timestamps', async () => {
      const s = await server('');
      const startAt = new Date('2026-03-08T14:30:00Z');
      await call(s, { startAt, dial: [{ phones: [{ kind: 'no-answer' }] }] });
      expect(s.at('/voice')[0].headers['x-simulated-time']).toBe('2026-03-08T14:30:00.000Z');
      expect(s.at('/leg')[0].params.Timestamp).toMatch(/^Sun, 08 Mar 2026 14:30:/);
    });
  });
});

describe('<Record>', () => {
  const voicemail = twiml(
    '<Say>Leave a message.</Say>' +
      '<Record action="/vm-done" maxLength="60" recordingStatusCallback="/rec" ' +
      'recordingStatusCallbackEvent="completed absent" transcribe="true" transcribeCallback="/tx"/>',
  );

  it('hang-up: action with Digits=hangup, then status, recording and transcription callbacks in that order', async () => {
    const s = await cannedServer({ '/voice': voicemail, '/vm-done': twiml('<Say>Ignored</Say>'), '/rec': OK, '/tx': OK, '/status': OK });
    const recordings: Array<{ recordingSid: string; seconds: number }> = [];
    const c = await call(s, {
      record: { seconds: 12, end: 'hangup', transcript: 'Please call me back' },
      mediaBaseUrl: 'http://127.0.0.1:9/',
      onRecording: (rec) => {
        recordings.push(rec);
      },
    });

    const sid = c.recordingSids[0];
    expect(sid).toMatch(/^RE[0-9a-f]{32}$/);
    const mediaUrl = `http://127.0.0.1:9/2010-04-01/Accounts/${ACCOUNT}/Recordings/${sid}`;
    expect(s.at('/vm-done')[0].params).toMatchObject({
      Digits: 'hangup',
      CallStatus: 'completed',
      RecordingDuration: '12',
      RecordingSid: sid,
      RecordingUrl: mediaUrl,
    });
    expect(s.received.map((r) => r.path)).toEqual(['/voice', '/vm-done', '/status', '/rec', '/tx']);
    expect(s.at('/rec')[0].params).toMatchObject({
      CallSid: c.callSid,
      RecordingStatus: 'completed',
      RecordingDuration: '12',
      RecordingSource: 'RecordVerb',
      RecordingChannels: '1',
    });
    expect(s.at('/tx')[0].params).toMatchObject({
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Please call me back',
      RecordingSid: sid,
      CallStatus: 'completed',
    });
    expect(recordings).toEqual([{ recordingSid: sid, callSid: c.callSid, seconds: 12 }]);
    expect(c.transcript).toContain('Recording 12 s … caller hangs up');
    expect(said(c)).not.toContain('Ignored');
  });

  it('finish key keeps the caller on; maxLength clamps the duration', async () => {
    const s = await cannedServer({ '/voice': voicemail, '/vm-done': twiml('<Say>Thanks</Say>'), '/rec': OK, '/tx': OK });
    const c = await call(s, { statusCallbackUrl: undefined, record: { seconds: 90 } });
    expect(s.at('/vm-done')[0].params).toMatchObject({ Digits: '', CallStatus: 'in-progress', RecordingDuration: '60' });
    expect(s.at('/rec')[0].params.RecordingDuration).toBe('60');
    expect(s.at('/tx')[0].params.TranscriptionText).toMatch(/\S/);
    expect(c.transcript).toContain('Recording 90 s … maxLength 60 s reached');
    expect(c.transcript).toContain('Twilio says: "Thanks"');
  });

  it('transcribes only recordings shorter than 120 s (the default maxLength when transcribing)', async () => {
    const s = await cannedServer({
      '/voice': twiml('<Record action="/vm-done" recordingStatusCallback="/rec" transcribe="true" transcribeCallback="/tx"/>'),
      '/vm-done': twiml('<Hangup/>'),
      '/rec': OK,
      '/tx': OK,
    });
    await call(s, { statusCallbackUrl: undefined, record: { seconds: 150, end: '#' } });
    expect(s.at('/vm-done')[0].params).toMatchObject({ RecordingDuration: '120', Digits: '' });
    expect(s.at('/tx')).toHaveLength(0);
  });

  it('silence ends a recording after timeout; the action sees the untrimmed length', async () => {
    const s = await cannedServer({
      '/voice': twiml('<Record action="/vm-done" timeout="3" recordingStatusCallback="/rec"/>'),
      '/vm-done': twiml('<Hangup/>'),
      '/rec': OK,
    });
    await call(s, { statusCallbackUrl: undefined, record: { seconds: 10, end: 'timeout' } });
    expect(s.at('/vm-done')[0].params).toMatchObject({ RecordingDuration: '13', Digits: '' });
    expect(s.at('/rec')[0].params.RecordingDuration).toBe('10');
  });

  it('a 0-second recording still requests the action but only reports absent', async () => {
    const s = await cannedServer({ '/voice': voicemail, '/vm-done': twiml('<Hangup/>'), '/rec': OK, '/tx': OK });
    const c = await call(s, { statusCallbackUrl: undefined, record: { seconds: 0, end: 'hangup' } });
    expect(s.at('/vm-done')[0].params.RecordingDuration).toBe('0');
    expect(s.at('/rec').map((r) => r.params.RecordingStatus)).toEqual(['absent']);
    expect(s.at('/tx')).toHaveLength(0);
    expect(c.recordingSids).toEqual([]);
  });

  it('reports a failed transcription', async () => {
    const s = await cannedServer({ '/voice': voicemail, '/vm-done': twiml('<Hangup/>'), '/rec': OK, '/tx': OK });
    await call(s, { statusCallbackUrl: undefined, record: { seconds: 10, transcript: null } });
    const tx = s.at('/tx')[0].params;
    expect(tx.TranscriptionStatus).toBe('failed');
    expect(tx.TranscriptionText).toBeUndefined();
  });
});

describe('retries and delivery', () => {
  it('retries a 503 callback per #rc=3&rp=5xx and succeeds on the second attempt', async () => {
    const s = await cannedServer({ '/voice': twiml('<Hangup/>'), '/status': (_r, nth) => (nth === 1 ? { status: 503 } : OK) });
    const c = await call(s, { statusCallbackUrl: '/status#rc=3&rp=5xx' });
    const exchange = c.exchanges.find((e) => e.kind === 'async');
    expect(exchange).toMatchObject({ attempts: 2, status: 204 });
    expect(s.at('/status')).toHaveLength(2);
    expect(c.problems).toEqual([]);
    expect(said(c)).toContain('↪ async POST /status → 204 (2 attempts: 503, 204)');
    // The same request retried: same idempotency token.
    const [a, b] = s.at('/status');
    expect(a.headers['i-twilio-idempotency-token']).toBe(b.headers['i-twilio-idempotency-token']);
  });

  it('does not retry a 503 without a fragment (default policy is ct only)', async () => {
    const s = await cannedServer({ '/voice': twiml('<Hangup/>'), '/status': { status: 503 } });
    const c = await call(s);
    expect(s.at('/status')).toHaveLength(1);
    expect(c.problems).toEqual([{ kind: 'callback-failed', url: `${s.base}/status`, status: 503, attempts: 1 }]);
  });

  it('retries a refused connection once by default', async () => {
    const s = await cannedServer({ '/voice': twiml('<Hangup/>') });
    const c = await call(s, { statusCallbackUrl: 'http://127.0.0.1:9/status' });
    expect(c.exchanges.find((e) => e.kind === 'async')).toMatchObject({ attempts: 2, status: 'error' });
    expect(c.problems[0].kind).toBe('callback-failed');
  });

  it('honours the fragment on synchronous requests too', async () => {
    const s = await cannedServer({ '/voice': (_r, nth) => (nth === 1 ? { status: 500 } : twiml('<Say>Recovered</Say>')) });
    const c = await call(s, { voiceUrl: '/voice#rc=1&rp=5xx', statusCallbackUrl: undefined });
    expect(c.exchanges[0]).toMatchObject({ kind: 'sync', attempts: 2, status: 200 });
    expect(c.transcript).toContain('Twilio says: "Recovered"');
  });

  it('delivers duplicates and reverse order on request', async () => {
    const s = await cannedServer({
      '/voice': (r) =>
        twiml(
          `<Dial action="/done"><Number statusCallback="${origin(r)}/leg" statusCallbackEvent="initiated completed">+15551230000</Number></Dial>`,
        ),
      '/done': twiml('<Hangup/>'),
      '/leg': OK,
      '/status': OK,
    });
    const order = (c: SimulatedCall): string[] =>
      c.exchanges.filter((e) => e.kind === 'async').map((e) => `${new URL(e.url).pathname}:${e.params.CallStatus}`);

    const natural = await call(s, { dial: [{ outcome: 'busy' }] });
    expect(order(natural)).toEqual(['/leg:initiated', '/leg:busy', '/status:completed']);
    const reversed = await call(s, { dial: [{ outcome: 'busy' }], callbacks: { order: 'reverse' } });
    expect(order(reversed)).toEqual(['/status:completed', '/leg:busy', '/leg:initiated']);
    const doubled = await call(s, { dial: [{ outcome: 'busy' }], callbacks: { duplicate: true } });
    expect(order(doubled)).toEqual([
      '/leg:initiated',
      '/leg:initiated',
      '/leg:busy',
      '/leg:busy',
      '/status:completed',
      '/status:completed',
    ]);
    const shuffled = await call(s, { dial: [{ outcome: 'busy' }], callbacks: { order: 'shuffle' } });
    expect([...order(shuffled)].sort()).toEqual([...order(natural)].sort());
  });
});

describe('failures the product must never cause', () => {
  it('a 500 on the voice URL plays the application error and ends the call', async () => {
    const s = await cannedServer({ '/voice': { status: 500, body: 'boom' }, '/status': OK });
    const c = await call(s);
    expect(said(c)).toContain('[application error 11200] POST /voice: 500');
    expect(c.transcript).toContain('Twilio says: "We are sorry, an application error has occurred. Goodbye."');
    expect(c.problems).toEqual([{ kind: 'application-error', code: 11200, url: `${s.base}/voice`, detail: '500' }]);
    expect(c.finalStatus).toBe('completed');
  });

  it("with the number's fallback URL, a failing voice URL is followed by the fallback's TwiML instead of the application error", async () => {
    const s = await cannedServer({
      '/voice': { status: 500, body: 'boom' },
      '/fb': twiml('<Say>Sorry, leave a message.</Say>'),
      '/status': OK,
    });
    const c = await call(s, { fallbackUrl: '/fb' });
    expect(s.at('/fb')[0].params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${s.base}/voice` });
    expect(c.transcript).toContain('Twilio says: "Sorry, leave a message."');
    expect(said(c)).not.toContain('an application error has occurred');
  });

  it('a failing fallback URL is not retried: the application error plays', async () => {
    const s = await cannedServer({ '/voice': { status: 500 }, '/fb': { status: 500 }, '/status': OK });
    const c = await call(s, { fallbackUrl: '/fb' });
    expect(s.at('/fb')).toHaveLength(1);
    expect(c.transcript).toContain('Twilio says: "We are sorry, an application error has occurred. Goodbye."');
  });

  it('a 500 on an action does the same after the earlier verbs ran', async () => {
    const s = await cannedServer({ '/voice': twiml('<Gather numDigits="1" action="/menu"/>'), '/menu': { status: 500 } });
    const c = await call(s, { gather: ['1'], statusCallbackUrl: undefined });
    expect(c.problems.map((p) => p.kind)).toEqual(['application-error']);
    expect(c.transcript.at(-2)).toBe('Twilio says: "We are sorry, an application error has occurred. Goodbye."');
  });

  it('a slow response hits the read timeout (here shortened by #rt)', async () => {
    const s = await cannedServer({ '/voice': { body: twiml('<Hangup/>'), delayMs: 1500 } });
    const started = Date.now();
    const c = await call(s, { voiceUrl: '/voice#rt=200&rc=0', statusCallbackUrl: undefined });
    expect(Date.now() - started).toBeLessThan(1200);
    expect(c.problems[0]).toMatchObject({ kind: 'application-error', code: 11205 });
  });

  it('invalid XML and non-TwiML content types are application errors; plain text is read aloud', async () => {
    const s = await cannedServer({
      '/bad-xml': '<Response><Say>unclosed</Response>',
      '/json': { body: '{}', type: 'application/json' },
      '/plain': { body: 'Hello from plain text', type: 'text/plain' },
    });
    const badXml = await call(s, { voiceUrl: '/bad-xml', statusCallbackUrl: undefined });
    expect(badXml.problems[0]).toMatchObject({ code: 12100 });
    const json = await call(s, { voiceUrl: '/json', statusCallbackUrl: undefined });
    expect(json.problems[0]).toMatchObject({ code: 12300 });
    const plain = await call(s, { voiceUrl: '/plain', statusCallbackUrl: undefined });
    expect(plain.transcript).toContain('Twilio says: "Hello from plain text"');
  });

  it('stops a redirect loop at the document cap', async () => {
    const s = await cannedServer({ '/voice': twiml('<Redirect>/voice</Redirect>') });
    const c = await call(s, { statusCallbackUrl: undefined });
    expect(s.at('/voice')).toHaveLength(50);
    expect(c.problems).toEqual([{ kind: 'loop-guard', documents: 50 }]);
  });

  it('<Reject> as the first verb leaves the call unanswered', async () => {
    const s = await cannedServer({ '/voice': twiml('<Reject reason="busy"/>'), '/status': OK });
    const c = await call(s);
    expect(c.finalStatus).toBe('busy');
    expect(s.at('/status')[0].params).toMatchObject({ CallStatus: 'busy', CallDuration: '0' });
  });
});
