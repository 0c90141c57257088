// The command line of `npm run reconcile`.
import { E164 } from '../../functions/lib/twilio/values';
import { UsageError } from '../cli';

export const USAGE = `Usage: npm run reconcile -- [options]

Rebuilds call rows in Airtable from Twilio's own records of inbound calls: final status,
duration, caller, forwarding outcome, voicemail and transcript. Safe to run any number of
times, and alongside the live callbacks: it writes the same values they do. Then it sends the
owner's alerts that are due and were not sent (not with --dry-run).

  --since YYYY-MM-DD   calls that started on or after this day, UTC (default: two days ago)
  --to E164            only calls to this number (the business line)
  --dry-run            show what would be written, write nothing
  --help               this text

Variables (environment, else ./.env): ACCOUNT_SID, AUTH_TOKEN, AIRTABLE_TOKEN, AIRTABLE_BASE_ID,
AIRTABLE_TABLE, AIRTABLE_ENDPOINT_URL, TWILIO_API_BASE_URL; for alerts ALERT_*, SENDGRID_*,
FEED_URL. Without them it reconciles the
local stack of \`npm start\`.
Exit status: 0 every call reconciled, 1 something failed, 2 bad arguments.`;

export interface ReconcileArgs {
  help: boolean;
  since: Date;
  to?: string;
  dryRun: boolean;
}

const DAY_MS = 86_400_000;

function day(value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  // Round-tripping rejects dates like 2024-02-30 that Date would roll over.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--since ${value}: expected a date as YYYY-MM-DD`);
  }
  return date;
}

/** Start of the UTC day two days before `now`. */
function twoDaysBefore(now: Date): Date {
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - 2 * DAY_MS);
}

export function parseReconcileArgs(argv: string[], now: Date = new Date()): ReconcileArgs {
  const args: ReconcileArgs = { help: false, since: twoDaysBefore(now), dryRun: false };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const eq = token.indexOf('=');
    const name = token.slice(0, eq === -1 ? undefined : eq);
    if (name === '--help' || name === '-h') args.help = true;
    else if (name === '--dry-run') args.dryRun = true;
    else if (name === '--since' || name === '--to') {
      const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      if (name === '--since') args.since = day(value);
      else if (E164.test(value)) args.to = value;
      else throw new UsageError(`--to ${value}: expected a number in E.164 form such as +15025550100`);
    } else throw new UsageError(`unknown argument "${token}"`);
  }
  return args;
}
