// The later pass of the owner's alerts: every call in a window whose alert is due and not yet
// sent, found in the call log and sent by the same protocol as the callbacks
// (alerts/delivery.ts). It catches what the callbacks could not send: a transcript that
// never came, a missed call whose caller hung up before the beep (no recording callback), a
// send that failed through all of Twilio's retries. `npm run reconcile` runs all of it; the
// feed page's /alerts-due sends one due alert per invocation (sendOneDueAlert).

import { type CallRecord, COLUMNS, INBOX_COLUMNS } from '../calls/record';
import type { RequestBudget } from '../store/airtable';
import { field, OUTCOME_FORMULAS } from '../store/formula';
import { type CallPage, listCalls } from '../store/list';
import { type AlertDeps, alertBudgetMs, deliverAlertIfDue } from './delivery';
import { alertDue, MAX_ALERT_ATTEMPTS } from './rule';

export interface AlertPassSummary {
  /** Calls the pass looked at (not yet alerted, possibly owing one). */
  candidates: number;
  sent: { callSid: string; kind: string; recipients: string[] }[];
  failures: { callSid: string; message: string }[];
}

/**
 * Calls over, not yet alerted, that were a voicemail or a missed call, started at or after
 * `since`, whose alert is neither given up nor waiting for its next attempt at `now`.
 */
function candidatesFormula(since: Date, now: Date): string {
  // toISOString() re-serialises the instants: no free text reaches the formula. A blank
  // number is 0 in a formula, so a row never tried has 0 attempts.
  return (
    `AND(${field('callStatus')}!='',NOT(${field('alertedAt')}),NOT(IS_BEFORE(${field('startedAt')},'${since.toISOString()}')),` +
    `${field('alertAttempts')}<${MAX_ALERT_ATTEMPTS},OR(${field('alertRetryAt')}='',NOT(IS_AFTER(${field('alertRetryAt')},'${now.toISOString()}'))),` +
    `OR(${OUTCOME_FORMULAS.voicemail},${OUTCOME_FORMULAS.missed}))`
  );
}

const PAGE_SIZE = 100;
// Every fact but the owner's inbox (Done, notes), which no alert reads and an older table lacks.
const FIELDS = (Object.keys(COLUMNS) as (keyof CallRecord)[]).filter((key) => !INBOX_COLUMNS.includes(key));

function candidates(deps: AlertDeps, since: Date, offset?: string, budget?: RequestBudget): Promise<CallPage> {
  const now = deps.now?.() ?? new Date();
  return listCalls(deps.airtable, { pageSize: PAGE_SIZE, offset, filterByFormula: candidatesFormula(since, now), fields: FIELDS }, budget);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Sends the alerts that are due for calls that started at or after `since`. One list request
 * per 100 candidates; each alert costs the claim, the read-back and the record (three requests).
 */
export async function sendDueAlerts(deps: AlertDeps, since: Date): Promise<AlertPassSummary> {
  const summary: AlertPassSummary = { candidates: 0, sent: [], failures: [] };
  if (!deps.alerts.sms && !deps.alerts.email) return summary;
  let offset: string | undefined;
  do {
    const page = await candidates(deps, since, offset);
    summary.candidates += page.calls.length;
    for (const [i, call] of page.calls.entries()) {
      try {
        const outcome = await deliverAlertIfDue(deps, { recordId: page.recordIds[i], call });
        if (outcome.sent) summary.sent.push({ callSid: call.callSid, kind: outcome.kind, recipients: outcome.recipients });
      } catch (err) {
        summary.failures.push({ callSid: call.callSid, message: messageOf(err) });
      }
    }
    offset = page.offset;
  } while (offset !== undefined);
  return summary;
}

export interface OneAlertResult {
  /** The call alerted now, if any. */
  sent: { callSid: string; kind: string } | null;
  /** The call whose alert failed now, if any (it backs off: alerts/rule.ts). */
  failed: { callSid: string; message: string } | null;
  /** Another alert is due (or may be, on a later page): ask again. */
  more: boolean;
}

/**
 * At most one due alert: what fits in one Function's 10 s (the protocol alone takes up to
 * ALERT_BUDGET_MS). One list request, then the protocol for the oldest due call.
 * @param listBudget the list request's budget, small enough to leave the protocol its time.
 */
export async function sendOneDueAlert(deps: AlertDeps, since: Date, listBudget: RequestBudget): Promise<OneAlertResult> {
  const none: OneAlertResult = { sent: null, failed: null, more: false };
  if (!deps.alerts.sms && !deps.alerts.email) return none;
  const page = await candidates(deps, since, undefined, listBudget);
  const now = deps.now?.() ?? new Date();
  // Newest first in the list: the oldest due call has waited longest.
  const due = page.calls
    .flatMap((call, i) => (alertDue(call, now, deps.alerts.missedCalls) ? [{ recordId: page.recordIds[i], call }] : []))
    .reverse();
  for (const [i, candidate] of due.entries()) {
    const more = i < due.length - 1 || page.offset !== undefined;
    // A slow list (or check) left too little of the 10 s: the next invocation sends it.
    if (deps.deadline !== undefined && deps.deadline - Date.now() < alertBudgetMs(candidate.call, deps)) return { ...none, more: true };
    try {
      const outcome = await deliverAlertIfDue(deps, candidate);
      // Twilio holds a recording of this "missed" call: not due after all, so the next one is.
      if (!outcome.sent && outcome.reason === 'recording-at-twilio') continue;
      return { ...none, sent: outcome.sent ? { callSid: candidate.call.callSid, kind: outcome.kind } : null, more };
    } catch (err) {
      return { ...none, failed: { callSid: candidate.call.callSid, message: messageOf(err) }, more };
    }
  }
  return { ...none, more: page.offset !== undefined };
}
