// What the page says about the scheduled reconcile, and when it asks for its time.
import { ago, askForLastRun, SCHEDULE_INTERVAL_MS, STOPPED_AFTER_MS, scheduleStatus } from '../../assets/feed/scheduled-healing.js';

const NOW = Date.parse('2026-11-23T15:00:00Z');
const MIN = 60_000;
const earlier = (ms: number) => new Date(NOW - ms).toISOString();

describe('the staleness rule', () => {
  it('says when the schedule last healed, up to two and a half intervals back', () => {
    expect(scheduleStatus(earlier(80 * MIN), NOW)).toEqual({ kind: 'ran', text: 'Healed on schedule 1 h 20 min ago.' });
    expect(scheduleStatus(earlier(STOPPED_AFTER_MS), NOW)?.kind).toBe('ran');
    expect(STOPPED_AFTER_MS).toBe(2.5 * SCHEDULE_INTERVAL_MS);
  });

  it('warns that it stopped past two and a half intervals, with when it last ran', () => {
    const status = scheduleStatus(earlier(STOPPED_AFTER_MS + MIN), NOW);
    expect(status?.kind).toBe('stopped');
    expect(status?.text).toMatch(/^Scheduled healing stopped: last ran .+, 5 h 1 min ago\. See docs\/reconcile\.md/);
    expect(scheduleStatus(earlier(3 * 24 * 60 * MIN), NOW)?.text).toMatch(/3 days ago/);
  });

  it('is neutral when no scheduled run was ever recorded, and silent when the service could not say', () => {
    expect(scheduleStatus(null, NOW)).toMatchObject({ kind: 'never', text: expect.stringMatching(/^No scheduled healing recorded yet/) });
    expect(scheduleStatus(undefined, NOW)).toBeNull();
  });

  it('words ages as a person would', () => {
    expect([ago(-5000), ago(59_000), ago(20 * MIN), ago(120 * MIN), ago(47 * 60 * MIN)]).toEqual([
      'just now',
      'just now',
      '20 min ago',
      '2 h ago',
      '47 h ago',
    ]);
  });
});

describe('when the page asks for the time', () => {
  it('asks first, then not again until a newer run is due', () => {
    expect(askForLastRun({ lastRun: undefined, askedAt: null }, NOW)).toBe(true);
    const known = { lastRun: earlier(30 * MIN), askedAt: NOW };
    // The run 30 minutes ago is followed by one 90 minutes on; asked 10 minutes after that.
    expect(askForLastRun(known, NOW + 90 * MIN)).toBe(false);
    expect(askForLastRun(known, NOW + 101 * MIN)).toBe(true);
  });

  it('asks a late run at most every half hour, and with none recorded once an interval', () => {
    const late = { lastRun: earlier(3 * 60 * MIN), askedAt: NOW - 20 * MIN };
    expect(askForLastRun(late, NOW)).toBe(false);
    expect(askForLastRun(late, NOW + 10 * MIN)).toBe(true);
    const none = { lastRun: null, askedAt: NOW };
    expect(askForLastRun(none, NOW + SCHEDULE_INTERVAL_MS - MIN)).toBe(false);
    expect(askForLastRun(none, NOW + SCHEDULE_INTERVAL_MS)).toBe(true);
  });
});
