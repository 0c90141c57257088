import { CALL_SID, find, invoke, verbs } from '../support/invoke';

describe('/menu', () => {
  it('greets the caller and gathers one digit, posting it to /menu-choice', async () => {
    const answer = await invoke('menu.protected', { CallSid: CALL_SID }, { GREETING: 'Hello from Acme Plumbing.' });
    expect(answer.status).toBe(200);
    expect(answer.headers['Content-Type']).toBe('text/xml');
    const twiml = answer.twiml();
    expect(verbs(twiml)).toEqual(['Gather', 'Redirect']);
    const gather = twiml[0];
    expect(gather.attrs).toMatchObject({ numDigits: '1', action: '/menu-choice?attempt=1', method: 'POST', input: 'dtmf' });
    expect(gather.children[0].name).toBe('Say');
    expect(gather.children[0].text).toBe('Hello from Acme Plumbing. To speak with someone, press 1. To leave a message, press 2.');
    expect(gather.children[0].attrs).toMatchObject({ voice: 'Polly.Joanna', language: 'en-US' });
    // Silence falls through the Gather to the next attempt, counted in the URL.
    expect(twiml[1].text).toBe('/menu?attempt=2');
  });

  it('uses the configured voice, language and timeout', async () => {
    const answer = await invoke('menu.protected', { CallSid: CALL_SID }, { VOICE: 'alice', LANGUAGE: 'en-GB', MENU_TIMEOUT_SECONDS: '9' });
    const gather = answer.twiml()[0];
    expect(gather.attrs.timeout).toBe('9');
    expect(gather.children[0].attrs).toMatchObject({ voice: 'alice', language: 'en-GB' });
  });

  it('repeats only the prompt on later attempts', async () => {
    const twiml = (await invoke('menu.protected', { CallSid: CALL_SID, attempt: '2' })).twiml();
    expect(find(twiml, 'Say')?.text).toBe('To speak with someone, press 1. To leave a message, press 2.');
    expect(twiml[1].text).toBe('/menu?attempt=3');
  });

  it('takes the caller to voicemail instead of dropping them after the last attempt', async () => {
    const twiml = (await invoke('menu.protected', { CallSid: CALL_SID, attempt: '3' }, { MENU_MAX_ATTEMPTS: '2' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml[1].text).toBe('/voicemail?choice=none');
  });

  it('answers 400 with a message for a missing or malformed Call SID', async () => {
    const missing = await invoke('menu.protected', {});
    expect(missing.status).toBe(400);
    expect(missing.body).toBe('CallSid is required');
    const malformed = await invoke('menu.protected', { CallSid: 'CA123' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatch(/CallSid must be CA followed by 32 hexadecimal characters/);
  });

  it('answers 400 for a malformed attempt counter', async () => {
    const answer = await invoke('menu.protected', { CallSid: CALL_SID, attempt: 'x' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/attempt must be a whole number/);
  });

  it('goes on to /fallback (apology, then a voicemail) and logs the variable when configuration is invalid', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await invoke('menu.protected', { CallSid: CALL_SID }, { MENU_MAX_ATTEMPTS: 'lots' });
    expect(answer.status).toBe(200);
    const twiml = answer.twiml();
    expect(verbs(twiml)).toEqual(['Redirect']);
    expect(twiml[0]).toMatchObject({ attrs: { method: 'POST' }, text: 'http://localhost:3000/fallback' });
    expect(errors.mock.calls.flat().join(' ')).toMatch(/MENU_MAX_ATTEMPTS/);
  });
});
