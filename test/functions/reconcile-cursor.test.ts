// Where a reconcile goes on from: the cursor it answers is one it accepts again, a finished run
// hands on its last call once Twilio's records of it have settled, and a minute before it while
// they may still be listed late.
import { BadRequest } from '../../functions/lib/boundary/errors';
import { comesAfter, nextRunAfter, parseCursor, resumeAfter } from '../../functions/lib/reconcile/cursor';

const SID = 'CA' + 'a'.repeat(32);
const AT = Date.parse('2026-11-23T14:30:00.000Z');

describe('the reconcile cursor', () => {
  it('reads back what it wrote, and refuses anything else with a sentence', () => {
    expect(parseCursor(resumeAfter({ at: AT, sid: SID }))).toEqual({ at: AT, sid: SID });
    expect(parseCursor(undefined)).toBeUndefined();
    for (const bad of ['yesterday', SID, '2026-11-23T14:30:00Z_' + SID, "2026-11-23T14:30:00.000Z_CA') OR TRUE()"])
      expect(() => parseCursor(bad)).toThrow(BadRequest);
  });

  it('orders calls by their latest change, then SID', () => {
    expect(comesAfter({ at: AT + 1, sid: 'CA0' }, { at: AT, sid: 'CA9' })).toBe(true);
    expect(comesAfter({ at: AT, sid: 'CA2' }, { at: AT, sid: 'CA1' })).toBe(true);
    expect(comesAfter({ at: AT, sid: 'CA1' }, { at: AT, sid: 'CA1' })).toBe(false);
  });

  it('hands on the last call once settled, and a minute before it while recent', () => {
    const last = { at: AT, sid: SID };
    expect(nextRunAfter(last, new Date(AT + 10 * 60_000))).toBe(`2026-11-23T14:30:00.000Z_${SID}`);
    expect(nextRunAfter(last, new Date(AT + 30_000))).toBe('2026-11-23T14:29:00.000Z');
  });
});
