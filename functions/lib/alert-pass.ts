// The later pass of the owner's alerts: every call in a window whose alert is due and not yet
// sent, found in the call log and sent by the same protocol as the callbacks
// (lib/alert-delivery.ts). It catches what the callbacks could not send: a transcript that
// never came, a missed call whose caller hung up before the beep (no recording callback), a
// send that failed through all of Twilio's retries. Run it every few minutes.
import { deliverAlertIfDue, type AlertDeps } from './alert-delivery';
import { COLUMNS, type CallRecord } from './call-record';
import { listCalls } from './call-log';
import { OUTCOME_FORMULAS } from './feed-formula';

export interface AlertPassSummary {
  /** Calls the pass looked at (not yet alerted, possibly owing one). */
  candidates: number;
  sent: { callSid: string; kind: string; recipients: string[] }[];
  failures: { callSid: string; message: string }[];
}

const field = (key: keyof CallRecord) => `{${COLUMNS[key].name}}`;

/** Calls over, not yet alerted, that were a voicemail or a missed call, started at or after `since`. */
function candidatesFormula(since: Date): string {
  // toISOString() re-serialises the instant: no free text reaches the formula.
  return `AND(${field('callStatus')}!='',NOT(${field('alertedAt')}),NOT(IS_BEFORE(${field('startedAt')},'${since.toISOString()}')),` +
    `OR(${OUTCOME_FORMULAS.voicemail},${OUTCOME_FORMULAS.missed}))`;
}

const PAGE_SIZE = 100;

/**
 * Sends the alerts that are due for calls that started at or after `since`. One list request
 * per 100 candidates; each alert costs the claim, the read-back and the record (three requests).
 */
export async function sendDueAlerts(deps: AlertDeps, since: Date): Promise<AlertPassSummary> {
  const summary: AlertPassSummary = { candidates: 0, sent: [], failures: [] };
  if (!deps.alerts.sms && !deps.alerts.email) return summary;
  const fields = Object.keys(COLUMNS) as (keyof CallRecord)[];
  let offset: string | undefined;
  do {
    const page = await listCalls(deps.airtable, { pageSize: PAGE_SIZE, offset, filterByFormula: candidatesFormula(since), fields });
    summary.candidates += page.calls.length;
    for (const [i, call] of page.calls.entries()) {
      try {
        const outcome = await deliverAlertIfDue(deps, { recordId: page.recordIds[i], call });
        if (outcome.sent) summary.sent.push({ callSid: call.callSid, kind: outcome.kind, recipients: outcome.recipients });
      } catch (err) {
        summary.failures.push({ callSid: call.callSid, message: err instanceof Error ? err.message : String(err) });
      }
    }
    offset = page.offset;
  } while (offset !== undefined);
  return summary;
}
