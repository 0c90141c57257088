// "A call comes in": greet the caller and offer the menu, or, outside business hours, the
// closed greeting and voicemail. A blocked number is rejected, a withheld one may go straight
// to voicemail. No store I/O on this path: the blocklist is read from Twilio Sync, bounded.

import { isWithheld } from './lib/blocklist/numbers';
import { checkBlocked, syncClientOf } from './lib/blocklist/sync-blocklist';
import { logConfigProblem } from './lib/boundary/error-answers';
import { ConfigError } from './lib/boundary/errors';
import { optional, sid, truncatedText, wholeNumber } from './lib/boundary/params';
import { isOpen } from './lib/calls/hours';
import { readHoursAsTheMenuDid } from './lib/calls/settings';
import { twimlHandler } from './lib/handlers/twiml';
import { callTime } from './lib/runtime/clock';
import type { HandlerContext, WebhookEvent } from './lib/runtime/respond';
import { blockedTwiml, closedTwiml, menuTwiml, withheldTwiml } from './lib/voice/menu';
import { readClosedGreeting, readMenuConfig, readSpeechConfig, readWithheldToVoicemail } from './lib/voice/settings';

// Sync answers a fetch in well under 100 ms; past this the caller has heard enough silence,
// and a call let through is better than one lost to an outage.
const BLOCKLIST_TIMEOUT_MS = 800;

/** Open unless the hours say otherwise; hours that cannot be read are logged and the line stays open. */
function lineOpen(context: HandlerContext, event: WebhookEvent): boolean {
  // A mistake in the hours must never stop calls from reaching the owner.
  const hours = readHoursAsTheMenuDid(context, (err) => logConfigProblem(context.PATH, err));
  return hours === null || isOpen(hours, callTime(context, event));
}

/** A mistake in the setting sends nobody to voicemail unasked: it is logged and read as off. */
function withheldToVoicemail(context: HandlerContext): boolean {
  try {
    return readWithheldToVoicemail(context);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logConfigProblem(context.PATH, err);
    return false;
  }
}

export const handler = twimlHandler(
  // The attempt count travels in the URL: Functions keep no memory between requests.
  { CallSid: sid('CA'), From: optional(truncatedText(64)), attempt: optional(wholeNumber(1, 99), 1) },
  async (params, context, event) => {
    // The caller is screened and the hours checked when the call comes in, not on the menu's repeats.
    if (params.attempt === 1) {
      if (isWithheld(params.From)) {
        if (params.From !== undefined && withheldToVoicemail(context)) return withheldTwiml();
      } else {
        const log = (line: string) => console.log(`${context.PATH} ${params.CallSid}: ${line}`);
        if ((await checkBlocked(() => syncClientOf(context), params.From!, BLOCKLIST_TIMEOUT_MS, log)) === 'blocked') return blockedTwiml();
      }
      if (!lineOpen(context, event)) return closedTwiml(readSpeechConfig(context), readClosedGreeting(context));
    }
    return menuTwiml(readMenuConfig(context), params.attempt);
  },
);
