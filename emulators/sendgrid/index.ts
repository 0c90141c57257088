// A local stand-in for SendGrid's v3 Mail Send endpoint (POST /v3/mail/send,
// https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send), so alerts by email
// work on this machine. It refuses what SendGrid refuses: a wrong API key (401), a request
// without personalizations, recipients, from, subject or content (400), and a from address
// that is not a verified sender (403: https://www.twilio.com/docs/sendgrid/for-developers/sending-email/sender-identity).
// Attachments need base64 content and a filename, and a whole email must stay under 30 MB
// (https://docs.sendgrid.com/api-reference/mail-send/limitations: refused here with 413).
// Accepted mail is answered 202 with no body, kept, and logged.
import * as http from 'http';
import { closeServer, listen, readBody } from '../http-server';

export interface SentAttachment {
  filename: string;
  type: string;
  disposition: string;
  content: Buffer;
}

export interface SentMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: SentAttachment[];
}

const MAX_EMAIL_BYTES = 30 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function parseAttachments(raw: unknown): SentAttachment[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Refusal(400, 'The attachments parameter must be an array.', 'attachments');
  return raw.map((item: unknown, i: number) => {
    const part = isObject(item) ? item : {};
    if (typeof part.content !== 'string' || part.content === '' || !BASE64.test(part.content) || part.content.length % 4 !== 0)
      throw new Refusal(400, 'The attachment content must be base64 encoded.', `attachments.${i}.content`);
    if (typeof part.filename !== 'string' || part.filename === '')
      throw new Refusal(400, 'The attachment filename parameter is required.', `attachments.${i}.filename`);
    const disposition = part.disposition ?? 'attachment';
    if (disposition !== 'attachment' && disposition !== 'inline')
      throw new Refusal(400, 'The disposition of your attachment must be either "inline" or "attachment".', `attachments.${i}.disposition`);
    const type = typeof part.type === 'string' && part.type ? part.type : 'application/octet-stream';
    return { filename: part.filename, type, disposition, content: Buffer.from(part.content, 'base64') };
  });
}

export interface SendGridStandInOptions {
  port?: number;
  host?: string;
  apiKey: string;
  /** Sender identities verified in the account; mail from anything else gets 403. */
  verifiedSenders: string[];
  log?: (line: string) => void;
}

export interface SendGridStandIn {
  url: string;
  mail(): SentMail[];
  /** The next `count` sends fail with `status` (default 500). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

const SEND_PATH = '/v3/mail/send';
/** The mail accepted so far, for `npm run call` to show (not part of SendGrid's API). */
const SENT_PATH = '/__sim/mail';

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const address = (value: unknown): string | undefined =>
  isObject(value) && typeof value.email === 'string' && value.email.includes('@') ? value.email : undefined;

function parseMail(body: unknown, verifiedSenders: string[]): SentMail[] {
  if (!isObject(body)) throw new Refusal(400, 'Bad Request: the body must be a JSON object');
  const personalizations = body.personalizations;
  if (!Array.isArray(personalizations) || personalizations.length === 0 || personalizations.length > 1000) {
    throw new Refusal(400, 'The personalizations field is required and must have at least one personalization.', 'personalizations');
  }
  const from = address(body.from);
  if (!from)
    throw new Refusal(
      400,
      'The from object must be provided for every email send. It is an object that requires the email parameter, but may also contain a name parameter.',
      'from.email',
    );
  if (!verifiedSenders.includes(from.toLowerCase())) {
    throw new Refusal(
      403,
      'The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved.',
      'from',
    );
  }
  const content = Array.isArray(body.content) ? body.content : [];
  if (content.length === 0) {
    throw new Refusal(
      400,
      'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.',
      'content',
    );
  }
  // Every content block needs a MIME type and a non-empty value
  // (https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send).
  content.forEach((part: unknown, i: number) => {
    if (!isObject(part) || typeof part.type !== 'string' || part.type === '')
      throw new Refusal(400, 'The content type must be a string at least one character in length.', `content.${i}.type`);
    if (typeof part.value !== 'string' || part.value === '')
      throw new Refusal(400, 'The content value must be a string at least one character in length.', `content.${i}.value`);
  });
  const text = content.find((part) => isObject(part) && part.type === 'text/plain') as { value: string } | undefined;
  const attachments = parseAttachments(body.attachments);
  return personalizations.map((p, i) => {
    const to = isObject(p) && Array.isArray(p.to) ? p.to.map(address) : [];
    if (to.length === 0 || to.some((email) => email === undefined)) {
      throw new Refusal(
        400,
        'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        `personalizations.${i}.to`,
      );
    }
    const subject =
      (isObject(p) && typeof p.subject === 'string' ? p.subject : undefined) ?? (typeof body.subject === 'string' ? body.subject : '');
    if (!subject)
      throw new Refusal(
        400,
        'The subject is required. You can get around this requirement if you use a template with a subject defined.',
        'subject',
      );
    return { from, to: to as string[], subject, text: String(text?.value ?? ''), attachments };
  });
}

// SendGrid's error body: {"errors": [{"message", "field", "help"}]}.
function refuse(res: http.ServerResponse, refusal: Refusal): void {
  const text = JSON.stringify({ errors: [{ message: refusal.message, field: refusal.field, help: null }] });
  res.writeHead(refusal.status, { 'Content-Type': 'application/json' });
  res.end(text);
}

export async function startSendGridStandIn(opts: SendGridStandInOptions): Promise<SendGridStandIn> {
  const sent: SentMail[] = [];
  const log = opts.log ?? (() => undefined);
  const verified = opts.verifiedSenders.map((email) => email.toLowerCase());
  let failures = { count: 0, status: 500 };

  const send = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      refuse(res, new Refusal(401, 'The provided authorization grant is invalid, expired, or revoked'));
      return;
    }
    if (failures.count > 0) {
      failures = { ...failures, count: failures.count - 1 };
      log(`[sendgrid] mail refused (simulated failure ${failures.status})`);
      refuse(res, new Refusal(failures.status, 'Simulated failure'));
      return;
    }
    let mails: SentMail[];
    try {
      const raw = await readBody(req);
      if (Buffer.byteLength(raw) >= MAX_EMAIL_BYTES)
        throw new Refusal(413, 'The total size of your email, including attachments, must be less than 30MB.');
      mails = parseMail(JSON.parse(raw), verified);
    } catch (err) {
      refuse(res, err instanceof Refusal ? err : new Refusal(400, `Bad Request: ${(err as Error).message}`));
      return;
    }
    for (const mail of mails) {
      sent.push(mail);
      log(`[sendgrid] email from ${mail.from} to ${mail.to.join(', ')}: ${mail.subject}\n  ${mail.text.trim().replace(/\n/g, '\n  ')}`);
    }
    res.writeHead(202);
    res.end();
  };

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    if (req.method === 'POST' && path === SEND_PATH) void send(req, res);
    else if (req.method === 'GET' && path === SENT_PATH) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // Attachments by name, type and size: the content is for the tests, not for a terminal.
      const listed = sent.map((m) => ({
        ...m,
        attachments: m.attachments.map((a) => ({ filename: a.filename, type: a.type, bytes: a.content.length })),
      }));
      res.end(JSON.stringify({ mail: listed }));
    } else refuse(res, new Refusal(404, `No such endpoint: ${req.method} ${path}`));
  });
  const url = await listen(server, opts.port, opts.host);
  return {
    url,
    mail: () => [...sent],
    failNext(count, status = 500) {
      failures = { count, status };
    },
    close: () => closeServer(server),
  };
}
