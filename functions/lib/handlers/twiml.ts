// The wrapper of every function that answers a caller with TwiML. It loads no store
// client and makes no request: the caller never waits on Airtable.

import { answerError, type CallerRecovery } from '../boundary/error-answers';
import { type Params, parseParams, type Schema } from '../boundary/params';
import { type Handler, type HandlerContext, respond, type WebhookEvent } from '../runtime/respond';
import { readServiceOrigin } from '../runtime/service-origin';
import type { VoiceResponse } from '../voice/response';
import { apologyTwiml, goodbyeTwiml, toFallbackTwiml } from '../voice/voicemail';

/**
 * A TwiML function: validated parameters in, a VoiceResponse out. The builder is pure, but for
 * /menu's bounded look-up of the blocklist at Twilio (blocklist/sync-blocklist.ts);
 * when it fails (configuration, a bug), the caller goes on to /fallback and can still leave
 * a message (or, where error-answers says that cannot help, hears a polite apology).
 *
 * @example
 * export const handler = twimlHandler({ CallSid: sid('CA') }, (params, context) => menuTwiml(readMenuConfig(context), 1));
 */
export function twimlHandler<S extends Schema>(
  schema: S,
  build: (params: Params<S>, context: HandlerContext, event: WebhookEvent) => VoiceResponse | Promise<VoiceResponse>,
): Handler {
  return async (context, event, callback) => {
    let twiml: string;
    try {
      twiml = (await build(parseParams(event, schema), context, event)).toString();
    } catch (err) {
      const answer = answerError('caller', err, context.PATH);
      if (typeof answer.body === 'string') return respond(callback, answer.status, 'text/plain', answer.body);
      twiml = recoveryTwiml(answer.body.then, context).toString();
    }
    respond(callback, 200, 'text/xml', twiml);
  };
}

/** The answer after a failure; /fallback is reached by its absolute URL on this service. */
function recoveryTwiml(then: CallerRecovery, context: HandlerContext): VoiceResponse {
  if (then === 'fallback') {
    try {
      return toFallbackTwiml(readServiceOrigin(context));
    } catch {
      // DOMAIN_NAME is set by the runtime; without it /fallback could not work either.
    }
  }
  return then === 'goodbye' ? goodbyeTwiml() : apologyTwiml();
}
