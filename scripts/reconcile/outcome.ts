// What `npm run reconcile` says at the end, and its exit code: non-zero whenever something is
// left (a call it could not write, or calls it did not get to), so that a scheduled run fails
// visibly instead of passing having reconciled nothing.
import type { ReconcileSummary } from '../../functions/lib/reconcile/reconcile';

export interface Outcome {
  lines: string[];
  exitCode: number;
}

export function reconcileOutcome(summary: ReconcileSummary, dryRun: boolean): Outcome {
  const rows = dryRun ? 'rows would be written' : 'rows written';
  const merged = summary.duplicatesMerged > 0 ? ` (${summary.duplicatesMerged} duplicated calls merged)` : '';
  const lines = [`${summary.callsSeen} calls seen, ${summary.rowsWritten} ${rows}${merged}, ${summary.failures.length} failed.`];
  for (const failure of summary.failures) lines.push(`  - ${failure.callSid}: ${failure.message}`);
  if (summary.more) {
    const why = summary.lockedUntil ? `Airtable locked until ${summary.lockedUntil.toISOString()}` : 'out of time';
    lines.push(`Stopped: ${summary.remaining} of ${summary.callsToCheck} calls still to check (${why}). Run it again to go on.`);
  }
  // Upserts are idempotent, so running again is the whole recovery.
  if (summary.failures.length > 0) lines.push('Run it again once the cause is fixed: rows already written stay as they are.');
  return { lines, exitCode: summary.failures.length > 0 || summary.more ? 1 : 0 };
}
