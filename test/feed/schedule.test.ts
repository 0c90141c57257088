// The feed page's schedule (assets/feed/schedule.js): what an open page asks, and when. It is
// what keeps an open page within Airtable's monthly allowance, and what gives up politely when
// the service fails, so each rule is tested here on a clock the test moves.
import {
  type Action,
  alertPass,
  alertPassWanted,
  type Event,
  initialPlan,
  newsHeldBack,
  type Plan,
  step,
  unsettled,
} from '../../assets/feed/schedule.js';
import type { FeedCall } from '../../assets/feed/types.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const T0 = 1_000_000_000;

/** The page opened and signed in at T0, with nothing asked yet. */
const opened = (): Plan => step(step(initialPlan(T0), { type: 'open' }).plan, { type: 'signed-in', version: 'v1' }).plan;

/** Ticks once a second from `from` to `to` (inclusive), as the page does; returns the plan and when each action came. */
function ticks(plan: Plan, from: number, to: number, focused = true): { plan: Plan; asked: [number, Action][] } {
  const asked: [number, Action][] = [];
  for (let at = from; at <= to; at += SECOND) {
    const next = step(plan, { type: 'tick', at, focused, listing: false });
    plan = next.plan;
    for (const action of next.actions) asked.push([(at - T0) / SECOND, action]);
  }
  return { plan, asked };
}
const when = (asked: [number, Action][], action: Action) => asked.filter(([, a]) => a === action).map(([seconds]) => seconds);

const call = (overrides: Partial<FeedCall> = {}): FeedCall => ({
  callSid: 'CA1',
  startedAt: null,
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
const checked = (at: number, version: string, finished = 0, today: FeedCall[] | null = []): Event => ({
  type: 'checked',
  at,
  version,
  finished,
  today,
});

describe('checking for news', () => {
  it('checks at once, then every 15 s while the page is in use', () => {
    const { asked } = ticks(opened(), T0, T0 + 60 * SECOND);
    expect(when(asked, 'check')).toEqual([0, 15, 30, 45, 60]);
  });

  it('checks every minute once the page is left untouched for 5 minutes, or has lost the focus', () => {
    const untouched = ticks(opened(), T0, T0 + 8 * MINUTE);
    expect(when(untouched.asked, 'check').filter((s) => s >= 4 * 60)).toEqual([240, 255, 270, 285, 300, 360, 420, 480]);
    const unfocused = ticks(opened(), T0, T0 + 3 * MINUTE, false);
    expect(when(unfocused.asked, 'check')).toEqual([0, 60, 120, 180]);
  });

  it('checks at once when the owner comes back, and every 15 s from then on', () => {
    let { plan } = ticks(opened(), T0, T0 + 10 * MINUTE);
    plan = step(plan, { type: 'back', at: T0 + 10 * MINUTE + 10 * SECOND }).plan;
    const { asked } = ticks(plan, T0 + 10 * MINUTE + 10 * SECOND, T0 + 11 * MINUTE);
    expect(when(asked, 'check')).toEqual([610, 625, 640, 655]);
  });

  it('a key, click or pointer movement keeps the page in use', () => {
    let plan = opened();
    for (let minute = 0; minute < 10; minute++) {
      plan = step(plan, { type: 'used', at: T0 + minute * MINUTE }).plan;
      plan = ticks(plan, T0 + minute * MINUTE, T0 + (minute + 1) * MINUTE - SECOND).plan;
    }
    const { asked } = ticks(plan, T0 + 10 * MINUTE, T0 + 11 * MINUTE);
    expect(when(asked, 'check')).toEqual([600, 615, 630, 645, 660]);
  });
});

describe('listing the calls', () => {
  it('lists nothing while the answer of /changes stays the same', () => {
    let plan = opened();
    for (let s = 0; s < 120; s += 15) plan = step(plan, checked(T0 + s * SECOND, 'v1')).plan;
    expect(when(ticks(plan, T0, T0 + 3 * MINUTE).asked, 'list')).toEqual([]);
  });

  it('lists 6 s after the answer moves, and once more a minute later while the list lacks what is over', () => {
    let plan = step(opened(), checked(T0 + 15 * SECOND, 'v2', 1, [])).plan;
    expect(when(ticks(plan, T0 + 15 * SECOND, T0 + 30 * SECOND).asked, 'list')).toEqual([21]);
    plan = ticks(plan, T0 + 15 * SECOND, T0 + 30 * SECOND).plan;
    // Before the minute is up, an unchanged answer lists nothing.
    plan = step(plan, checked(T0 + 60 * SECOND, 'v2', 1, [])).plan;
    expect(plan.refreshAt).toBeNull();
    // After it, the list still lacks the finished call: list once more, and no further.
    const late = step(plan, checked(T0 + 75 * SECOND, 'v2', 1, [])).plan;
    expect(late.refreshAt).toBe(T0 + 75 * SECOND);
    expect(late.lateAt).toBeNull();
    expect(step(late, checked(T0 + 90 * SECOND, 'v2', 1, [])).plan.lateAt).toBeNull();
  });

  it('skips the late listing when the list already has every finished call, settled', () => {
    const plan = step(opened(), checked(T0, 'v2', 1, [])).plan;
    const settled = step({ ...plan, refreshAt: null }, checked(T0 + 61 * SECOND, 'v2', 1, [call()])).plan;
    expect(when(ticks(settled, T0 + 61 * SECOND, T0 + 3 * MINUTE).asked, 'list')).toEqual([]);
  });

  it('waits for a listing under way before starting the next', () => {
    const plan = { ...opened(), refreshAt: T0 };
    expect(step(plan, { type: 'tick', at: T0, focused: true, listing: true }).actions).not.toContain('list');
    expect(step(plan, { type: 'tick', at: T0 + SECOND, focused: true, listing: false }).actions).toContain('list');
  });

  it('on a line whose news never stops, lists twice at once and then once every 12 minutes', () => {
    // A busy line: the answer moves at every check, for two hours.
    let plan = opened();
    const lists: number[] = [];
    for (let at = T0; at <= T0 + 120 * MINUTE; at += SECOND) {
      if ((at - T0) % (15 * SECOND) === 0) plan = step(plan, checked(at, `v${at}`, 1, [])).plan;
      const next = step(plan, { type: 'tick', at, focused: true, listing: false });
      plan = next.plan;
      if (next.actions.includes('list')) lists.push((at - T0) / SECOND);
    }
    // Two at once; then, once the refill (begun at the page's opening) has a whole list, one
    // every 720 s: 11 in two hours, however many calls came.
    expect(lists).toEqual([6, 21, ...Array.from({ length: 9 }, (_, n) => 726 + 720 * n)]);
  });

  it('says news is held back while it waits for the allowance, and lists at once at the owner word', () => {
    let plan = opened();
    for (let at = T0; at < T0 + MINUTE; at += SECOND) {
      if ((at - T0) % (15 * SECOND) === 0) plan = step(plan, checked(at, `v${at}`, 1, [])).plan;
      plan = step(plan, { type: 'tick', at, focused: true, listing: false }).plan;
    }
    expect(newsHeldBack(plan, T0 + MINUTE)).toBe(true);
    plan = step(plan, { type: 'listed-by-owner' }).plan;
    expect(newsHeldBack(plan, T0 + MINUTE)).toBe(false);
    // A list due in a few seconds (the callbacks settling) is not held back.
    expect(newsHeldBack(step(opened(), checked(T0, 'v2', 1, [])).plan, T0)).toBe(false);
  });

  it('takes a call as unsettled while it lacks a row, a final status or a transcript', () => {
    expect(unsettled(null, 0)).toBe(true);
    expect(unsettled([call()], 2)).toBe(true);
    expect(unsettled([call({ status: null })], 1)).toBe(true);
    const voicemail = { recordingSid: null, durationSeconds: 5, audioUrl: null, transcript: null };
    expect(unsettled([call({ voicemail: { ...voicemail, transcriptionStatus: null } })], 1)).toBe(true);
    expect(unsettled([call({ voicemail: { ...voicemail, transcriptionStatus: 'failed' } })], 1)).toBe(false);
    expect(unsettled([call()], 1)).toBe(false);
  });
});

describe('failed checks', () => {
  const failing = (plan: Plan, times: number) => {
    const warnedAt: number[] = [];
    for (let n = 1; n <= times; n++) {
      const next = step(plan, { type: 'check-failed' });
      plan = next.plan;
      if (next.actions.includes('warn')) warnedAt.push(n);
    }
    return { plan, warnedAt };
  };

  it('says so, and lists the calls itself, at the third failure in a row and then every thirtieth', () => {
    expect(failing(opened(), 100).warnedAt).toEqual([3, 30, 60, 90]);
  });

  it('counts afresh after a check that works', () => {
    let { plan } = failing(opened(), 2);
    plan = step(plan, checked(T0, 'v1')).plan;
    expect(failing(plan, 3).warnedAt).toEqual([3]);
  });
});

describe("healing from Twilio's records", () => {
  const reconciles = (plan: Plan, from: number, to: number) => when(ticks(plan, from, to).asked, 'reconcile');

  it('reconciles when the page opens and every 30 minutes', () => {
    expect(reconciles(opened(), T0, T0 + 65 * MINUTE)).toEqual([0, 1800, 3600]);
  });

  it('goes on when the service says after a run that could not finish, and backs off to 3 minutes after a failure', () => {
    const outOfTime = step(opened(), { type: 'reconciled', at: T0, more: true, failed: 0, retryAfterMs: 0 }).plan;
    expect(reconciles(outOfTime, T0, T0 + MINUTE)).toEqual([1]);
    const lockedOut = step(opened(), { type: 'reconciled', at: T0, more: true, failed: 0, retryAfterMs: 29_500 }).plan;
    expect(reconciles(lockedOut, T0 + SECOND, T0 + MINUTE)).toEqual([30]);
    const partly = step(opened(), { type: 'reconciled', at: T0, more: false, failed: 2 }).plan;
    expect(reconciles(partly, T0 + SECOND, T0 + 5 * MINUTE)).toEqual([180]);
    const failed = step(opened(), { type: 'reconcile-failed', at: T0 }).plan;
    expect(reconciles(failed, T0 + SECOND, T0 + 5 * MINUTE)).toEqual([180]);
    const done = step(opened(), { type: 'reconciled', at: T0, more: false, failed: 0 }).plan;
    expect(reconciles(done, T0 + SECOND, T0 + 31 * MINUTE)).toEqual([1800]);
  });

  it('starts over when the feed is opened again', () => {
    const { plan } = ticks(opened(), T0, T0 + MINUTE);
    const again = step(plan, { type: 'open' }).plan;
    expect(step(again, { type: 'tick', at: T0 + MINUTE + SECOND, focused: true, listing: false }).actions).toEqual(['check', 'reconcile']);
  });
});

describe('alert passes', () => {
  const answers = (...list: ({ sent: unknown; more: boolean } | Error)[]) => {
    const asked = { count: 0 };
    const ask = async () => {
      const answer = list[Math.min(asked.count++, list.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    };
    return { ask, asked };
  };

  it('asks while more alerts are due, at most ten times in a row, and counts what was sent', async () => {
    const some = answers({ sent: { callSid: 'CA1' }, more: true }, { sent: null, more: true }, { sent: { callSid: 'CA2' }, more: false });
    expect(await alertPass(some.ask)).toBe(2);
    expect(some.asked.count).toBe(3);
    const endless = answers({ sent: { callSid: 'CA1' }, more: true });
    expect(await alertPass(endless.ask)).toBe(10);
    expect(endless.asked.count).toBe(10);
  });

  it('ends the pass at a failed request, keeping what it sent', async () => {
    const failing = answers({ sent: { callSid: 'CA1' }, more: true }, new Error('offline'));
    expect(await alertPass(failing.ask)).toBe(1);
    expect(failing.asked.count).toBe(2);
  });

  it('runs the first pass, then only while a call shown awaits its alert or a filter is on', () => {
    expect(alertPassWanted({ asked: false, filtered: false, owed: false })).toBe(true);
    expect(alertPassWanted({ asked: true, filtered: false, owed: false })).toBe(false);
    expect(alertPassWanted({ asked: true, filtered: false, owed: true })).toBe(true);
    expect(alertPassWanted({ asked: true, filtered: true, owed: false })).toBe(true);
  });
});
