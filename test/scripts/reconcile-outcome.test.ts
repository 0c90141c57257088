// What `npm run reconcile` ends with: a run that could not finish, or that could not write a
// call, says what is left and exits non-zero, so that the scheduled run fails visibly.
import type { ReconcileSummary } from '../../functions/lib/reconcile/reconcile';
import { reconcileOutcome } from '../../scripts/reconcile/outcome';

const done: ReconcileSummary = {
  callsSeen: 1000,
  callsToCheck: 1000,
  remaining: 0,
  rowsWritten: 1000,
  duplicatesMerged: 0,
  failures: [],
  more: false,
  cursor: '2026-11-23T14:59:00.000Z',
};

describe('npm run reconcile: its last lines and exit code', () => {
  it('exits 0 when every call is right', () => {
    expect(reconcileOutcome(done, false)).toEqual({ lines: ['1000 calls seen, 1000 rows written, 0 failed.'], exitCode: 0 });
  });

  it('exits 1 and says what is left when Airtable stayed locked', () => {
    const locked = { ...done, rowsWritten: 0, remaining: 412, more: true, lockedUntil: new Date('2026-11-23T15:00:30Z') };
    const outcome = reconcileOutcome(locked, false);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.lines).toContain(
      'Stopped: 412 of 1000 calls still to check (Airtable locked until 2026-11-23T15:00:30.000Z). Run it again to go on.',
    );
  });

  it('exits 1 and names each call it could not write', () => {
    const failed = { ...done, rowsWritten: 999, failures: [{ callSid: 'CA1', message: 'Airtable request failed: INVALID_VALUE' }] };
    const outcome = reconcileOutcome(failed, false);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.lines).toEqual([
      '1000 calls seen, 999 rows written, 1 failed.',
      '  - CA1: Airtable request failed: INVALID_VALUE',
      'Run it again once the cause is fixed: rows already written stay as they are.',
    ]);
  });
});
