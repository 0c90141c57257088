// The one place that decides what a failure becomes for each audience, and what the
// function log says about it:
// - the caller hears a polite sentence, never Twilio's generic "application error";
// - Twilio's asynchronous callbacks get 400 for bad input (Twilio never retries a 4xx)
//   and 5xx when the write may succeed later, so that Twilio retries;
// - the feed page gets a JSON status and a sentence worded for the owner.
import { AlertError, BadRequest, ConfigError, HttpError, StoreError } from './errors';
import { logText } from './log-text';

export type Audience = 'caller' | 'callback' | 'feed';

/**
 * What a caller's call does after a failure: go on to /fallback (a voicemail that reads no
 * configuration); or, where that cannot help, hear an apology and be hung up on; or, once
 * the message is taken, hear a goodbye.
 */
export type CallerRecovery = 'fallback' | 'apology' | 'goodbye';

/** The body each audience gets: a caller gets text (with a 4xx), or the TwiML to build. */
interface Bodies {
  caller: string | { then: CallerRecovery };
  callback: string;
  feed: { error: string; [detail: string]: unknown };
}

export interface ErrorAnswer<A extends Audience> {
  status: number;
  body: Bodies[A];
}

/** Logs a configuration problem by the variable to fix; never the value of a secret. */
export function logConfigProblem(path: string, err: ConfigError): void {
  console.error(`Configuration problem in ${path}: ${err.message}`);
}

// Messages of store, alert and unexpected errors can quote what a request sent (Airtable's
// messages quote the values it refused), so they are written with logText.
function log(path: string, err: unknown): void {
  if (err instanceof ConfigError) logConfigProblem(path, err);
  else if (err instanceof StoreError) {
    // A write the table's schema refuses will not succeed on retry; say how to fix it.
    const hint = err.retryable ? '' : ' (does the table have every field? run npm run setup:airtable)';
    console.error(`${path}: ${logText(err.message)}${hint}`);
  } else if (err instanceof AlertError) console.error(`${path}: alert not sent yet: ${logText(err.message)}`);
  else if (!(err instanceof BadRequest) && !(err instanceof HttpError))
    console.error(`Unexpected failure in ${path}: ${logText(err instanceof Error ? (err.stack ?? err.message) : String(err))}`);
}

const FOR_CALLBACK = (err: unknown): ErrorAnswer<'callback'> => {
  if (err instanceof BadRequest) return { status: 400, body: err.message };
  if (err instanceof ConfigError) return { status: 503, body: `Not configured: ${err.variable}` };
  if (err instanceof StoreError) return { status: err.retryable ? 503 : 500, body: 'Call log write failed; retry later' };
  // The row is written; a retry rewrites it unchanged and sends the alert still owed.
  if (err instanceof AlertError) return { status: 503, body: 'Call logged; alert not sent yet; retry later' };
  // A callback that came before what it needs at Twilio (a 5xx, so Twilio asks again).
  if (err instanceof HttpError) return { status: err.status, body: err.message };
  return { status: 500, body: 'Internal error' };
};

const FOR_FEED = (err: unknown): ErrorAnswer<'feed'> => {
  if (err instanceof HttpError) return { status: err.status, body: { ...err.details, error: err.message } };
  if (err instanceof BadRequest) return { status: 400, body: { error: err.message } };
  if (err instanceof ConfigError)
    return { status: 503, body: { error: `Not configured: ${err.variable}. The function log says what to fix.` } };
  if (err instanceof StoreError) {
    return err.retryable
      ? { status: 503, body: { error: 'The call log (Airtable) is not answering right now. Try again in a moment.' } }
      : { status: 502, body: { error: 'The call log (Airtable) refused the request. The function log has the details.' } };
  }
  return { status: 500, body: { error: 'Internal error' } };
};

// Where a failure must not go on to /fallback: /fallback itself (it would loop); the
// whisper's functions, which run on the leg of an owner's phone that picked up, not the
// caller's (hanging up that leg lets the Dial go on, and the caller reaches a voicemail
// through /forward-result); and the Record action, which comes after the message (it would
// ask for it again, and loop).
const NO_FALLBACK: Record<string, CallerRecovery> = {
  '/fallback': 'apology',
  '/screen': 'apology',
  '/screen-result': 'apology',
  '/voicemail-done': 'goodbye',
};

// A malformed request is not something a caller can be talking through: 400 lets the
// number's "primary handler fails" URL take over. Anything else (a configuration mistake
// such as a bad VOICE, a bug) answers 200, which Twilio does not send to the fallback URL,
// so the answer itself goes on to /fallback: the caller can still leave a message.
const FOR_CALLER = (err: unknown, path: string): ErrorAnswer<'caller'> => {
  if (err instanceof BadRequest) return { status: 400, body: err.message };
  // biome-ignore lint/suspicious/noThenProperty: a string, so the answer is never taken for a promise
  return { status: 200, body: { then: NO_FALLBACK[path] ?? 'fallback' } };
};

const ANSWERS: { [A in Audience]: (err: unknown, path: string) => ErrorAnswer<A> } = {
  caller: FOR_CALLER,
  callback: FOR_CALLBACK,
  feed: FOR_FEED,
};

/**
 * What `audience` is told about `err`, logged once for the function at `path`.
 *
 * @example
 * const { status, body } = answerError('callback', new StoreError('timeout', { retryable: true }), '/status');
 * // status 503: Twilio retries the callback
 */
export function answerError<A extends Audience>(audience: A, err: unknown, path: string): ErrorAnswer<A> {
  log(path, err);
  return (ANSWERS[audience] as (err: unknown, path: string) => ErrorAnswer<A>)(err, path);
}
