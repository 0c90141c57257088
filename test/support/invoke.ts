// Runs a function handler the way the Functions runtime does (context, event,
// callback) and returns the HTTP answer it produced.
import { join } from 'path';
import { parseTwiml, type TwimlNode } from '../../emulators/twilio/twiml';

export interface FunctionAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
  /** The body as sent, when it is bytes (a voicemail's audio). */
  bytes?: Buffer;
  twiml(): TwimlNode[];
}

type Handler = (context: unknown, event: unknown, callback: (err: unknown, payload?: unknown) => void) => unknown;

export const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
export const CHILD_SID = 'CAfedcba9876543210fedcba9876543210';
export const RECORDING_SID = 'RE00112233445566778899aabbccddeeff';

export function loadHandler(name: string): Handler {
  return (require(join(__dirname, '..', '..', 'functions', `${name}.ts`)) as { handler: Handler }).handler;
}

export async function invoke(
  name: string,
  event: Record<string, unknown>,
  env: Record<string, string | undefined> = {},
  /** What `context.getTwilioClient()` answers (the account's client in a deployed Function). */
  twilioClient: unknown = undefined,
): Promise<FunctionAnswer> {
  const handler = loadHandler(name);
  const context = {
    PATH: `/${name.replace(/\.protected$/, '')}`,
    DOMAIN_NAME: 'localhost:3000',
    ...env,
    getTwilioClient: () => twilioClient,
  };
  return new Promise((resolve, reject) => {
    const callback = (err: unknown, payload?: unknown) => {
      if (err) return reject(err);
      const response = payload as { statusCode: number; headers: Record<string, unknown>; body: unknown };
      const body = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
      const bytes = Buffer.isBuffer(response.body) ? response.body : undefined;
      resolve({ status: response.statusCode, headers: response.headers, body, bytes, twiml: () => parseTwiml(body) });
    };
    Promise.resolve(handler(context, { request: { headers: {}, cookies: {} }, ...event }, callback)).catch(reject);
  });
}

/** The first node with this name, searching depth-first. */
export function find(nodes: TwimlNode[], name: string): TwimlNode | undefined {
  for (const node of nodes) {
    if (node.name === name) return node;
    const inner = find(node.children, name);
    if (inner) return inner;
  }
  return undefined;
}

export const verbs = (nodes: TwimlNode[]) => nodes.map((node) => node.name);
