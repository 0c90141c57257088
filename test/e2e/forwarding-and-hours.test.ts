// Forwarding that reaches a person, several phones, and business hours: whole calls through
// twilio-run and the simulator playing real phones, asserting what the caller and the owner's
// phones hear and the row each call leaves.
import type { SimulatedCall } from '../../emulators/twilio';
import { fromAirtableFields } from '../../functions/lib/calls/record';
import { toFeedCall } from '../../functions/lib/feed/shape';
import { FORWARD_TO, rowOf as rowIn, useLocalStack } from '../support/e2e-stack';

const said = (call: SimulatedCall) => call.transcript.join('\n');
const caller = { from: '+14705550123' };
const message = { seconds: 12, end: '#' as const, transcript: 'It is Dana, please call me back.' };

/** What the feed shows for the row the call left. */
const feedOf = (row: Record<string, unknown>) => toFeedCall(fromAirtableFields(row)!);

function expectNoProblems(call: SimulatedCall): void {
  expect(call.problems).toEqual([]);
  expect(said(call)).not.toMatch(/application error/i);
}

describe('with screening (the default), one phone', () => {
  const local = useLocalStack();
  const rowOf = (call: SimulatedCall) => rowIn(local(), call);

  it('a person accepts: the whisper, the caller on hold until then, the call answered', async () => {
    const call = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 60 }] }] });
    expectNoProblems(call);
    expect(said(call)).toMatch(/The caller joins conference CA\w+ and waits, hearing http:\/\/com\.twilio\.music/);
    expect(said(call)).toMatch(/REST: the product calls \+14155550199 from \+15025550100/);
    expect(said(call)).toContain(
      'Twilio says to the callee: "Call for line 0 1 0 0 from 1 4 7 0 5 5 5 0 1 2 3. Press 1 to take the call."',
    );
    expect(said(call)).toMatch(/Conference CA\w+ starts/);
    expect(call.exchanges.find((e) => e.url.includes('/forward-result'))?.params).toMatchObject({ DialCallStatus: 'answered' });
    const row = rowOf(call);
    expect(row).toMatchObject({ Choice: 'forward', 'Forwarded To': FORWARD_TO, 'Forward Status': 'answered', 'Forward Talk Time': 71 });
    expect(feedOf(row).outcome).toBe('answered');
  });

  it('a person accepts where an update of StatusCallback alone does nothing (the harsher reading): still answered, with its talk time', async () => {
    local().media.setStatusCallbackNeedsUrl(true);
    try {
      const call = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 60 }] }] });
      expectNoProblems(call);
      const row = rowOf(call);
      expect(row).toMatchObject({ Choice: 'forward', 'Forward Status': 'answered', 'Forward Talk Time': 71 });
      expect(feedOf(row).outcome).toBe('answered');
    } finally {
      local().media.setStatusCallbackNeedsUrl(false);
    }
  });

  it("the carrier's voicemail answers after its delay: the caller reaches our voicemail, the row is not answered", async () => {
    const call = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'carrier-voicemail' }] }], record: message });
    expectNoProblems(call);
    expect(said(call)).toMatch(/the carrier's voicemail answers/);
    expect(said(call)).not.toMatch(/Conference CA\w+ starts/);
    expect(said(call)).toMatch(/REST: the product redirects the caller to \/voicemail\?choice=forward&forward=not-accepted/);
    expect(said(call)).toMatch(/nobody is available to take your call/);
    expect(said(call)).toMatch(/message has been saved/);
    const row = rowOf(call);
    expect(row).toMatchObject({
      Choice: 'forward',
      'Forward Status': 'not-accepted',
      'Forward Talk Time': 0,
      'Recording Duration': 12,
      Transcript: 'It is Dana, please call me back.',
      'Transcription Status': 'completed',
    });
    expect(feedOf(row).outcome).toBe('voicemail');
  });

  it('the owner declines (or is busy): voicemail picks up at once, is not connected, and the caller hangs up without a message', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'carrier-voicemail', answerAfterSeconds: 1 }] }],
      record: { seconds: 0, end: 'hangup' },
    });
    expectNoProblems(call);
    const row = rowOf(call);
    expect(row).toMatchObject({ Choice: 'forward', 'Forward Status': 'not-accepted' });
    expect(feedOf(row).outcome).toBe('missed');
  });

  it('a person picks up and ignores the whisper: not connected, our voicemail', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'person', keys: [], talkSeconds: 0 }] }],
      record: message,
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/Callee stays silent \(timeout 5 s\)/);
    expect(rowOf(call)).toMatchObject({ 'Forward Status': 'not-accepted', 'Recording Duration': 12 });
  });
  /** The Airtable writes (upserts: PATCH) a call's callbacks made. */
  async function writesOf(place: () => Promise<SimulatedCall>): Promise<{ call: SimulatedCall; writes: number }> {
    const log = local().airtable!.requestLog;
    const before = log.length;
    const call = await place();
    return { call, writes: log.slice(before).filter((entry) => entry.method === 'PATCH').length };
  }

  it('nobody answers, a voicemail: three writes (the recording, the transcript, the call), the verdict riding in the last', async () => {
    const { call, writes } = await writesOf(() =>
      local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'no-answer' }] }], record: message }),
    );
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({
      Choice: 'forward',
      'Forwarded To': FORWARD_TO,
      'Forward Status': 'no-answer',
      'Recording Duration': 12,
    });
    expect(writes).toBe(3);
  });

  it('nobody answers and the caller hangs up before the voicemail records: the row still says forwarded, no answer', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'no-answer' }] }],
      record: { seconds: 0, end: 'hangup-before' },
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/nobody is available to take your call/);
    const row = rowOf(call);
    expect(row).toMatchObject({ Choice: 'forward', 'Forwarded To': FORWARD_TO, 'Forward Status': 'no-answer', 'Forward Talk Time': 0 });
    expect(row['Recording SID']).toBeUndefined();
    expect(feedOf(row).outcome).toBe('missed');
  });

  it('with Sync down, the phone that moved the caller writes the verdict itself', async () => {
    local().media.setSyncUnavailable(true);
    try {
      const call = await local().call({
        ...caller,
        gather: ['1'],
        dial: [{ phones: [{ kind: 'busy' }] }],
        record: { seconds: 0, end: 'hangup-before' },
      });
      expectNoProblems(call);
      expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forwarded To': FORWARD_TO, 'Forward Status': 'busy' });
    } finally {
      local().media.setSyncUnavailable(false);
    }
  });
});

describe('a short accepted call', () => {
  const local = useLocalStack();
  const rowOf = (call: SimulatedCall) => rowIn(local(), call);

  // Acceptance is the phone's join to the caller's conference, whatever the talk's length.
  it('a person accepts and talks for 10 s: the row says answered', async () => {
    const call = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 10 }] }] });
    expectNoProblems(call);
    expect(said(call)).toMatch(/Caller and callee talk for 10 s/);
    expect(rowOf(call)).toMatchObject({ 'Forwarded To': FORWARD_TO, 'Forward Status': 'answered' });
  });
});

describe('three phones ring at once', () => {
  const phones = ['+14155550101', '+14155550102', '+14155550103'];
  const local = useLocalStack({ FORWARD_TO: phones.join(', ') });
  const rowOf = (call: SimulatedCall) => rowIn(local(), call);

  // Under Twilio's documented <Dial> ("the first call to pick up is connected to the current
  // call and the rest are hung up", https://www.twilio.com/docs/voice/twiml/number) phone A's
  // voicemail would hang up phone B; each phone is a call of its own instead (docs/forwarding.md).
  it("A's carrier voicemail answers at 2 s, B's person accepts at 8 s: B talks to the caller, the row says answered by B", async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [
        {
          phones: [
            { kind: 'carrier-voicemail', answerAfterSeconds: 2 },
            { kind: 'person', keys: ['1'], talkSeconds: 30, answerAfterSeconds: 8 },
            { kind: 'no-answer' },
          ],
        },
      ],
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/Caller and callee talk for 30 s/);
    const row = rowOf(call);
    expect(row).toMatchObject({ Choice: 'forward', 'Forwarded To': phones[1], 'Forward Status': 'answered' });
    expect(feedOf(row).forwarding).toMatchObject({ to: phones[1], status: 'answered' });
  });

  it('A declines and B ignores the whisper: the caller reaches our voicemail', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [
        {
          phones: [
            { kind: 'carrier-voicemail', answerAfterSeconds: 1 },
            { kind: 'person', keys: [], talkSeconds: 0, answerAfterSeconds: 5 },
            { kind: 'no-answer' },
          ],
        },
      ],
      record: message,
    });
    expectNoProblems(call);
    expect(said(call)).toMatch(/Sorry, nobody is available to take your call/);
    expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forward Status': 'not-accepted', 'Recording Duration': 12 });
  });

  it('none accepts: the Dial verdict reaches the row through the voicemail, whatever order the legs report in', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'busy' }, { kind: 'carrier-voicemail' }, { kind: 'no-answer' }] }],
      record: message,
      callbacks: { order: 'reverse', duplicate: true },
    });
    expectNoProblems(call);
    // Every conference event came twice; the phones were rung once.
    expect(said(call).match(/\(delivered again\)/g)?.length).toBeGreaterThan(0);
    expect(said(call).match(/REST: the product calls/g)).toHaveLength(3);
    expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forward Status': 'not-accepted', 'Recording Duration': 12 });
    expect(rowOf(call)['Forwarded To']).toBeUndefined();
  });

  it('none accepts and the caller hangs up before the voicemail records: the row still says how forwarding ended', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'busy' }, { kind: 'no-answer' }, { kind: 'no-answer' }] }],
      record: { seconds: 0, end: 'hangup-before' },
    });
    expectNoProblems(call);
    const row = rowOf(call);
    expect(row).toMatchObject({ Choice: 'forward', 'Forward Status': 'no-answer', 'Forward Talk Time': 0 });
    expect(row['Forwarded To']).toBeUndefined();
  });

  it('two callers at the same moment: each is answered by the phone that accepted them', async () => {
    const [first, second] = await Promise.all([
      local().call({
        from: '+14705550131',
        gather: ['1'],
        dial: [
          {
            phones: [{ kind: 'person', keys: ['1'], talkSeconds: 20, answerAfterSeconds: 4 }, { kind: 'no-answer' }, { kind: 'no-answer' }],
          },
        ],
      }),
      local().call({
        from: '+14705550132',
        gather: ['1'],
        dial: [
          {
            phones: [{ kind: 'no-answer' }, { kind: 'no-answer' }, { kind: 'person', keys: ['1'], talkSeconds: 25, answerAfterSeconds: 9 }],
          },
        ],
      }),
    ]);
    for (const call of [first, second]) expectNoProblems(call);
    expect(rowOf(first)).toMatchObject({ 'Forwarded To': phones[0], 'Forward Status': 'answered' });
    expect(rowOf(second)).toMatchObject({ 'Forwarded To': phones[2], 'Forward Status': 'answered' });
    expect(said(second)).toMatch(/Caller and callee talk for 25 s/);
  });

  it('two callers at the same moment: one is accepted, the other reaches our voicemail when nobody takes them', async () => {
    const [taken, left] = await Promise.all([
      local().call({
        from: '+14705550133',
        gather: ['1'],
        dial: [
          {
            phones: [{ kind: 'no-answer' }, { kind: 'person', keys: ['1'], talkSeconds: 40, answerAfterSeconds: 3 }, { kind: 'no-answer' }],
          },
        ],
      }),
      local().call({
        from: '+14705550134',
        gather: ['1'],
        dial: [{ phones: [{ kind: 'carrier-voicemail', answerAfterSeconds: 2 }, { kind: 'no-answer' }, { kind: 'busy' }] }],
        record: message,
      }),
    ]);
    for (const call of [taken, left]) expectNoProblems(call);
    expect(rowOf(taken)).toMatchObject({ 'Forwarded To': phones[1], 'Forward Status': 'answered' });
    expect(said(left)).toMatch(/Sorry, nobody is available to take your call/);
    expect(rowOf(left)).toMatchObject({ Choice: 'forward', 'Forward Status': 'not-accepted', 'Recording Duration': 12 });
  });

  it('with Sync down, the phones still ring and the one who accepts takes the call', async () => {
    local().media.setSyncUnavailable(true);
    try {
      const call = await local().call({
        ...caller,
        gather: ['1'],
        dial: [
          {
            phones: [
              { kind: 'carrier-voicemail', answerAfterSeconds: 1 },
              { kind: 'person', keys: ['1'], talkSeconds: 15, answerAfterSeconds: 6 },
              { kind: 'no-answer' },
            ],
          },
        ],
      });
      expectNoProblems(call);
      expect(rowOf(call)).toMatchObject({ 'Forwarded To': phones[1], 'Forward Status': 'answered' });
    } finally {
      local().media.setSyncUnavailable(false);
    }
  });
});

describe('with SCREEN_CALLS=false', () => {
  const local = useLocalStack({ SCREEN_CALLS: 'false' });
  const rowOf = (call: SimulatedCall) => rowIn(local(), call);

  it('whoever picks up is connected at once, a carrier voicemail too: the row says answered (the documented consequence)', async () => {
    const person = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'person', talkSeconds: 20 }] }] });
    expectNoProblems(person);
    expect(said(person)).not.toMatch(/Screening/);
    expect(rowOf(person)).toMatchObject({ 'Forward Status': 'answered', 'Forward Talk Time': 20 });

    // Ringing stops at 20 s, before a carrier's usual 25 s; a quicker voicemail still takes the call.
    const late = await local().call({ ...caller, gather: ['1'], dial: [{ phones: [{ kind: 'carrier-voicemail' }] }], record: message });
    expect(rowOf(late)).toMatchObject({ 'Forward Status': 'no-answer', 'Recording Duration': 12 });
    const quick = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ phones: [{ kind: 'carrier-voicemail', answerAfterSeconds: 15, messageSeconds: 30 }] }],
    });
    expectNoProblems(quick);
    expect(rowOf(quick)).toMatchObject({ 'Forward Status': 'answered', 'Forward Talk Time': 30 });
  });
  it('nobody answers and the caller hangs up before the voicemail records: the row says how forwarding ended, from the legs', async () => {
    const call = await local().call({
      ...caller,
      gather: ['1'],
      dial: [{ outcome: 'busy' }],
      record: { seconds: 0, end: 'hangup-before' },
    });
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forwarded To': FORWARD_TO, 'Forward Status': 'busy', 'Forward Talk Time': 0 });
  });
});

describe('business hours', () => {
  const local = useLocalStack({
    TIME_ZONE: 'America/New_York',
    OPEN_HOURS: 'Mon-Fri 09:00-17:30, Sat 10:00-14:00, Sun 10:00-12:00',
    CLOSED_DATES: '2026-12-25, 2026-12-31..2027-01-02',
    CLOSED_GREETING: "Thanks for calling Dana's Plumbing. We're closed right now.",
  });
  const rowOf = (call: SimulatedCall) => rowIn(local(), call);

  it('closed hours: the closed greeting, straight to voicemail, Choice closed, shown as after hours', async () => {
    // Monday 2026-11-23, 18:00 in New York.
    const call = await local().call({ ...caller, startAt: new Date('2026-11-23T23:00:00Z'), gather: ['1'], record: message });
    expectNoProblems(call);
    expect(said(call)).toMatch(/Thanks for calling Dana's Plumbing\. We're closed right now\./);
    expect(said(call)).not.toMatch(/press 1/);
    expect(said(call)).not.toMatch(/Dialing/);
    const row = rowOf(call);
    expect(row).toMatchObject({
      Choice: 'closed',
      'Recording Duration': 12,
      Transcript: 'It is Dana, please call me back.',
      'Started At': expect.stringMatching(/^2026-11-23T2(2:59:59|3:00:00)/),
    });
    expect(feedOf(row)).toMatchObject({ outcome: 'voicemail', afterHours: true });
  });

  it('a holiday: closed all day', async () => {
    const call = await local().call({ ...caller, startAt: new Date('2026-12-25T15:00:00Z'), record: message });
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({ Choice: 'closed' });
  });

  it('open: the menu, and forwarding as usual', async () => {
    const call = await local().call({
      ...caller,
      startAt: new Date('2026-11-23T15:00:00Z'),
      gather: ['1'],
      dial: [{ phones: [{ kind: 'person', keys: ['1'], talkSeconds: 30 }] }],
    });
    expectNoProblems(call);
    expect(rowOf(call)).toMatchObject({ Choice: 'forward', 'Forward Status': 'answered' });
    expect(feedOf(rowOf(call)).afterHours).toBe(false);
  });

  it('on the day clocks go forward (Sunday 2026-03-08): open at 10:30 EDT, closed at 12:30 EDT', async () => {
    // 14:30 UTC is 10:30 EDT; had the offset been taken as EST it would be 09:30, closed.
    const open = await local().call({ ...caller, startAt: new Date('2026-03-08T14:30:00Z'), gather: ['2'], record: message });
    expectNoProblems(open);
    expect(rowOf(open)).toMatchObject({ Choice: 'voicemail' });
    // 16:30 UTC is 12:30 EDT (11:30 EST, which would be open).
    const closed = await local().call({ ...caller, startAt: new Date('2026-03-08T16:30:00Z'), record: message });
    expectNoProblems(closed);
    expect(rowOf(closed)).toMatchObject({ Choice: 'closed' });
  });
});
