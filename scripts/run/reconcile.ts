// `npm run reconcile`: rebuilds call rows from Twilio's records after Airtable was locked out
// or down for longer than Twilio's callback retries last. See README, "Reconcile".
import { join } from 'path';
import { readAirtableConfig, readScreenCalls, readTwilioApiConfig } from '../../functions/lib/config';
import { readEnvFile } from '../env-file';
import { ROOT } from '../local-stack';
import { parseReconcileArgs, USAGE, type ReconcileArgs } from '../reconcile/args';
import { runCommand } from '../cli';
import { reconcileEnv } from '../reconcile/environment';
import { reconcile } from '../reconcile/run';

async function runReconcile(args: ReconcileArgs): Promise<number> {
  const env = reconcileEnv(process.env, readEnvFile(join(ROOT, '.env')));
  const twilio = readTwilioApiConfig(env);
  const airtable = readAirtableConfig(env);
  const day = args.since.toISOString().slice(0, 10);
  console.log(`Reconciling inbound calls since ${day}${args.to ? ` to ${args.to}` : ''}`);
  console.log(`  from Twilio at ${twilio.baseUrl} into ${airtable.endpointUrl ?? 'Airtable'} base ${airtable.baseId}, table ${airtable.table}${args.dryRun ? ' (dry run)' : ''}`);

  const screenCalls = readScreenCalls(env);
  const summary = await reconcile({ twilio, airtable, screenCalls, since: args.since, to: args.to, dryRun: args.dryRun, log: (line) => console.log(line) });

  const rows = args.dryRun ? 'rows would be written' : 'rows written';
  console.log(`\n${summary.callsSeen} calls seen, ${summary.rowsWritten} ${rows}, ${summary.failures.length} failed.`);
  for (const failure of summary.failures) console.log(`  - ${failure.callSid}: ${failure.message}`);
  // Upserts are idempotent, so running again is the whole recovery.
  if (summary.failures.length > 0) console.log('Run it again once the cause is fixed: rows already written stay as they are.');
  return summary.failures.length > 0 ? 1 : 0;
}

runCommand({ usage: USAGE, parse: parseReconcileArgs, run: runReconcile });
