// The month's counting as a pure function: local days across a daylight-saving change, the
// outcome words, the hour of the week, and the window's bounds.
import type { CallRecord } from '../../functions/lib/calls/record';
import { addDays, aggregateMonth, localMidnight, monthOutcome, monthWindow } from '../../functions/lib/feed/month';
import { callSid } from './calls-fixture';

const at = (n: number, iso: string, facts: Partial<CallRecord> = {}): CallRecord => ({
  callSid: callSid(n),
  startedAt: new Date(iso),
  ...facts,
});

describe('the month window', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('starts local days at their own offset on both sides of a daylight-saving change', () => {
    expect(localMidnight('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(localMidnight('2026-11-02', 'America/New_York').toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect(localMidnight('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(localMidnight('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(localMidnight('2026-06-01', 'Asia/Kolkata').toISOString()).toBe('2026-05-31T18:30:00.000Z');
    expect(localMidnight('2026-06-01', 'UTC').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });

  it('spans the 30 days ending on the last one, the next midnight excluded', () => {
    const window = monthWindow('2026-11-20', 'America/New_York');
    expect(window.firstDay).toBe('2026-10-22');
    expect(window.from.toISOString()).toBe('2026-10-22T04:00:00.000Z');
    expect(window.to.toISOString()).toBe('2026-11-21T05:00:00.000Z');
  });
});

describe('the month counts', () => {
  it('names outcomes as the feed does, with abandoned as other', () => {
    expect(monthOutcome(at(1, '2026-11-20T12:00:00Z', { forwardStatus: 'answered' }))).toBe('answered');
    expect(monthOutcome(at(2, '2026-11-20T12:00:00Z', { choice: 'forward', forwardStatus: 'busy' }))).toBe('missed');
    expect(monthOutcome(at(3, '2026-11-20T12:00:00Z', { recordingSeconds: 5, recordingSid: 'RE1' }))).toBe('voicemail');
    // An empty message is no voicemail.
    expect(monthOutcome(at(4, '2026-11-20T12:00:00Z', { choice: 'voicemail', recordingSeconds: 0 }))).toBe('other');
    expect(monthOutcome(at(5, '2026-11-20T12:00:00Z'))).toBe('other');
  });

  it('counts each call on its local day and hour, Monday first, and leaves out the rest', () => {
    const view = aggregateMonth(
      [
        // Sunday 1 November 2026, 01:30 in New York twice: EDT, then EST an hour later.
        at(1, '2026-11-01T05:30:00Z', { forwardStatus: 'answered' }),
        at(2, '2026-11-01T06:30:00Z', { choice: 'forward' }),
        // Monday 2 November 08:59.
        at(3, '2026-11-02T13:59:00Z', { recordingSeconds: 12 }),
        // Outside the 30 days on either side, and a call with no start.
        at(4, '2026-10-22T03:59:00Z'),
        at(5, '2026-11-21T05:00:00Z'),
        { callSid: callSid(6) },
      ],
      '2026-11-20',
      'America/New_York',
    );
    expect(view.days).toHaveLength(30);
    expect(view.days[0].date).toBe('2026-10-22');
    expect(view.days[29].date).toBe('2026-11-20');
    expect(view.days.find((day) => day.date === '2026-11-01')).toEqual({
      date: '2026-11-01',
      answered: 1,
      missed: 1,
      voicemail: 0,
      other: 0,
    });
    expect(view.totals).toEqual({ calls: 3, answered: 1, missed: 1, voicemail: 1, other: 0 });
    expect(view.missedRate).toBeCloseTo(1 / 3);
    expect(view.hours).toHaveLength(7);
    expect(view.hours.every((row) => row.length === 24)).toBe(true);
    expect(view.hours[6][1]).toBe(2);
    expect(view.hours[0][8]).toBe(1);
    expect(view.hours.flat().reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(view.partial).toBe(false);
  });

  it('has no missed rate without calls', () => {
    const view = aggregateMonth([], '2026-11-20', 'UTC', true);
    expect(view.missedRate).toBeNull();
    expect(view.totals.calls).toBe(0);
    expect(view.partial).toBe(true);
  });

  it("leaves out the owner's call backs: calls the line made, not calls it received", () => {
    const view = aggregateMonth(
      [
        at(1, '2026-11-20T15:00:00Z', { choice: 'voicemail' }),
        at(2, '2026-11-20T15:05:00Z', { callBackOf: callSid(1), to: '+13125550142' }),
      ],
      '2026-11-20',
      'UTC',
    );
    expect(view.totals.calls).toBe(1);
  });
});
