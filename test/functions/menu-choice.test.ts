import { CALL_SID, invoke, verbs } from '../support/invoke';

const env = { FORWARD_TO: '+14155550199' };
const caller = '+14705550123';

// What the caller hears and where Twilio goes next, verb by verb. toMatchObject on an
// array checks its length too, so a verb added, dropped or reordered fails the test.
const VOICE = { voice: 'Polly.Joanna', language: 'en-US' };
const say = (text: string) => ({ name: 'Say', attrs: VOICE, text });
const redirect = (url: string) => ({ name: 'Redirect', attrs: { method: 'POST' }, text: url });
const hangup = { name: 'Hangup', children: [] };

/** "Connecting you" and a <Dial> to FORWARD_TO whose action and leg callback drive the rest of the call. */
function forwardSequence(dialAttrs: Record<string, string>) {
  return [
    say('Connecting you now. Please hold.'),
    {
      name: 'Dial',
      attrs: { action: '/forward-result', method: 'POST', ...dialAttrs },
      children: [
        {
          name: 'Number',
          attrs: { statusCallback: 'http://localhost:3000/forward-status#rc=3&rp=5xx,ct,rt', statusCallbackEvent: 'completed', statusCallbackMethod: 'POST' },
          text: '+14155550199',
          children: [],
        },
      ],
    },
  ];
}

/** Forwarding is not configured: apologise and take a message instead. */
const forwardUnavailableSequence = [say("Sorry, we can't connect your call right now."), redirect('/voicemail?choice=forward')];

describe('/menu-choice', () => {
  it('forwards on 1: dials FORWARD_TO showing the caller as caller ID, with a Dial action and leg callback', async () => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Dial']);
    expect(verbs(twiml[1].children)).toEqual(['Number']);
    expect(twiml).toMatchObject(forwardSequence({ timeout: '20', callerId: caller }));
  });

  it('uses the configured ring timeout', async () => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller }, { ...env, RING_TIMEOUT_SECONDS: '35' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Dial']);
    expect(twiml).toMatchObject(forwardSequence({ timeout: '35', callerId: caller }));
  });

  it('leaves caller ID to Twilio when the caller withheld their number', async () => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: 'anonymous' }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Dial']);
    expect(twiml).toMatchObject(forwardSequence({ timeout: '20' }));
    expect(twiml[1].attrs).not.toHaveProperty('callerId');
  });

  it('records a voicemail on 2: prompt, record, and a goodbye and hang-up if nothing is recorded', async () => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '2' }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(twiml).toMatchObject([
      say('Please leave your name, number and a short message after the tone. Press the pound key when you are done.'),
      {
        name: 'Record',
        attrs: {
          action: '/voicemail-done',
          method: 'POST',
          maxLength: '110',
          finishOnKey: '#',
          playBeep: 'true',
          transcribe: 'true',
          transcribeCallback: 'http://localhost:3000/transcription#rc=3&rp=5xx,ct,rt',
          recordingStatusCallback: 'http://localhost:3000/recording-status?choice=voicemail#rc=3&rp=5xx,ct,rt',
          recordingStatusCallbackMethod: 'POST',
          recordingStatusCallbackEvent: 'completed absent',
        },
        children: [],
      },
      say("We didn't get a message. Goodbye."),
      hangup,
    ]);
  });

  it.each(['3', '9', '*', '#', '12', ''])('repeats the menu on key %j, counting the attempt', async (digits) => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: digits, attempt: '2' }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml).toMatchObject([say("Sorry, that's not one of the choices."), redirect('/menu?attempt=3')]);
  });

  it('counts from the first attempt when none is given', async () => {
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '7' }, env)).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml).toMatchObject([say("Sorry, that's not one of the choices."), redirect('/menu?attempt=2')]);
  });

  it('takes a message instead when FORWARD_TO is missing, and logs the variable', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller }, {})).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml).toMatchObject(forwardUnavailableSequence);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/\/menu-choice\b.*FORWARD_TO is not set/);
  });

  it('treats a malformed FORWARD_TO like a missing one', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1' }, { FORWARD_TO: '555-1234' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml).toMatchObject(forwardUnavailableSequence);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/FORWARD_TO must be a phone number in E\.164 form such as \+14155550123 \(got "555-1234"\)/);
  });

  it.each([
    ['a malformed Call SID', { CallSid: 'CAnothex0123456789abcdef0123456789', Digits: '1' }, 'CallSid must be CA followed by 32 hexadecimal characters'],
    ['a missing Call SID', { Digits: '1' }, 'CallSid is required'],
    ['an attempt counter that is not a number', { CallSid: CALL_SID, Digits: '3', attempt: 'x' }, 'attempt must be a whole number from 1 to 99'],
    ['an attempt counter out of range', { CallSid: CALL_SID, Digits: '3', attempt: '100' }, 'attempt must be a whole number from 1 to 99'],
    ['over-long Digits', { CallSid: CALL_SID, Digits: '1'.repeat(33) }, 'Digits is longer than 32 characters'],
  ])('answers 400 naming the parameter for %s', async (_case, event, message) => {
    const answer = await invoke('menu-choice.protected', event, env);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(message);
  });
});
