// `npm run reconcile`: rebuilds call rows from Twilio's records after Airtable was locked out
// or down for longer than Twilio's callback retries last. See docs/reconcile.md.
import { join } from 'path';
import { alertSenders, type MessagingClient } from '../../functions/lib/alerts/channels';
import { sendDueAlerts } from '../../functions/lib/alerts/pass';
import { twilioHasRecording } from '../../functions/lib/alerts/recording-proof';
import { readAlertConfig } from '../../functions/lib/alerts/settings';
import { logConfigProblem } from '../../functions/lib/boundary/error-answers';
import { readHoursAsTheMenuDid } from '../../functions/lib/calls/settings';
import { reconcile } from '../../functions/lib/reconcile/reconcile';
import { readAirtableConfig } from '../../functions/lib/store/settings';
import { twilioClient } from '../../functions/lib/twilio/records';
import { readTwilioApiConfig } from '../../functions/lib/twilio/settings';
import { runCommand } from '../cli';
import { readEnvFile } from '../env-file';
import { ROOT } from '../local-stack';
import { parseReconcileArgs, type ReconcileArgs, USAGE } from '../reconcile/args';
import { reconcileEnv } from '../reconcile/environment';
import { reconcileOutcome } from '../reconcile/outcome';

async function runReconcile(args: ReconcileArgs): Promise<number> {
  const env = reconcileEnv(process.env, readEnvFile(join(ROOT, '.env')));
  const twilio = readTwilioApiConfig(env);
  const airtable = readAirtableConfig(env);
  const day = args.since.toISOString().slice(0, 10);
  console.log(`Reconciling inbound calls since ${day}${args.to ? ` to ${args.to}` : ''}`);
  console.log(
    `  from Twilio at ${twilio.baseUrl} into ${airtable.endpointUrl ?? 'Airtable'} base ${airtable.baseId}, table ${airtable.table}${args.dryRun ? ' (dry run)' : ''}`,
  );

  const summary = await reconcile({
    client: twilioClient(twilio),
    airtable,
    businessHours: readHoursAsTheMenuDid(env, (err) => logConfigProblem('reconcile', err)),
    since: args.since,
    to: args.to,
    dryRun: args.dryRun,
    log: (line) => console.log(line),
  });

  // Then the owner's alerts that are due and were not sent (a transcript that never came, a
  // send that failed through Twilio's retries): the step the scheduled pass runs too.
  if (!args.dryRun) {
    const alerts = readAlertConfig(env);
    for (const problem of alerts.problems) logConfigProblem('reconcile', problem);
    const client = twilioClient(twilio);
    const messaging: MessagingClient = client;
    // A missed call known by the wait alone goes out only when Twilio holds no recording of it.
    const recordingAtTwilio = (callSid: string) => twilioHasRecording(client, callSid);
    const due = await sendDueAlerts(
      { airtable, alerts, senders: alertSenders(() => messaging, alerts.email), recordingAtTwilio, log: (line) => console.log(line) },
      args.since,
    );
    console.log(`\nAlerts: ${due.candidates} calls not yet alerted, ${due.sent.length} alerts sent, ${due.failures.length} failed.`);
    for (const failure of due.failures) summary.failures.push(failure);
  }

  const outcome = reconcileOutcome(summary, !!args.dryRun);
  console.log(`\n${outcome.lines.join('\n')}`);
  return outcome.exitCode;
}

runCommand({ usage: USAGE, parse: parseReconcileArgs, run: runReconcile });
