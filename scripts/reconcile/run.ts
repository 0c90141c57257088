// Rebuilds call rows from Twilio's own records: what Twilio's callback retries could not
// deliver (Airtable locked out or down for longer than they last) is written here instead.
import { toAirtableFields } from '../../functions/lib/call-record';
import type { AirtableConfig, TwilioApiConfig } from '../../functions/lib/config';
import { factsFromHistory } from './history-facts';
import { DEFAULT_PACING, pacedWriter, type Pacing } from './paced-writer';
import { historyOf, inboundCalls, twilioClient } from './twilio-records';

export interface ReconcileOptions {
  twilio: TwilioApiConfig;
  airtable: AirtableConfig;
  /** Calls that started on or after this time. */
  since: Date;
  /** Only calls to this number (the business line). */
  to?: string;
  /** The line's SCREEN_CALLS (default true): how its forwarded legs were judged. */
  screenCalls?: boolean;
  /** Read and report, write nothing. */
  dryRun?: boolean;
  pacing?: Pacing;
  log?: (line: string) => void;
}

export interface ReconcileSummary {
  callsSeen: number;
  /** Rows upserted, or that would be in a dry run. */
  rowsWritten: number;
  failures: { callSid: string; message: string }[];
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileSummary> {
  const log = options.log ?? (() => undefined);
  const client = twilioClient(options.twilio);
  const write = pacedWriter(options.airtable, options.pacing ?? DEFAULT_PACING, log);
  const calls = await inboundCalls(client, options.since, options.to).catch((err: Error) => {
    throw new Error(`Could not list calls at ${options.twilio.baseUrl}: ${err.message}`);
  });
  const summary: ReconcileSummary = { callsSeen: calls.length, rowsWritten: 0, failures: [] };

  for (const call of calls) {
    try {
      const facts = factsFromHistory(await historyOf(client, call), { screenCalls: options.screenCalls });
      if (!facts) {
        log(`${call.sid}  still ${call.status}: nothing final to write yet`);
        continue;
      }
      if (!options.dryRun) await write(facts);
      summary.rowsWritten++;
      log(`${call.sid}  ${options.dryRun ? 'would write' : 'written'}: ${JSON.stringify(toAirtableFields(facts))}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      summary.failures.push({ callSid: call.sid, message });
      log(`${call.sid}  FAILED: ${message}`);
    }
  }
  return summary;
}
