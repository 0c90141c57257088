import { CALL_SID, invoke, verbs } from '../support/invoke';

const env = { FORWARD_TO: '+14155550199' };
const caller = '+14705550123';

// What the caller hears and where Twilio goes next, verb by verb. toMatchObject on an
// array checks its length too, so a verb added, dropped or reordered fails the test.
const VOICE = { voice: 'Polly.Joanna', language: 'en-US' };
const say = (text: string) => ({ name: 'Say', attrs: VOICE, text });
const redirect = (url: string) => ({ name: 'Redirect', attrs: { method: 'POST' }, text: url });
const hangup = { name: 'Hangup', children: [] };

const line = '+15025550100';

/**
 * Unscreened: "Connecting you" and a <Dial> ringing every FORWARD_TO number at once, the caller
 * hearing ringing until someone is connected. The Dial action and the legs' callbacks drive the rest.
 */
function forwardSequence(dialAttrs: Record<string, string>, { numbers = ['+14155550199'] } = {}) {
  return [
    say('Connecting you now. Please hold.'),
    {
      name: 'Dial',
      attrs: { action: '/forward-result', method: 'POST', answerOnBridge: 'true', ...dialAttrs },
      children: numbers.map((number) => ({
        name: 'Number',
        attrs: {
          statusCallback: `http://localhost:3000/forward-status?numbers=${numbers.length}#rc=3&rp=5xx,ct,rt`,
          statusCallbackEvent: 'completed',
          statusCallbackMethod: 'POST',
        },
        text: number,
      })),
    },
  ];
}

/** Screened: the caller waits in a conference named after their Call SID; /conference-status rings the phones. */
function conferenceSequence(from = caller) {
  return [
    say('Connecting you now. Please hold.'),
    {
      name: 'Dial',
      attrs: { action: '/forward-result', method: 'POST' },
      children: [
        {
          name: 'Conference',
          text: CALL_SID,
          attrs: {
            startConferenceOnEnter: 'false',
            endConferenceOnExit: 'true',
            beep: 'false',
            maxParticipants: '2',
            waitUrl: 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3',
            waitMethod: 'GET',
            statusCallback: `http://localhost:3000/conference-status?caller=${encodeURIComponent(from)}&line=%2B15025550100#rc=3&rp=5xx,ct,rt`,
            statusCallbackEvent: 'start end join leave',
            statusCallbackMethod: 'POST',
          },
        },
      ],
    },
  ];
}

const forwardUnavailableSequence = [say("Sorry, we can't connect your call right now."), redirect('/voicemail?choice=forward')];

describe('/menu-choice', () => {
  it('forwards on 1 with screening: the caller waits in a conference named after the call, whatever the number of phones', async () => {
    for (const FORWARD_TO of ['+14155550199', ' +14155550199, +14155550188,+442071838750 ']) {
      const twiml = (
        await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: caller, To: line }, { FORWARD_TO })
      ).twiml();
      expect(twiml).toMatchObject(conferenceSequence());
    }
  });

  it('with SCREEN_CALLS=false rings every number at once and connects whoever picks up, ringing 20 s so a carrier voicemail does not', async () => {
    const numbers = ['+14155550199', '+14155550188', '+442071838750'];
    const twiml = (
      await invoke(
        'menu-choice.protected',
        { CallSid: CALL_SID, Digits: '1', From: caller, To: line },
        { FORWARD_TO: numbers.join(','), SCREEN_CALLS: 'false' },
      )
    ).twiml();
    expect(twiml).toMatchObject(forwardSequence({ timeout: '20', callerId: caller }, { numbers }));
    expect(twiml[1].children[0].attrs).not.toHaveProperty('url');
  });

  it('uses the configured ring timeout', async () => {
    const twiml = (
      await invoke(
        'menu-choice.protected',
        { CallSid: CALL_SID, Digits: '1', From: caller, To: line },
        { ...env, SCREEN_CALLS: 'false', RING_TIMEOUT_SECONDS: '35' },
      )
    ).twiml();
    expect(twiml).toMatchObject(forwardSequence({ timeout: '35', callerId: caller }));
  });

  it('leaves caller ID to Twilio when the caller withheld their number', async () => {
    const twiml = (
      await invoke(
        'menu-choice.protected',
        { CallSid: CALL_SID, Digits: '1', From: 'anonymous', To: line },
        { ...env, SCREEN_CALLS: 'false' },
      )
    ).twiml();
    expect(twiml).toMatchObject(forwardSequence({ timeout: '20' }));
    expect(twiml[1].attrs).not.toHaveProperty('callerId');
    expect(
      (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1', From: 'anonymous', To: line }, env)).twiml(),
    ).toMatchObject(conferenceSequence('anonymous'));
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

  it.each([
    [
      'an entry that is not a number',
      '+14155550199, 555-1234',
      /FORWARD_TO must be phone numbers in E\.164 form such as \+14155550123, separated by commas \(got "555-1234"\)/,
    ],
    [
      'more than ten numbers',
      Array.from({ length: 11 }, (_, i) => `+1415555020${i}`).join(','),
      /FORWARD_TO takes at most 10 numbers \(got 11\)/,
    ],
    ['SCREEN_CALLS that is not true or false', '+14155550199', /SCREEN_CALLS must be true or false \(got "no"\)/],
  ])('takes a message instead for %s, naming the variable and the entry', async (_case, forwardTo, logged) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (
      await invoke(
        'menu-choice.protected',
        { CallSid: CALL_SID, Digits: '1', From: caller },
        { FORWARD_TO: forwardTo, SCREEN_CALLS: _case.startsWith('SCREEN') ? 'no' : 'true' },
      )
    ).twiml();
    expect(twiml).toMatchObject(forwardUnavailableSequence);
    expect(errors.mock.calls.flat().join(' ')).toMatch(logged);
  });

  it('ignores empty entries in FORWARD_TO (a trailing comma, two commas in a row) rather than turning forwarding off', async () => {
    const twiml = (
      await invoke(
        'menu-choice.protected',
        { CallSid: CALL_SID, Digits: '1', From: caller },
        { FORWARD_TO: '+14155550199,, +14155550188,', SCREEN_CALLS: 'false' },
      )
    ).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Dial']);
    expect(twiml[1].children.map((number) => number.text)).toEqual(['+14155550199', '+14155550188']);
  });

  it('treats a malformed FORWARD_TO like a missing one', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (await invoke('menu-choice.protected', { CallSid: CALL_SID, Digits: '1' }, { FORWARD_TO: '555-1234' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml).toMatchObject(forwardUnavailableSequence);
    expect(errors.mock.calls.flat().join(' ')).toMatch(
      /FORWARD_TO must be phone numbers in E\.164 form such as \+14155550123, separated by commas \(got "555-1234"\)/,
    );
  });

  it.each([
    [
      'a malformed Call SID',
      { CallSid: 'CAnothex0123456789abcdef0123456789', Digits: '1' },
      'CallSid must be CA followed by 32 hexadecimal characters',
    ],
    ['a missing Call SID', { Digits: '1' }, 'CallSid is required'],
    [
      'an attempt counter that is not a number',
      { CallSid: CALL_SID, Digits: '3', attempt: 'x' },
      'attempt must be a whole number from 1 to 99',
    ],
    ['an attempt counter out of range', { CallSid: CALL_SID, Digits: '3', attempt: '100' }, 'attempt must be a whole number from 1 to 99'],
    ['over-long Digits', { CallSid: CALL_SID, Digits: '1'.repeat(33) }, 'Digits is longer than 32 characters'],
  ])('answers 400 naming the parameter for %s', async (_case, event, message) => {
    const answer = await invoke('menu-choice.protected', event, env);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(message);
  });
});
