import { CALL_SID, invoke, verbs } from '../support/invoke';

// What the caller hears and where Twilio goes next, verb by verb. toMatchObject on an
// array checks its length too, so a verb added, dropped or reordered fails the test.
const VOICE = { voice: 'Polly.Joanna', language: 'en-US' };
const say = (text: string) => ({ name: 'Say', attrs: VOICE, text });
const redirect = (url: string) => ({ name: 'Redirect', attrs: { method: 'POST' }, text: url });
const hangup = { name: 'Hangup', children: [] };

const VOICEMAIL_PROMPT = 'Please leave your name, number and a short message after the tone. Press the pound key when you are done.';
const NO_MESSAGE = "We didn't get a message. Goodbye.";
const APOLOGY = "We're sorry, we can't take your call right now. Please try again later. Goodbye.";

/** The voicemail TwiML: prompt, record (beep first), and a goodbye if <Record> falls through. */
function voicemailSequence(choice: string, maxLength: string) {
  return [
    say(VOICEMAIL_PROMPT),
    {
      name: 'Record',
      attrs: {
        action: '/voicemail-done',
        method: 'POST',
        maxLength,
        finishOnKey: '#',
        timeout: '5',
        playBeep: 'true',
        trim: 'trim-silence',
        transcribe: 'true',
        transcribeCallback: 'http://localhost:3000/transcription#rc=3&rp=5xx,ct,rt',
        recordingStatusCallback: `http://localhost:3000/recording-status?choice=${choice}#rc=3&rp=5xx,ct,rt`,
        recordingStatusCallbackMethod: 'POST',
        recordingStatusCallbackEvent: 'completed absent',
      },
      children: [],
    },
    say(NO_MESSAGE),
    hangup,
  ];
}

describe('/forward-result (the Dial action)', () => {
  it('ends the call after an answered forward', async () => {
    const twiml = (
      await invoke('forward-result.protected', {
        CallSid: CALL_SID,
        DialCallStatus: 'completed',
        DialBridged: 'true',
        CallStatus: 'in-progress',
      })
    ).twiml();
    expect(verbs(twiml)).toEqual(['Hangup']);
    expect(twiml).toMatchObject([hangup]);
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])('goes to voicemail (which apologises) when the forward ends %s', async (status) => {
    const twiml = (
      await invoke('forward-result.protected', {
        CallSid: CALL_SID,
        DialCallStatus: status,
        DialBridged: 'false',
        CallStatus: 'in-progress',
      })
    ).twiml();
    expect(verbs(twiml)).toEqual(['Redirect']);
    expect(twiml).toMatchObject([redirect(`/voicemail?choice=forward&forward=${status}`)]);
  });

  it('goes to voicemail as not accepted when a phone picked up but nobody was connected (screening, carrier voicemail)', async () => {
    const twiml = (
      await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'completed', DialBridged: 'false' })
    ).twiml();
    expect(verbs(twiml)).toEqual(['Redirect']);
    expect(twiml).toMatchObject([redirect('/voicemail?choice=forward&forward=not-accepted')]);
  });

  it('just hangs up when the caller is already gone', async () => {
    const twiml = (
      await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'no-answer', CallStatus: 'completed' })
    ).twiml();
    expect(verbs(twiml)).toEqual(['Hangup']);
    expect(twiml).toMatchObject([hangup]);
  });

  it.each([
    [
      'an unknown DialCallStatus',
      { DialCallStatus: 'maybe' },
      'DialCallStatus must be one of completed, answered, busy, no-answer, failed, canceled',
    ],
    ['a missing DialCallStatus', {}, 'DialCallStatus is required'],
    ['an unknown DialBridged', { DialCallStatus: 'completed', DialBridged: 'yes' }, 'DialBridged must be one of true, false'],
  ])('answers 400 naming the parameter for %s', async (_case, event, message) => {
    const answer = await invoke('forward-result.protected', { CallSid: CALL_SID, ...event });
    expect(answer.status).toBe(400);
    expect(answer.body).toBe(message);
  });
});

describe('/voicemail', () => {
  it('prompts, beeps and records with callbacks that carry the retry fragment, then says goodbye and hangs up', async () => {
    const twiml = (
      await invoke('voicemail.protected', { CallSid: CALL_SID, choice: 'forward' }, { VOICEMAIL_MAX_LENGTH_SECONDS: '90' })
    ).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(twiml).toMatchObject(voicemailSequence('forward', '90'));
  });

  it('apologises first when forwarding reached nobody (the Dial action or the last phone sent the caller here)', async () => {
    const twiml = (await invoke('voicemail.protected', { CallSid: CALL_SID, choice: 'forward', forward: 'no-answer' })).twiml();
    expect(twiml[0]).toMatchObject(say('Sorry, nobody is available to take your call.'));
    expect(verbs(twiml)).toEqual(['Say', 'Say', 'Record', 'Say', 'Hangup']);
  });

  it('defaults to 110 seconds and cuts a maximum Twilio would not transcribe (120 s or more) to 115, logging the variable', async () => {
    const twiml = (await invoke('voicemail.protected', { CallSid: CALL_SID })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Record', 'Say', 'Hangup']);
    expect(twiml).toMatchObject(voicemailSequence('voicemail', '110'));
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // A value above the ceiling is used as the ceiling: the line must keep taking messages.
    for (const value of ['120', '600']) {
      const clamped = (await invoke('voicemail.protected', { CallSid: CALL_SID }, { VOICEMAIL_MAX_LENGTH_SECONDS: value })).twiml();
      expect(clamped).toMatchObject(voicemailSequence('voicemail', '115'));
    }
    expect(warnings.mock.calls.flat().join(' ')).toMatch(/VOICEMAIL_MAX_LENGTH_SECONDS is 600, above 115 .*using 115/);
  });

  it('goes on to /fallback (a voicemail on defaults) when its configuration is unusable, logging the variable', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const env of [{ VOICE: 'robot' }, { LANGUAGE: 'English!' }, { VOICEMAIL_MAX_LENGTH_SECONDS: 'lots' }]) {
      const answer = await invoke('voicemail.protected', { CallSid: CALL_SID }, { ...env, DOMAIN_NAME: 'trusted-line-1234-dev.twil.io' });
      expect(answer.status).toBe(200);
      expect(answer.twiml()).toMatchObject([redirect('https://trusted-line-1234-dev.twil.io/fallback')]);
    }
    const logged = errors.mock.calls.flat().join(' ');
    expect(logged).toMatch(/\/voicemail: VOICE is not a voice/);
    expect(logged).toMatch(/\/voicemail: LANGUAGE must be a language tag/);
    expect(logged).toMatch(/VOICEMAIL_MAX_LENGTH_SECONDS must be a whole number from 5 to 115 \(got "lots"\)/);
  });

  it('answers 400 naming the parameter for an unknown choice', async () => {
    const answer = await invoke('voicemail.protected', { CallSid: CALL_SID, choice: "x')" });
    expect(answer.status).toBe(400);
    expect(answer.body).toBe('choice must be one of forward, voicemail, none, closed');
  });

  it('answers 400 naming the parameter for a malformed Call SID', async () => {
    const answer = await invoke('voicemail.protected', { CallSid: 'CA123', choice: 'forward' });
    expect(answer.status).toBe(400);
    expect(answer.body).toBe('CallSid must be CA followed by 32 hexadecimal characters');
  });
});

describe('callback URLs Twilio keeps for later', () => {
  it('are absolute https URLs on the service domain in production', async () => {
    const record = (
      await invoke('voicemail.protected', { CallSid: CALL_SID }, { DOMAIN_NAME: 'trusted-line-1234-dev.twil.io' })
    ).twiml()[1];
    expect(record.attrs.recordingStatusCallback).toBe(
      'https://trusted-line-1234-dev.twil.io/recording-status?choice=voicemail#rc=3&rp=5xx,ct,rt',
    );
    expect(record.attrs.transcribeCallback).toBe('https://trusted-line-1234-dev.twil.io/transcription#rc=3&rp=5xx,ct,rt');
  });
});

describe('/fallback (the number\'s "Primary handler fails" URL)', () => {
  const FALLBACK_APOLOGY = "We're sorry, something went wrong on our side. Please leave a message instead.";

  it('apologises and takes a voicemail logged by the usual callbacks, on defaults only', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // Configuration that would break the menu and voicemail cannot break the fallback.
    const broken = { VOICE: 'not a voice', VOICEMAIL_MAX_LENGTH_SECONDS: 'lots', FORWARD_TO: 'nobody' };
    const twiml = (
      await invoke('fallback.protected', { CallSid: CALL_SID, ErrorCode: '11200', ErrorUrl: 'https://x.twil.io/menu' }, broken)
    ).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Say', 'Record', 'Say', 'Hangup']);
    const [apology, ...voicemail] = twiml;
    expect(apology).toMatchObject(say(FALLBACK_APOLOGY));
    const expected = voicemailSequence('voicemail', '110');
    (expected[1] as { attrs: Record<string, string> }).attrs.recordingStatusCallback =
      'http://localhost:3000/recording-status#rc=3&rp=5xx,ct,rt';
    expect(voicemail).toMatchObject(expected);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/error 11200 at https:\/\/x\.twil\.io\/menu/);
  });

  it('logs ErrorCode and ErrorUrl on one line, their control characters escaped, so a request cannot forge a log line', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const event = {
      CallSid: CALL_SID,
      ErrorCode: '1\r\nOK',
      ErrorUrl: 'https://x.twil.io/menu\nConfiguration problem in /menu: \u001b[2Kforged',
    };
    await invoke('fallback.protected', event, {});
    const logged = errors.mock.calls.map((args) => args.join(' '));
    expect(logged).toEqual([
      'Voice fallback: Twilio error 1\\r\\nOK at https://x.twil.io/menu\\nConfiguration problem in /menu: \\u001b[2Kforged',
    ]);
  });

  it('never sends a caller back to itself: without a usable DOMAIN_NAME it apologises and hangs up', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (await invoke('fallback.protected', { CallSid: CALL_SID }, { DOMAIN_NAME: 'not a host/' })).twiml();
    expect(twiml).toMatchObject([say(APOLOGY), hangup]);
  });

  it("is not where the whisper goes on a failure: that is an owner's phone, whose leg is hung up", async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (
      await invoke(
        'screen.protected',
        { CallSid: CALL_SID, conference: CALL_SID, caller: '+14155550123', line: '+15025550100' },
        { VOICE: 'robot' },
      )
    ).twiml();
    expect(twiml).toMatchObject([say(APOLOGY), hangup]);
  });

  it('needs no parameter at all, so a malformed request cannot make it fail too', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await invoke('fallback.protected', { CallSid: 'not a sid' });
    expect(answer.status).toBe(200);
    expect(verbs(answer.twiml())).toEqual(['Say', 'Say', 'Record', 'Say', 'Hangup']);
  });
});

describe('/voicemail-done (the Record action)', () => {
  it('thanks the caller and hangs up after a message', async () => {
    const twiml = (await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '14', Digits: '#' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Hangup']);
    expect(twiml).toMatchObject([say('Thank you. Your message has been saved. Goodbye.'), hangup]);
  });

  it('says goodbye on the default voice when VOICE is unusable, never asking for the message again', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const twiml = (
      await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '14', Digits: '#' }, { VOICE: 'robot' })
    ).twiml();
    expect(twiml).toMatchObject([say('Thank you. Goodbye.'), hangup]);
  });

  it('says a polite goodbye for an empty recording, then hangs up', async () => {
    const twiml = (await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '0', Digits: '' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Hangup']);
    expect(twiml).toMatchObject([say("We didn't get a message. Feel free to call again. Goodbye."), hangup]);
  });

  it('says nothing to a caller who hung up', async () => {
    const twiml = (
      await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '9', Digits: 'hangup', CallStatus: 'completed' })
    ).twiml();
    expect(verbs(twiml)).toEqual(['Hangup']);
    expect(twiml).toMatchObject([hangup]);
  });

  it('answers 400 naming the parameter for a malformed RecordingDuration', async () => {
    const answer = await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '-3', Digits: '#' });
    expect(answer.status).toBe(400);
    expect(answer.body).toBe('RecordingDuration must be a whole number from 0 to 86400');
  });
});
