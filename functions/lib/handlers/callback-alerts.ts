// The owner's alert, from inside a Function (a callback, or the feed's /alerts-due): the configuration read from the context (a
// channel that is off says why in the log), texts through the account's own client
// (https://www.twilio.com/docs/serverless/functions-assets/client#twilio-client), and the
// time that is left of the Function's 10 s.
import { alertSenders } from '../alert-channels';
import { readAlertConfig } from '../alert-config';
import { deliverAlertIfDue, type AlertDeps } from '../alert-delivery';
import type { StoredCall } from '../call-log';
import { readTwilioApiBase, type AirtableConfig } from '../config';
import { logConfigProblem } from '../error-answers';
import { StoreError } from '../errors';
import { atApiBase } from '../twilio-api-base';
import type { HandlerContext } from './respond';

/** A Function is stopped after 10 s (https://www.twilio.com/docs/serverless/functions-assets/limits); keep half a second for the answer. */
const FUNCTION_TIME_MS = 9500;

/**
 * What the alert protocol needs inside a Function (a callback, or the feed's /alerts-due), or
 * undefined when no channel is on. A channel that is off is logged with its variable.
 */
export function functionAlertDeps(context: HandlerContext, airtable: AirtableConfig, startedAt: number): AlertDeps | undefined {
  const alerts = readAlertConfig(context);
  for (const problem of alerts.problems) logConfigProblem(context.PATH, problem);
  if (!alerts.sms && !alerts.email) return undefined;
  const twilio = () => atApiBase(context.getTwilioClient(), readTwilioApiBase(context));
  return {
    airtable,
    alerts,
    senders: alertSenders(twilio, alerts.email),
    deadline: startedAt + FUNCTION_TIME_MS,
    log: (line) => console.log(line),
  };
}

/**
 * `now`: the time the callback decides by (lib/clock.ts), one for the whole invocation as in
 * /alerts-due, so a simulated call's alert waits by the simulator's clock.
 */
export async function alertAfterWrite(context: HandlerContext, airtable: AirtableConfig, stored: StoredCall, startedAt: number, now: Date): Promise<void> {
  const deps = functionAlertDeps(context, airtable, startedAt);
  if (!deps) return;
  try {
    await deliverAlertIfDue({ ...deps, now: () => now }, stored);
  } catch (err) {
    // Airtable locks a base out for 30 s after a 429 (https://airtable.com/developers/web/api/rate-limits):
    // Twilio's retries, all within 15 s, would only add to the load. The row is written; the
    // later pass sends the alert. Any other failure answers 503, and Twilio's retry sends it.
    if (!(err instanceof StoreError && err.status === 429)) throw err;
    console.error(`${context.PATH}: alert for ${stored.call.callSid} left to the later pass: ${err.message}`);
  }
}
