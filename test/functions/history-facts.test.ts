// Reconcile judges forwarded legs from Twilio's records as their callbacks judged them, and
// writes no forwarding fact the records cannot prove (screened calls: docs/forwarding.md).
import { factsFromHistory } from '../../functions/lib/reconcile/history-facts';
import type { CallHistory, TwilioCall } from '../../functions/lib/twilio/records';

const PARENT = 'CA0123456789abcdef0123456789abcdef';
const ended = new Date('2026-11-20T15:01:40Z');
const inbound: TwilioCall = {
  sid: PARENT,
  parentCallSid: null,
  direction: 'inbound',
  status: 'completed',
  duration: '100',
  startTime: new Date(ended.getTime() - 100_000),
  endTime: ended,
  dateUpdated: ended,
  from: '+14705550123',
  to: '+15025550100',
  callerName: null,
};
const leg = (n: number, status: string, duration: string | null): TwilioCall => ({
  ...inbound,
  sid: `CA${String(n).padStart(32, '0')}`,
  parentCallSid: PARENT,
  direction: 'outbound-dial',
  status,
  duration,
  to: `+1415555010${n}`,
});
const voicemail = {
  recording: {
    sid: 'RE00112233445566778899aabbccddeeff',
    callSid: PARENT,
    status: 'completed',
    dateUpdated: ended,
    duration: '12',
    mediaUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC00112233445566778899aabbccddeeff/Recordings/RE00112233445566778899aabbccddeeff',
  },
  transcriptions: [],
};
const history = (legs: TwilioCall[], recordings: CallHistory['recordings'] = []): CallHistory => ({ call: inbound, legs, recordings });

describe('reconcile, forwarded legs', () => {
  it('unscreened, one of three took the call: the leg that completed, however short', () => {
    const facts = factsFromHistory(history([leg(1, 'canceled', null), leg(2, 'completed', '8'), leg(3, 'canceled', null)]));
    expect(facts).toMatchObject({ choice: 'forward', forwardedTo: '+14155550102', forwardStatus: 'answered', forwardTalkSeconds: 8 });
  });

  it('unscreened, none picked up: the voicemail carries the most hopeful of the legs’ statuses', () => {
    const facts = factsFromHistory(history([leg(1, 'busy', null), leg(2, 'no-answer', null)], [voicemail]));
    expect(facts).toMatchObject({ choice: 'forward', forwardStatus: 'no-answer', forwardTalkSeconds: 0, recordingSeconds: 12 });
    expect(facts?.forwardedTo).toBeUndefined();
  });

  it('screened: the phones were calls of their own, with no parent, so the records prove no forwarding fact and none is written', () => {
    const facts = factsFromHistory(history([], [voicemail]));
    expect(facts).toMatchObject({ callSid: PARENT, recordingSeconds: 12 });
    expect(facts).not.toHaveProperty('forwardStatus');
    expect(facts).not.toHaveProperty('forwardedTo');
    expect(facts).not.toHaveProperty('choice');
  });
});

describe('reconcile, business hours', () => {
  // The inbound call started at 15:00:00 UTC, 10:00 in New York, on a Friday.
  const hours = { timeZone: 'America/New_York', open: [{ day: 5, from: 11 * 60, to: 17 * 60 }], closedDates: [] };

  it('a call without legs that started outside the hours and left a voicemail: closed, as its recording callback wrote', () => {
    expect(factsFromHistory(history([], [voicemail]), { businessHours: hours })).toMatchObject({ choice: 'closed', recordingSeconds: 12 });
  });

  it('no recording (the caller hung up during the closed greeting): nothing that callback would have written', () => {
    expect(factsFromHistory(history([]), { businessHours: hours })?.choice).toBeUndefined();
  });

  it('inside the hours, or with a forwarded leg, never closed', () => {
    expect(
      factsFromHistory(history([], [voicemail]), { businessHours: { ...hours, open: [{ day: 5, from: 9 * 60, to: 17 * 60 }] } })?.choice,
    ).toBeUndefined();
    expect(factsFromHistory(history([leg(1, 'no-answer', null)], [voicemail]), { businessHours: hours })?.choice).toBe('forward');
  });
});
