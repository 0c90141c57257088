// The wrapper of the JSON endpoints the feed page reads.
import { answerError } from '../error-answers';
import { respond, type Handler, type HandlerContext, type WebhookEvent } from './respond';

// Callers' numbers and voicemails: no browser or proxy may cache them.
const HEADERS = { 'Cache-Control': 'no-store' };

/**
 * A JSON endpoint: every failure answers `{"error": "..."}`, worded for the owner.
 *
 * @example
 * export const handler = jsonHandler(async (event, context) => ({ calls: [] }));
 */
export function jsonHandler(serve: (event: WebhookEvent, context: HandlerContext) => Promise<object>): Handler {
  return async (context, event, callback) => {
    try {
      respond(callback, 200, 'application/json', await serve(event, context), HEADERS);
    } catch (err) {
      const answer = answerError('feed', err, context.PATH);
      respond(callback, answer.status, 'application/json', answer.body, HEADERS);
    }
  };
}
