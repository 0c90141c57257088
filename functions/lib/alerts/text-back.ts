// The caller's text-back: after a missed call or a voicemail, one text from the business number
// to the caller ("Sorry we missed you…", AUTO_REPLY_SMS), at most once per number per business
// day, never to a withheld or blocked number. Sent from the callbacks, after the row is written:
// never on the caller's path.
//
// Once per number per day is claimed at Twilio Sync, by a Document whose unique name is the
// number and the day (https://www.twilio.com/docs/sync/api/document-resource): a name already
// taken is refused with 409 and error 54301 (https://www.twilio.com/docs/api/errors/54301), so
// the several callbacks of one call, their retries, and a second call the same day send once.
// A text that fails gives its claim back, so Twilio's retry of the callback sends it.
import { isWithheld } from '../blocklist/numbers';
import { checkBlocked, type SyncClient, syncClientOf } from '../blocklist/sync-blocklist';
import { type Env, isSet, optionalText, text } from '../boundary/env';
import { logConfigProblem } from '../boundary/error-answers';
import { AlertError, ConfigError } from '../boundary/errors';
import { logText } from '../boundary/log-text';
import { checkTimeZone, localTime } from '../calls/hours';
import { outcomeOf } from '../calls/outcome';
import type { CallRecord } from '../calls/record';
import { HOURS_SETTINGS } from '../calls/settings';
import type { HandlerContext } from '../runtime/respond';
import { withDeadline } from '../runtime/timing';
import { ALERT_SETTINGS } from './settings';

const SERVICE = 'default';
// Past the business day in any time zone: the claim is only needed that long.
const CLAIM_SECONDS = 2 * 24 * 3600;
const SEND_TIMEOUT_MS = 2000;
const SYNC_TIMEOUT_MS = 1500;

export interface TextBackConfig {
  body: string;
  /** The business's day: TIME_ZONE, else UTC. */
  timeZone: string;
}

/** The text, or undefined when AUTO_REPLY_SMS is empty (the default: off). */
export function readTextBackConfig(env: Env): TextBackConfig | undefined {
  if (!isSet(env, ALERT_SETTINGS.AUTO_REPLY_SMS)) return undefined;
  const zone = optionalText(env, HOURS_SETTINGS.TIME_ZONE);
  return { body: text(env, ALERT_SETTINGS.AUTO_REPLY_SMS), timeZone: zone ? checkTimeZone(zone) : 'UTC' };
}

/** A call that owes its caller the text: over, missed or voicemail, from a number that can be texted. */
export function owesTextBack(call: CallRecord): boolean {
  if (call.callStatus === undefined || call.choice === 'blocked' || isWithheld(call.from)) return false;
  const outcome = outcomeOf(call);
  return outcome === 'missed' || outcome === 'voicemail';
}

export const textBackClaimName = (number: string, day: string) => `textback-${number.replace(/\D/g, '')}-${day}`;

const statusOf = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : undefined;
const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export type TextBackResult = 'sent' | 'not-owed' | 'already-sent' | 'blocked' | 'no-claim';

/**
 * Sends the text when the call owes one, claimed for the day the call came (else `now`'s): a
 * callback that arrives later, or by another clock, claims the same day. Sync not answering sends nothing
 * (a text sent twice is worse than one not sent); a refused text throws an AlertError, so
 * Twilio retries the callback.
 */
export async function sendTextBack(
  client: () => SyncClient,
  config: TextBackConfig,
  call: CallRecord,
  now: Date,
  log: (line: string) => void,
): Promise<TextBackResult> {
  if (!owesTextBack(call) || !call.to) return 'not-owed';
  const to = call.from!;
  // A number blocked after it called (or while Sync could not say) is not texted either.
  const blocked = await checkBlocked(client, to, SYNC_TIMEOUT_MS, log);
  if (blocked !== 'allowed') return blocked === 'blocked' ? 'blocked' : 'no-claim';
  const documents = client().sync.v1.services(SERVICE).documents;
  const name = textBackClaimName(to, localTime(call.startedAt ?? now, config.timeZone).date);
  try {
    const claim = documents.create({ uniqueName: name, data: { callSid: call.callSid }, ttl: CLAIM_SECONDS });
    await withDeadline(claim, SYNC_TIMEOUT_MS, () => new Error(`no answer within ${SYNC_TIMEOUT_MS} ms`));
  } catch (err) {
    if (statusOf(err) === 409) return 'already-sent';
    log(`text-back to ${to} not sent: no claim at Sync (${reason(err)})`);
    return 'no-claim';
  }
  try {
    // From the number the caller dialled (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
    const send = client().messages.create({ from: call.to, to, body: config.body });
    await withDeadline(send, SEND_TIMEOUT_MS, () => new Error(`no answer within ${SEND_TIMEOUT_MS} ms`));
  } catch (err) {
    await documents(name)
      .remove()
      .catch(() => log(`text-back claim ${name} not given back: the text to ${to} is not sent today`));
    throw new AlertError(`text-back to ${to} failed: ${reason(err)}`, { cause: err });
  }
  log(`text-back sent to ${to}`);
  return 'sent';
}

/** The callbacks' step after the row is written: the text when AUTO_REPLY_SMS is set and the row owes it. */
export async function textBackAfterWrite(context: HandlerContext, call: CallRecord, now: Date): Promise<void> {
  let config: TextBackConfig | undefined;
  try {
    config = readTextBackConfig(context);
  } catch (err) {
    // A TIME_ZONE the line cannot read is named in the log; the call's row is written all the same.
    if (!(err instanceof ConfigError)) throw err;
    logConfigProblem(context.PATH, err);
    return;
  }
  if (!config || !owesTextBack(call)) return;
  await sendTextBack(
    () => syncClientOf(context),
    config,
    call,
    now,
    (line) => console.log(logText(`${context.PATH} ${call.callSid}: ${line}`)),
  );
}
