// The owner's alert, from inside a Function (a callback, or the feed's /alerts-due): the configuration read from the context (a
// channel that is off says why in the log), texts through the account's own client
// (https://www.twilio.com/docs/serverless/functions-assets/client#twilio-client), and the
// time that is left of the Function's 10 s.

import { logConfigProblem } from '../boundary/error-answers';
import { ConfigError, StoreError } from '../boundary/errors';
import { logText } from '../boundary/log-text';
import type { CallRecord } from '../calls/record';
import type { HandlerContext } from '../runtime/respond';
import type { StoredCall } from '../store/airtable';
import type { AirtableConfig } from '../store/settings';
import { atApiBase } from '../twilio/api';
import { readTwilioApiBase, readTwilioApiConfig } from '../twilio/settings';
import { alertBeforeWrite, type EarlyAlert, voicemailAtTwilio } from './before-write';
import { alertSenders } from './channels';
import { syncAlertClaims } from './claim';
import { type AlertDeps, deliverAlertIfDue } from './delivery';
import { twilioHasRecording } from './recording-proof';
import { readAlertConfig } from './settings';
import { voicemailAudio } from './voicemail-audio';

/** A Function is stopped after 10 s (https://www.twilio.com/docs/serverless/functions-assets/limits); keep half a second for the answer. */
const FUNCTION_TIME_MS = 9500;

/**
 * What the alert protocol needs inside a Function (a callback, or the feed's /alerts-due), or
 * undefined when no channel is on. A channel that is off is logged with its variable.
 * @param laterPass the feed's pass, which may ask Twilio whether a "missed" call has a
 *   recording (alerts/recording-proof.ts); the callbacks leave those calls to it.
 */
export function functionAlertDeps(
  context: HandlerContext,
  airtable: AirtableConfig,
  startedAt: number,
  { laterPass = false } = {},
): AlertDeps | undefined {
  const alerts = readAlertConfig(context);
  for (const problem of alerts.problems) logConfigProblem(context.PATH, problem);
  if (!alerts.sms && !alerts.email) return undefined;
  const twilio = () => atApiBase(context.getTwilioClient(), readTwilioApiBase(context));
  const log = (line: string) => console.log(logText(line));
  return {
    airtable,
    alerts,
    senders: alertSenders(twilio, alerts.email),
    deadline: startedAt + FUNCTION_TIME_MS,
    log,
    claims: syncAlertClaims(twilio, log),
    ...(alerts.email?.attachAudio ? audioFrom(context) : {}),
    ...(laterPass ? { recordingAtTwilio: (callSid: string) => twilioHasRecording(twilio(), callSid) } : {}),
  };
}

/** The voicemail's recording for its email; without the account's credentials, none (and the log says why). */
function audioFrom(context: HandlerContext): Pick<AlertDeps, 'voicemailAudio'> {
  try {
    return { voicemailAudio: voicemailAudio(readTwilioApiConfig(context)) };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logConfigProblem(context.PATH, err);
    return {};
  }
}

/**
 * `now`: the time the callback decides by (lib/clock.ts), one for the whole invocation as in
 * /alerts-due, so a simulated call's alert waits by the simulator's clock.
 */
export async function alertAfterWrite(
  context: HandlerContext,
  airtable: AirtableConfig,
  stored: StoredCall,
  startedAt: number,
  now: Date,
): Promise<void> {
  const deps = functionAlertDeps(context, airtable, startedAt);
  if (!deps) return;
  try {
    await deliverAlertIfDue({ ...deps, now: () => now }, stored);
  } catch (err) {
    // Airtable locks a base out for 30 s after a 429 (https://airtable.com/developers/web/api/rate-limits):
    // Twilio's retries, all within 15 s, would only add to the load. The row is written; the
    // later pass sends the alert. Any other failure answers 503, and Twilio's retry sends it.
    if (!(err instanceof StoreError && err.status === 429)) throw err;
    console.error(`${context.PATH}: alert for ${stored.call.callSid} left to the later pass: ${logText(err.message)}`);
  }
}

/**
 * The voicemail alert a transcript completes, sent before the transcription's write so that
 * its record rides in that write (alerts/before-write.ts); undefined leaves it to alertAfterWrite.
 * Never throws: whatever goes wrong here is the protocol after the write's to handle.
 */
export async function alertBeforeWriteOf(
  context: HandlerContext,
  airtable: AirtableConfig,
  facts: CallRecord,
  recordingSid: string | undefined,
  startedAt: number,
  now: Date,
): Promise<EarlyAlert | undefined> {
  if (recordingSid === undefined) return undefined;
  try {
    const deps = functionAlertDeps(context, airtable, startedAt);
    if (!deps) return undefined;
    const twilio = atApiBase(context.getTwilioClient(), readTwilioApiBase(context));
    const call = await voicemailAtTwilio(twilio, facts.callSid, recordingSid);
    return call ? await alertBeforeWrite({ ...deps, now: () => now }, { ...call, ...facts }) : undefined;
  } catch (err) {
    console.error(
      `${context.PATH}: ${facts.callSid}: the alert is left until after the write: ${logText(err instanceof Error ? err.message : String(err))}`,
    );
    return undefined;
  }
}
