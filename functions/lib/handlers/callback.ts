// The wrapper of Twilio's asynchronous callbacks: a callback is declared as its parameter
// schema and the facts it owns; this wrapper writes them to the call log and answers so
// that Twilio retries exactly the failures a retry can fix. Once the row is written, the
// owner's alert goes out if the row now calls for one (alerts/callback-step.ts).

import { alertAfterWrite } from '../alerts/callback-step';
import { textBackAfterWrite } from '../alerts/text-back';
import { answerError } from '../boundary/error-answers';
import { type Params, parseParams, type Schema } from '../boundary/params';
import type { CallRecord } from '../calls/record';
import { callTime } from '../runtime/clock';
import { type Handler, type HandlerContext, respond } from '../runtime/respond';
import { readAirtableConfig } from '../store/settings';
import { recordCallFacts } from '../store/writes';

/**
 * @param facts the facts this callback owns, or null when the event carries nothing final
 *   (an intermediate status written late could overwrite a final one).
 * @param then what the callback does at Twilio before its facts are written (forwarding rings,
 *   stops and redirects calls), so a store that is down never holds up the caller; a failure
 *   answers 5xx like a failed write, and its retry must find nothing left to do.
 * @example
 * export const handler = callbackHandler({ CallSid: sid('CA'), ... }, (params, receivedAt) => factsFromCallStatus(params, receivedAt));
 */
export function callbackHandler<S extends Schema>(
  schema: S,
  facts: (params: NoInfer<Params<S>>, receivedAt: Date) => CallRecord | null,
  then?: (params: NoInfer<Params<S>>, context: HandlerContext) => Promise<void>,
): Handler {
  return async (context, event, callback) => {
    const startedAt = Date.now();
    try {
      // The time the callback decides by: the Function's clock, or in local runs the simulator's (lib/clock.ts).
      const receivedAt = callTime(context, event);
      const params = parseParams(event, schema);
      // First what the call needs of Twilio: the caller must not wait on the store.
      await then?.(params, context);
      const record = facts(params, receivedAt);
      if (record) {
        const airtable = readAirtableConfig(context);
        // The alert only after the write succeeded, from the row it left; then the caller's text-back.
        const stored = await recordCallFacts(airtable, record);
        await alertAfterWrite(context, airtable, stored, startedAt, receivedAt);
        await textBackAfterWrite(context, stored.call, receivedAt);
      }
      respond(callback, 204, 'text/plain', '');
    } catch (err) {
      const answer = answerError('callback', err, context.PATH);
      respond(callback, answer.status, 'text/plain', answer.body);
    }
  };
}
