// Call screening, several phones and business hours, function by function: the TwiML the
// answering phone and the caller get, and the facts each callback owns.
import {
  factsFromConferenceEvent,
  factsFromForwardLeg,
  factsFromPhoneEnd,
  factsFromRecording,
  factsFromUnconnectedLegs,
} from '../../functions/lib/calls/facts';
import { CALL_SID, CHILD_SID, invoke, RECORDING_SID, verbs } from '../support/invoke';

const VOICE = { voice: 'Polly.Joanna', language: 'en-US' };
const say = (text: string) => ({ name: 'Say', attrs: VOICE, text });

const CONFERENCE = { conference: CALL_SID, caller: '+14705550123', line: '+15025550100' };

describe('/screen (the whisper, on the answering phone)', () => {
  it('says who the call is for and from, digit by digit, and waits a few seconds for 1', async () => {
    const twiml = (await invoke('screen.protected', { CallSid: CHILD_SID, ...CONFERENCE })).twiml();
    expect(verbs(twiml)).toEqual(['Gather', 'Hangup']);
    expect(twiml[0]).toMatchObject({
      attrs: {
        input: 'dtmf',
        numDigits: '1',
        timeout: '5',
        action: `/screen-result?conference=${CALL_SID}&caller=%2B14705550123&line=%2B15025550100`,
        method: 'POST',
      },
      children: [say('Call for line 0 1 0 0 from 1 4 7 0 5 5 5 0 1 2 3. Press 1 to take the call.')],
    });
  });

  it('says "a withheld number" for a caller without one', async () => {
    const twiml = (await invoke('screen.protected', { CallSid: CHILD_SID, ...CONFERENCE, caller: 'anonymous' })).twiml();
    expect(twiml[0].children).toMatchObject([say('Call for line 0 1 0 0 from a withheld number. Press 1 to take the call.')]);
  });

  it('refuses a whisper without its conference (400)', async () => {
    expect((await invoke('screen.protected', { CallSid: CHILD_SID, caller: '+14705550123' })).status).toBe(400);
  });
});

describe('/screen-result', () => {
  it("joins the caller's conference on 1, labelled with this phone's number, which starts it", async () => {
    const twiml = (await invoke('screen-result.protected', { CallSid: CHILD_SID, Digits: '1', To: '+14155550102', ...CONFERENCE })).twiml();
    expect(verbs(twiml)).toEqual(['Dial']);
    expect(twiml[0].children).toMatchObject([
      {
        name: 'Conference',
        text: CALL_SID,
        attrs: {
          startConferenceOnEnter: 'true',
          endConferenceOnExit: 'true',
          maxParticipants: '2',
          participantLabel: '+14155550102',
          statusCallback: 'http://localhost:3000/conference-status?caller=%2B14705550123&line=%2B15025550100#rc=3&rp=5xx,ct,rt',
          statusCallbackEvent: 'start end join leave',
        },
      },
    ]);
  });

  it.each(['2', '0', '*', '11', ''])('hangs up this phone on %j', async (digits) => {
    expect(verbs((await invoke('screen-result.protected', { CallSid: CHILD_SID, Digits: digits, ...CONFERENCE })).twiml())).toEqual([
      'Hangup',
    ]);
  });
});

describe('the join fact', () => {
  const event = { ConferenceSid: `CF${'a'.repeat(32)}`, FriendlyName: CALL_SID, caller: '', line: '' };

  it("a phone's join is the acceptance: the caller's row says answered, by that number, however short the talk", () => {
    expect(
      factsFromConferenceEvent({ ...event, StatusCallbackEvent: 'participant-join', CallSid: CHILD_SID, ParticipantLabel: '+14155550102' }),
    ).toEqual({
      callSid: CALL_SID,
      choice: 'forward',
      forwardStatus: 'answered',
      forwardedTo: '+14155550102',
      forwardCallSid: CHILD_SID,
    });
  });

  it("the caller's own join, a leave and the conference's start and end write nothing", () => {
    expect(factsFromConferenceEvent({ ...event, StatusCallbackEvent: 'participant-join', CallSid: CALL_SID })).toBeNull();
    expect(
      factsFromConferenceEvent({
        ...event,
        StatusCallbackEvent: 'participant-leave',
        CallSid: CHILD_SID,
        ParticipantLabel: '+14155550102',
      }),
    ).toBeNull();
    expect(factsFromConferenceEvent({ ...event, StatusCallbackEvent: 'conference-end' })).toBeNull();
  });

  it('the phone that joined writes its talk time when its call ends; with several phones the others write nothing', () => {
    const end = {
      CallSid: CHILD_SID,
      CallStatus: 'completed' as const,
      CallDuration: 14,
      To: '+14155550102',
      conference: CALL_SID,
      line: '',
      numbers: 3,
    };
    expect(factsFromPhoneEnd(end, { kind: 'accepted' })).toEqual({ callSid: CALL_SID, forwardTalkSeconds: 14 });
    expect(factsFromPhoneEnd(end, { kind: 'other' })).toBeNull();
    expect(factsFromPhoneEnd({ ...end, CallStatus: 'busy', numbers: 1 }, { kind: 'other' })).toEqual({
      callSid: CALL_SID,
      choice: 'forward',
      forwardedTo: '+14155550102',
      forwardStatus: 'busy',
      forwardTalkSeconds: 0,
    });
    expect(factsFromPhoneEnd({ ...end, numbers: 1 }, { kind: 'other' })).toMatchObject({ forwardStatus: 'not-accepted' });
    expect(factsFromPhoneEnd({ ...end, numbers: 1 }, { kind: 'accepted' })).toEqual({ callSid: CALL_SID, forwardTalkSeconds: 14 });
  });

  it('the phone that moved the caller to voicemail leaves the verdict to the caller, unless Sync could not keep it', () => {
    const end = {
      CallSid: CHILD_SID,
      CallStatus: 'no-answer' as const,
      CallDuration: 0,
      To: '+14155550102',
      conference: CALL_SID,
      line: '',
      numbers: 2,
    };
    expect(factsFromPhoneEnd(end, { kind: 'moved', verdict: 'no-answer', kept: true })).toBeNull();
    expect(factsFromPhoneEnd({ ...end, numbers: 1 }, { kind: 'moved', verdict: 'no-answer', kept: true })).toBeNull();
    expect(factsFromPhoneEnd(end, { kind: 'moved', verdict: 'not-accepted', kept: false })).toEqual({
      callSid: CALL_SID,
      choice: 'forward',
      forwardStatus: 'not-accepted',
      forwardTalkSeconds: 0,
    });
  });
});

describe("an unscreened forwarded leg's facts", () => {
  const leg = { CallSid: CHILD_SID, ParentCallSid: CALL_SID, To: '+14155550199' };

  it('a leg that completed was answered, however short', () => {
    expect(factsFromForwardLeg({ ...leg, CallStatus: 'completed', CallDuration: 3, numbers: 1 })).toMatchObject({
      forwardStatus: 'answered',
      forwardTalkSeconds: 3,
      forwardedTo: '+14155550199',
    });
  });

  it.each(['no-answer', 'busy', 'failed', 'canceled'] as const)('a %s leg writes nothing of its own', (status) => {
    expect(factsFromForwardLeg({ ...leg, CallStatus: status, CallDuration: 0, numbers: 3 })).toBeNull();
    expect(factsFromForwardLeg({ ...leg, CallStatus: status, CallDuration: 0, numbers: 1 })).toBeNull();
  });

  it("the caller's legs, once all ended unconnected, say how forwarding ended", () => {
    const phone = (sid: string, status: string) => ({ sid, to: `+1415555${sid.slice(-4).replace('a', '0')}`, status });
    expect(factsFromUnconnectedLegs(CALL_SID, [phone('CA0000000000000000000000000000a001', 'busy')])).toEqual({
      callSid: CALL_SID,
      choice: 'forward',
      forwardStatus: 'busy',
      forwardTalkSeconds: 0,
      forwardedTo: '+14155550001',
      forwardCallSid: 'CA0000000000000000000000000000a001',
    });
    const two = [phone('CA0000000000000000000000000000a001', 'busy'), phone('CA0000000000000000000000000000a002', 'no-answer')];
    expect(factsFromUnconnectedLegs(CALL_SID, two)).toEqual({
      callSid: CALL_SID,
      choice: 'forward',
      forwardStatus: 'no-answer',
      forwardTalkSeconds: 0,
    });
    expect(factsFromUnconnectedLegs(CALL_SID, [two[0], { ...two[1], status: 'ringing' }])).toBeNull();
    expect(factsFromUnconnectedLegs(CALL_SID, [two[0], { ...two[1], status: 'completed' }])).toBeNull();
    expect(factsFromUnconnectedLegs(CALL_SID, [])).toBeNull();
  });

  it("the voicemail's recording carries the Dial's verdict when nobody took the call", () => {
    const facts = factsFromRecording({
      CallSid: CALL_SID,
      RecordingSid: RECORDING_SID,
      RecordingStatus: 'completed',
      RecordingDuration: 12,
      choice: 'forward',
      forward: 'not-accepted',
    });
    expect(facts).toMatchObject({ choice: 'forward', forwardStatus: 'not-accepted', forwardTalkSeconds: 0, recordingSeconds: 12 });
  });
});

describe('/menu with business hours', () => {
  // Monday 2026-11-23, in New York (UTC-5 in November).
  const hours = {
    TIME_ZONE: 'America/New_York',
    OPEN_HOURS: 'Mon-Fri 09:00-17:30, Sat 10:00-14:00',
    CLOSED_DATES: '2026-12-25, 2026-12-31..2027-01-02',
    SIMULATED_TIME: 'allow',
  };
  const at = (iso: string, env: Record<string, string> = hours) =>
    invoke('menu.protected', { CallSid: CALL_SID, request: { headers: { 'x-simulated-time': iso }, cookies: {} } }, env);

  it('offers the menu while open', async () => {
    expect(verbs((await at('2026-11-23T14:00:00Z')).twiml())).toEqual(['Gather', 'Redirect']);
  });

  it('when closed, says the closed greeting and goes straight to voicemail as closed', async () => {
    const twiml = (
      await at('2026-11-23T23:00:00Z', { ...hours, CLOSED_GREETING: 'We are closed. Our hours are nine to five thirty.' })
    ).twiml();
    expect(twiml).toMatchObject([
      say('We are closed. Our hours are nine to five thirty.'),
      { name: 'Redirect', text: '/voicemail?choice=closed' },
    ]);
  });

  it('has a default closed greeting', async () => {
    expect((await at('2026-12-25T15:00:00Z')).twiml()[0]).toMatchObject(say("Thanks for calling. We're closed right now."));
  });

  it('ignores the simulated time unless the local stack allows it', async () => {
    const holiday = { TIME_ZONE: 'UTC', CLOSED_DATES: '2020-01-01' };
    expect(verbs((await at('2020-01-01T12:00:00Z', { ...holiday, SIMULATED_TIME: 'allow' })).twiml())).toEqual(['Say', 'Redirect']);
    expect(verbs((await at('2020-01-01T12:00:00Z', holiday)).twiml())).toEqual(['Gather', 'Redirect']);
  });

  it('reads the simulated time only from real headers: a "request" sent as a parameter is refused', async () => {
    const forged = await invoke(
      'menu.protected',
      { CallSid: CALL_SID, request: { headers: { 'x-simulated-time': '2026-12-25T15:00:00Z' } } },
      hours,
    );
    expect(forged.status).toBe(400);
    expect(forged.body).toMatch(/"request" is reserved/);
  });

  it.each([
    ['a time zone Intl does not know', { TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE "Mars\/Olympus" is not an IANA time zone/],
    ['no time zone', { TIME_ZONE: '' }, /TIME_ZONE is not set; OPEN_HOURS needs it/],
    ['a misspelt day', { OPEN_HOURS: 'Mon-Fry 09:00-17:00' }, /OPEN_HOURS "Fry" is not a day/],
    ['a period ending before it starts', { OPEN_HOURS: 'Mon 17:00-09:00' }, /OPEN_HOURS "Mon 17:00-09:00" ends before it starts/],
    ['an impossible date', { CLOSED_DATES: '2026-02-30' }, /CLOSED_DATES "2026-02-30" should be a date/],
  ])('stays open with %s, and logs the variable', async (_case, change, logged) => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    // Christmas Day: closed, were the hours readable.
    const twiml = (await at('2026-12-25T15:00:00Z', { ...hours, ...change })).twiml();
    expect(verbs(twiml)).toEqual(['Gather', 'Redirect']);
    expect(errors.mock.calls.flat().join(' ')).toMatch(logged);
    errors.mockRestore();
  });

  it('checks the hours only when the call comes in, not on the menu repeats', async () => {
    const answer = await invoke(
      'menu.protected',
      { CallSid: CALL_SID, attempt: '2', request: { headers: { 'x-simulated-time': '2026-11-23T23:00:00Z' }, cookies: {} } },
      hours,
    );
    expect(verbs(answer.twiml())).toEqual(['Gather', 'Redirect']);
  });
});
