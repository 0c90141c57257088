// The one place where webhook plumbing lives: parameter validation, and turning
// failures into what each audience needs. A caller always hears a polite sentence
// (never Twilio's "application error"); Twilio's asynchronous callbacks get a 5xx
// when a write failed, so that Twilio retries them; bad input gets a 400.
import type {
  Context,
  ServerlessCallback,
  ServerlessEventObject,
  ServerlessFunctionSignature,
} from '@twilio-labs/serverless-runtime-types/types';
import twilio from 'twilio';
import type * as ConfigModule from './config.private';
import type * as ParamsModule from './params.private';
import type * as CallLogModule from './call-log.private';

// Deployed Functions cannot require each other by relative path: private modules are
// reached through Runtime.getFunctions(); the type imports above are erased at build.
const { ConfigError, DEFAULTS } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { BadRequest, parseParams } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { StoreError } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;

type VoiceResponse = twilio.twiml.VoiceResponse;
type Params<S extends ParamsModule.Schema> = ParamsModule.Params<S>;
type Schema = ParamsModule.Schema;
type Env = Record<string, string | undefined>;
export type HandlerContext = Context<Env>;
export type WebhookEvent = ServerlessEventObject<Record<string, unknown>, Record<string, string | string[] | undefined>>;
export type Handler = ServerlessFunctionSignature<Env, WebhookEvent>;

const APOLOGY = "We're sorry, we can't take your call right now. Please try again later. Goodbye.";

function respond(callback: ServerlessCallback, status: number, contentType: string, body: string): void {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', contentType);
  response.setBody(body);
  callback(null, response);
}

export function logConfigProblem(path: string, err: ConfigModule.ConfigError): void {
  console.error(`Configuration problem in ${path}: ${err.variable} — ${err.message}`);
}

/** TwiML a caller is waiting for. Builders are pure; only configuration may fail. */
export function twimlHandler<S extends Schema>(
  schema: S,
  build: (params: Params<S>, context: HandlerContext) => VoiceResponse,
): Handler {
  return (context, event, callback) => {
    let params: Params<S>;
    try {
      params = parseParams(event, schema);
    } catch (err) {
      if (err instanceof BadRequest) return respond(callback, 400, 'text/plain', err.message);
      throw err;
    }
    try {
      respond(callback, 200, 'text/xml', build(params, context).toString());
    } catch (err) {
      if (err instanceof ConfigError) logConfigProblem(context.PATH, err);
      else console.error(`Unexpected failure in ${context.PATH}:`, err);
      respond(callback, 200, 'text/xml', apologyTwiml().toString());
    }
  };
}

/** A polite goodbye that depends on no configuration, so it cannot fail itself. */
function apologyTwiml(): VoiceResponse {
  const response = new twilio.twiml.VoiceResponse();
  response.say({ voice: DEFAULTS.voice as never, language: DEFAULTS.language as never }, APOLOGY);
  response.hangup();
  return response;
}

/** An asynchronous callback from Twilio that records facts. */
export function callbackHandler<S extends Schema>(
  schema: S,
  record: (params: Params<S>, context: HandlerContext) => Promise<void>,
): Handler {
  return async (context, event, callback) => {
    try {
      await record(parseParams(event, schema), context);
      respond(callback, 204, 'text/plain', '');
    } catch (err) {
      if (err instanceof BadRequest) return respond(callback, 400, 'text/plain', err.message);
      if (err instanceof ConfigError) {
        logConfigProblem(context.PATH, err);
        return respond(callback, 503, 'text/plain', `Not configured: ${err.variable}`);
      }
      if (err instanceof StoreError) {
        // A write the table's schema refuses will not succeed on retry; say how to fix it.
        const hint = err.retryable ? '' : ' (does the table have every field? run npm run setup:airtable)';
        console.error(`${context.PATH}: ${err.message}${hint}`);
        return respond(callback, err.retryable ? 503 : 500, 'text/plain', 'Call log write failed; retry later');
      }
      console.error(`Unexpected failure in ${context.PATH}:`, err);
      respond(callback, 500, 'text/plain', 'Internal error');
    }
  };
}

/** A failure the browser should see as it is: its status and a sentence the page can show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

function respondJson(callback: ServerlessCallback, status: number, body: object): void {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', 'application/json');
  // Callers' numbers and voicemails: no browser or proxy cache may keep them.
  response.appendHeader('Cache-Control', 'no-store');
  // An object, not a string: the runtime serialises JSON bodies itself, and would encode a string twice.
  response.setBody(body);
  callback(null, response);
}

/** A JSON endpoint the feed page reads. Every failure answers `{"error": "..."}`, worded for the owner. */
export function jsonHandler(serve: (event: WebhookEvent, context: HandlerContext) => Promise<object>): Handler {
  return async (context, event, callback) => {
    try {
      respondJson(callback, 200, await serve(event, context));
    } catch (err) {
      if (err instanceof HttpError) return respondJson(callback, err.status, { error: err.message });
      if (err instanceof BadRequest) return respondJson(callback, 400, { error: err.message });
      if (err instanceof ConfigError) {
        logConfigProblem(context.PATH, err);
        return respondJson(callback, 503, { error: `Not configured: ${err.variable}. The function log says what to fix.` });
      }
      if (err instanceof StoreError) {
        console.error(`${context.PATH}: ${err.message}`);
        return err.retryable
          ? respondJson(callback, 503, { error: 'The call log (Airtable) is not answering right now. Try again in a moment.' })
          : respondJson(callback, 502, { error: 'The call log (Airtable) refused the request. The function log has the details.' });
      }
      console.error(`Unexpected failure in ${context.PATH}:`, err);
      respondJson(callback, 500, { error: 'Internal error' });
    }
  };
}
