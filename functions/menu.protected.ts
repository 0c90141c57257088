// "A call comes in": greet the caller and offer the menu, or, outside business hours, the
// closed greeting and voicemail. No store I/O on this path.

import { logConfigProblem } from './lib/boundary/error-answers';
import { optional, sid, wholeNumber } from './lib/boundary/params';
import { isOpen } from './lib/calls/hours';
import { readHoursAsTheMenuDid } from './lib/calls/settings';
import { twimlHandler } from './lib/handlers/twiml';
import { callTime } from './lib/runtime/clock';
import type { HandlerContext, WebhookEvent } from './lib/runtime/respond';
import { closedTwiml, menuTwiml } from './lib/voice/menu';
import { readClosedGreeting, readMenuConfig, readSpeechConfig } from './lib/voice/settings';

/** Open unless the hours say otherwise; hours that cannot be read are logged and the line stays open. */
function lineOpen(context: HandlerContext, event: WebhookEvent): boolean {
  // A mistake in the hours must never stop calls from reaching the owner.
  const hours = readHoursAsTheMenuDid(context, (err) => logConfigProblem(context.PATH, err));
  return hours === null || isOpen(hours, callTime(context, event));
}

export const handler = twimlHandler(
  // The attempt count travels in the URL: Functions keep no memory between requests.
  { CallSid: sid('CA'), attempt: optional(wholeNumber(1, 99), 1) },
  (params, context, event) => {
    // Hours are checked when the call comes in, not on the menu's repeats.
    if (params.attempt === 1 && !lineOpen(context, event)) return closedTwiml(readSpeechConfig(context), readClosedGreeting(context));
    return menuTwiml(readMenuConfig(context), params.attempt);
  },
);
