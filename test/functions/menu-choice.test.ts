import { CALL_SID, find, invoke, verbs } from '../support/invoke';

const env = { FORWARD_TO: '+14155550199' };
const caller = '+14705550123';

describe('/menu-choice', () => {
  it('forwards on 1: dials FORWARD_TO showing the caller as caller ID, with a Dial action and leg callback', async () => {
    const answer = await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller }, env);
    const twiml = answer.twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Dial']);
    const dial = twiml[1];
    expect(dial.attrs).toMatchObject({ action: '/forward-result', timeout: '20', callerId: caller });
    const number = find(twiml, 'Number')!;
    expect(number.text).toBe('+14155550199');
    expect(number.attrs).toMatchObject({ statusCallback: '/forward-status#rc=3&rp=5xx,ct,rt', statusCallbackEvent: 'completed' });
  });

  it('uses the configured ring timeout', async () => {
    const answer = await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller }, { ...env, RING_TIMEOUT_SECONDS: '35' });
    expect(find(answer.twiml(), 'Dial')?.attrs.timeout).toBe('35');
  });

  it('leaves caller ID to Twilio when the caller withheld their number', async () => {
    const answer = await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: 'anonymous' }, env);
    expect(find(answer.twiml(), 'Dial')?.attrs.callerId).toBeUndefined();
  });

  it('records a voicemail on 2', async () => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '2' }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(find(twiml, 'Record')?.attrs.recordingStatusCallback).toBe('/recording-status?choice=voicemail#rc=3&rp=5xx,ct,rt');
  });

  it.each(['3', '9', '*', '#', '12'])('repeats the menu on key %s, counting the attempt', async (digits) => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: digits, attempt: '2' }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml[0].text).toMatch(/not one of the choices/);
    expect(twiml[1].text).toBe('/menu?attempt=3');
  });

  it('takes a message instead when FORWARD_TO is missing, and logs the variable', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller }, {})).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml[0].text).toMatch(/can't connect your call/);
    expect(twiml[1].text).toBe('/voicemail?choice=forward');
    expect(errors.mock.calls.flat().join(' ')).toMatch(/FORWARD_TO/);
    errors.mockRestore();
  });

  it('treats a malformed FORWARD_TO like a missing one', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1' }, { FORWARD_TO: '555-1234' })).twiml();
    expect(twiml[1].text).toBe('/voicemail?choice=forward');
    expect(errors.mock.calls.flat().join(' ')).toMatch(/FORWARD_TO must be a phone number in E\.164 form/);
    errors.mockRestore();
  });

  it('answers 400 for a malformed Call SID', async () => {
    const answer = await invoke('menu-choice.protected', { CallSid: 'CAnothex0123456789abcdef0123456789', Digits: '1' }, env);
    expect(answer.status).toBe(400);
  });
});
