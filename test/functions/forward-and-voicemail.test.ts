import { CALL_SID, find, invoke, verbs } from '../support/invoke';

describe('/forward-result (the Dial action)', () => {
  it('ends the call after an answered forward', async () => {
    const twiml = (await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'completed', DialBridged: 'true', CallStatus: 'in-progress' })).twiml();
    expect(verbs(twiml)).toEqual(['Hangup']);
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'])('apologises and goes to voicemail when the forward ends %s', async (status) => {
    const twiml = (await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: status, DialBridged: 'false', CallStatus: 'in-progress' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Redirect']);
    expect(twiml[0].text).toMatch(/sorry/i);
    expect(twiml[1].text).toBe('/voicemail?choice=forward');
  });

  it('goes to voicemail when the leg completed without being bridged', async () => {
    const twiml = (await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'completed', DialBridged: 'false' })).twiml();
    expect(twiml[1].text).toBe('/voicemail?choice=forward');
  });

  it('just hangs up when the caller is already gone', async () => {
    const twiml = (await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'no-answer', CallStatus: 'completed' })).twiml();
    expect(verbs(twiml)).toEqual(['Hangup']);
  });

  it('answers 400 for an unknown DialCallStatus', async () => {
    const answer = await invoke('forward-result.protected', { CallSid: CALL_SID, DialCallStatus: 'maybe' });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/DialCallStatus must be one of/);
  });
});

describe('/voicemail', () => {
  it('prompts, beeps and records with callbacks that carry the retry fragment', async () => {
    const twiml = (await invoke('voicemail.protected', { CallSid: CALL_SID, choice: 'forward' }, { VOICEMAIL_MAX_LENGTH_SECONDS: '90' })).twiml();
    const record = find(twiml, 'Record')!;
    expect(twiml[0].text).toMatch(/after the tone/);
    expect(record.attrs).toMatchObject({
      action: '/voicemail-done',
      maxLength: '90',
      finishOnKey: '#',
      playBeep: 'true',
      trim: 'trim-silence',
      transcribe: 'true',
      transcribeCallback: '/transcription#rc=3&rp=5xx,ct,rt',
      recordingStatusCallback: '/recording-status?choice=forward#rc=3&rp=5xx,ct,rt',
      recordingStatusCallbackEvent: 'completed absent',
    });
  });

  it('defaults to 120 seconds and refuses a longer configured maximum', async () => {
    const twiml = (await invoke('voicemail.protected', { CallSid: CALL_SID })).twiml();
    expect(find(twiml, 'Record')?.attrs.maxLength).toBe('120');
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const tooLong = (await invoke('voicemail.protected', { CallSid: CALL_SID }, { VOICEMAIL_MAX_LENGTH_SECONDS: '600' })).twiml();
    expect(verbs(tooLong)).toEqual(['Say', 'Hangup']);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/VOICEMAIL_MAX_LENGTH_SECONDS/);
    errors.mockRestore();
  });

  it('answers 400 for an unknown choice', async () => {
    const answer = await invoke('voicemail.protected', { CallSid: CALL_SID, choice: "x')" });
    expect(answer.status).toBe(400);
  });
});

describe('/voicemail-done (the Record action)', () => {
  it('thanks the caller and hangs up after a message', async () => {
    const twiml = (await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '14', Digits: '#' })).twiml();
    expect(verbs(twiml)).toEqual(['Say', 'Hangup']);
    expect(twiml[0].text).toMatch(/message has been saved/);
  });

  it('says a polite goodbye for an empty recording', async () => {
    const twiml = (await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '0', Digits: '' })).twiml();
    expect(twiml[0].text).toMatch(/didn't get a message/);
  });

  it('says nothing to a caller who hung up', async () => {
    const twiml = (await invoke('voicemail-done.protected', { CallSid: CALL_SID, RecordingDuration: '9', Digits: 'hangup', CallStatus: 'completed' })).twiml();
    expect(verbs(twiml)).toEqual(['Hangup']);
  });
});
