// Business hours as pure computation over an injected instant: periods, their edges,
// holidays, and daylight-saving changes, never the machine's own date.
import { type BusinessHours, isOpen, parseClosedDates, parseOpenHours } from '../../functions/lib/calls/hours';

const newYork = (openHours: string, closedDates = ''): BusinessHours => ({
  timeZone: 'America/New_York',
  open: parseOpenHours(openHours),
  closedDates: parseClosedDates(closedDates),
});
const open = (hours: BusinessHours, iso: string) => isOpen(hours, new Date(iso));

describe('opening hours', () => {
  const hours = newYork('Mon-Fri 09:00-17:30, Sat 10:00-14:00');

  it.each([
    ['Monday 08:59 (before opening)', '2026-11-23T13:59:00Z', false],
    ['Monday 09:00 (opening minute)', '2026-11-23T14:00:00Z', true],
    ['Monday 17:29', '2026-11-23T22:29:00Z', true],
    ['Monday 17:30 (closing minute: closed)', '2026-11-23T22:30:00Z', false],
    ['Saturday 12:00', '2026-11-28T17:00:00Z', true],
    ['Saturday 14:00', '2026-11-28T19:00:00Z', false],
    ['Sunday noon', '2026-11-29T17:00:00Z', false],
    // 02:00 UTC on Saturday is still Friday evening in New York.
    ['Friday 21:00 local, Saturday in UTC', '2026-11-28T02:00:00Z', false],
    ['Friday 10:00 local', '2026-11-27T15:00:00Z', true],
  ])('%s', (_case, iso, expected) => {
    expect(open(hours, iso)).toBe(expected);
  });

  it('lets days repeat (a lunch break) and ranges wrap round the week', () => {
    const split = newYork('Mon 09:00-12:00, Mon 13:00-17:00, Sat-Sun 10:00-12:00');
    expect(open(split, '2026-11-23T16:30:00Z')).toBe(true); // Monday 11:30 local
    expect(open(split, '2026-11-23T17:30:00Z')).toBe(false); // Monday 12:30 local: lunch
    expect(open(split, '2026-11-23T18:30:00Z')).toBe(true); // Monday 13:30 local
    expect(open(split, '2026-11-29T15:30:00Z')).toBe(true); // Sunday 10:30 local
  });

  it('an empty OPEN_HOURS is always open', () => {
    expect(open(newYork(''), '2026-11-29T08:00:00Z')).toBe(true);
  });

  it('runs to 24:00', () => {
    expect(open(newYork('Mon 20:00-24:00'), '2026-11-24T04:59:00Z')).toBe(true); // Monday 23:59 local
    expect(open(newYork('Mon 20:00-24:00'), '2026-11-24T05:00:00Z')).toBe(false); // Tuesday 00:00 local
  });
});

describe('daylight saving', () => {
  const hours = newYork('Sun 09:00-12:00, Mon-Fri 09:00-17:00');

  it('on the day clocks go forward (2026-03-08), 09:00 local is 13:00 UTC, not 14:00', () => {
    expect(open(hours, '2026-03-08T13:00:00Z')).toBe(true);
    expect(open(hours, '2026-03-08T12:59:00Z')).toBe(false);
    expect(open(hours, '2026-03-08T15:59:00Z')).toBe(true); // 11:59 EDT
    expect(open(hours, '2026-03-08T16:00:00Z')).toBe(false); // 12:00 EDT
  });

  it('on the day clocks go back (2026-11-01), 09:00 local is 14:00 UTC', () => {
    expect(open(hours, '2026-11-01T13:30:00Z')).toBe(false); // 08:30 EST
    expect(open(hours, '2026-11-01T14:00:00Z')).toBe(true);
  });

  it('the repeated hour after clocks go back counts by the local clock', () => {
    const night = newYork('Sun 01:00-02:00');
    expect(open(night, '2026-11-01T05:30:00Z')).toBe(true); // 01:30 EDT
    expect(open(night, '2026-11-01T06:30:00Z')).toBe(true); // 01:30 EST, the second time
    expect(open(night, '2026-11-01T07:00:00Z')).toBe(false); // 02:00 EST
  });

  it('in Europe too: London on its change day (2026-03-29)', () => {
    const london: BusinessHours = { timeZone: 'Europe/London', open: parseOpenHours('Sun 09:00-10:00'), closedDates: [] };
    expect(isOpen(london, new Date('2026-03-29T08:00:00Z'))).toBe(true); // 09:00 BST
    expect(isOpen(london, new Date('2026-03-29T09:00:00Z'))).toBe(false); // 10:00 BST
  });
});

describe('closed dates', () => {
  const hours = newYork('Mon-Sun 00:00-24:00', '2026-12-25, 2026-12-31..2027-01-02');

  it.each([
    ['Christmas Day, morning', '2026-12-25T14:00:00Z', false],
    ['Christmas Eve, late evening local (already the 25th in UTC)', '2026-12-25T04:00:00Z', true],
    ['the last minute of Christmas Day local', '2026-12-26T04:59:00Z', false],
    ['the day after', '2026-12-26T05:00:00Z', true],
    ['inside a range that crosses the year', '2027-01-01T17:00:00Z', false],
    ['the last day of the range', '2027-01-02T23:00:00Z', false],
    ['the day after the range', '2027-01-03T05:00:00Z', true],
  ])('%s', (_case, iso, expected) => {
    expect(open(hours, iso)).toBe(expected);
  });
});
