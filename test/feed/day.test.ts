// Today's summary on a busy line (assets/feed/day.js): kept up to date from the list's first
// page, and read whole again only when that page cannot tell.
import { type Day, dayWith } from '../../assets/feed/day.js';
import type { CallPage, FeedCall } from '../../assets/feed/types.js';

const FROM = Date.parse('2026-06-01T00:00:00Z');
const at = (minutes: number) => new Date(FROM + minutes * 60_000).toISOString();
const call = (n: number, minutes: number, overrides: Partial<FeedCall> = {}): FeedCall => ({
  callSid: `CA${String(n).padStart(32, '0')}`,
  startedAt: at(minutes),
  caller: { number: null, name: null, location: null },
  choice: 'none',
  outcome: 'abandoned',
  afterHours: false,
  forwarding: null,
  status: 'completed',
  durationSeconds: 3,
  voicemail: null,
  alertedAt: null,
  alertFailed: false,
  textAlert: null,
  handledAt: null,
  note: null,
  callBackOf: null,
  ...overrides,
});
const page = (calls: FeedCall[], next: string | null = 'more'): CallPage => ({ calls, next });
const outcomes = (day: Day | null) => (day ? [...day.calls.values()].map((c) => `${c.callSid.slice(-2)}:${c.outcome}`).sort() : null);
const known: Day = { from: FROM, calls: new Map([call(1, 60), call(2, 120)].map((c) => [c.callSid, c])) };

describe("today's summary from the list's first page", () => {
  it("adds the page's new calls to the day and takes the page's word for the calls it holds", () => {
    const fresh = page([call(4, 200, { outcome: 'voicemail' }), call(3, 180), call(2, 120, { outcome: 'missed' })]);
    expect(outcomes(dayWith(known, fresh, FROM))).toEqual(['01:abandoned', '02:missed', '03:abandoned', '04:voicemail']);
  });

  it('takes the page alone when it holds the whole day: the last page, or one reaching yesterday', () => {
    expect(outcomes(dayWith(known, page([call(5, 300)], null), FROM))).toEqual(['05:abandoned']);
    expect(outcomes(dayWith(null, page([call(5, 300), call(6, -10)]), FROM))).toEqual(['05:abandoned']);
  });

  it('cannot tell when the page shares no call with the day known, or the day known is another', () => {
    expect(dayWith(known, page([call(8, 400), call(7, 390)]), FROM)).toBeNull();
    expect(dayWith(null, page([call(2, 120)]), FROM)).toBeNull();
    expect(dayWith(known, page([call(9, 1500), call(2, 1490)]), FROM + 86_400_000)).toBeNull();
  });
});
