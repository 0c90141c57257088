// The wrapper of Twilio's asynchronous callbacks: a callback is declared as its parameter
// schema and the facts it owns; this wrapper writes them to the call log and answers so
// that Twilio retries exactly the failures a retry can fix. Once the row is written, the
// owner's alert goes out if the row now calls for one (alerts/callback-step.ts).

import { type EarlyAlert, WRITE_AFTER_ALERT } from '../alerts/before-write';
import { alertAfterWrite } from '../alerts/callback-step';
import { textBackAfterWrite } from '../alerts/text-back';
import { answerError } from '../boundary/error-answers';
import { type Params, parseParams, type Schema } from '../boundary/params';
import type { CallRecord } from '../calls/record';
import { callTime } from '../runtime/clock';
import { type Handler, type HandlerContext, respond } from '../runtime/respond';
import type { AirtableConfig } from '../store/settings';
import { readAirtableConfig } from '../store/settings';
import { recordCallFacts } from '../store/writes';

/**
 * @param facts the facts this callback owns, or null when the event carries nothing final
 *   (an intermediate status written late could overwrite a final one).
 * @param then what the callback does at Twilio before its facts are written (forwarding rings,
 *   stops and redirects calls), so a store that is down never holds up the caller; a failure
 *   answers 5xx like a failed write, and its retry must find nothing left to do. What it answers
 *   is given to `facts` (what it found at Twilio).
 * @param alertFirst the owner's alert this callback can send before its write, whose record then
 *   rides in the write (alerts/before-write.ts); when it answers undefined, the alert is decided
 *   from the row after the write, as in every other callback.
 * @example
 * export const handler = callbackHandler({ CallSid: sid('CA'), ... }, (params, receivedAt) => factsFromCallStatus(params, receivedAt));
 */
export function callbackHandler<S extends Schema, T = void>(
  schema: S,
  facts: (params: NoInfer<Params<S>>, receivedAt: Date, found: NoInfer<T> | undefined) => CallRecord | null,
  then?: (params: NoInfer<Params<S>>, context: HandlerContext) => Promise<T>,
  alertFirst?: (
    params: NoInfer<Params<S>>,
    context: HandlerContext,
    facts: CallRecord,
    airtable: AirtableConfig,
    startedAt: number,
    receivedAt: Date,
  ) => Promise<EarlyAlert | undefined>,
): Handler {
  return async (context, event, callback) => {
    const startedAt = Date.now();
    try {
      // The time the callback decides by: the Function's clock, or in local runs the simulator's (lib/clock.ts).
      const receivedAt = callTime(context, event);
      const params = parseParams(event, schema);
      // First what the call needs of Twilio: the caller must not wait on the store.
      const found = await then?.(params, context);
      const record = facts(params, receivedAt, found);
      if (record) {
        const airtable = readAirtableConfig(context);
        const early = await alertFirst?.(params, context, record, airtable, startedAt, receivedAt);
        const stored = await (early
          ? recordCallFacts(airtable, { ...record, ...early.record }, WRITE_AFTER_ALERT)
          : recordCallFacts(airtable, record));
        // Otherwise the alert only after the write succeeded, from the row it left; then the caller's text-back.
        if (early?.failure) throw early.failure;
        if (!early) await alertAfterWrite(context, airtable, stored, startedAt, receivedAt);
        await textBackAfterWrite(context, stored.call, receivedAt);
      }
      respond(callback, 204, 'text/plain', '');
    } catch (err) {
      const answer = answerError('callback', err, context.PATH);
      respond(callback, answer.status, 'text/plain', answer.body);
    }
  };
}
