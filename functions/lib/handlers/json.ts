// The wrapper of the endpoints the feed page reads: JSON, or the bytes of a voicemail.
import { answerError } from '../boundary/error-answers';
import { type Handler, type HandlerContext, respond, type WebhookEvent } from '../runtime/respond';

// Callers' numbers and voicemails: no browser or proxy may cache them; and no browser may
// guess another type than the one declared (https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options).
const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** A body sent as bytes of its own type instead of JSON (a voicemail's audio). */
export class BinaryBody {
  constructor(
    readonly contentType: string,
    readonly bytes: Buffer,
  ) {}
}

export interface JsonOptions {
  /**
   * The Cache-Control of a successful answer, for one that holds no caller's number or
   * message and may be kept a while by the owner's own browser (`private`, never a proxy).
   * Failures are never cached.
   */
  cacheControl?: string;
}

/**
 * A feed endpoint: answers JSON (or a BinaryBody's bytes); every failure answers
 * `{"error": "..."}`, worded for the owner.
 *
 * @example
 * export const handler = jsonHandler(async (event, context) => ({ calls: [] }));
 */
export function jsonHandler(serve: (event: WebhookEvent, context: HandlerContext) => Promise<object>, options: JsonOptions = {}): Handler {
  const success = options.cacheControl ? { ...HEADERS, 'Cache-Control': options.cacheControl } : HEADERS;
  return async (context, event, callback) => {
    try {
      const body = await serve(event, context);
      if (body instanceof BinaryBody) respond(callback, 200, body.contentType, body.bytes, success);
      else respond(callback, 200, 'application/json', body, success);
    } catch (err) {
      const answer = answerError('feed', err, context.PATH);
      respond(callback, answer.status, 'application/json', answer.body, HEADERS);
    }
  };
}
