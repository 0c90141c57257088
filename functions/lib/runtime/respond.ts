// What every wrapper shares: the runtime's types and writing one HTTP answer through
// the runtime's own Response (https://www.twilio.com/docs/serverless/functions-assets/handler#constructing-a-response).
import type {
  Context,
  ServerlessCallback,
  ServerlessEventObject,
  ServerlessFunctionSignature,
} from '@twilio-labs/serverless-runtime-types/types';

type Env = Record<string, string | undefined>;
export type HandlerContext = Context<Env>;
export type WebhookEvent = ServerlessEventObject<Record<string, unknown>, Record<string, string | string[] | undefined>>;
export type Handler = ServerlessFunctionSignature<Env, WebhookEvent>;

export function respond(
  callback: ServerlessCallback,
  status: number,
  contentType: string,
  body: string | object,
  headers: Record<string, string> = {},
): void {
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Content-Type', contentType);
  for (const [name, value] of Object.entries(headers)) response.appendHeader(name, value);
  // A JSON body is given as an object: the runtime serialises it, and would encode a string twice.
  response.setBody(body);
  callback(null, response);
}
