// The stand-ins the alerts are sent to, through the same clients the product uses: the real
// twilio SDK for Messages, SendGrid's own library for mail. Each refuses what the real
// service refuses, so a product that sends from the wrong number or sender fails here.
import * as http from 'http';
import twilio from 'twilio';
import { type SendGridStandIn, startSendGridStandIn } from '../../emulators/sendgrid';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { alertSenders } from '../../functions/lib/alerts/channels';
import type { AlertMessage } from '../../functions/lib/alerts/message';
import { AlertError } from '../../functions/lib/boundary/errors';

const ACCOUNT = 'AC' + 'c'.repeat(32);
const TOKEN = 'c'.repeat(32);
const LINE = '+15025550100';
const OWNER = '+14155550199';
const KEY = 'SG.test-key';
// Reports of texts sent elsewhere in this file go nowhere that answers.
const CALLBACK = 'http://127.0.0.1:9/message-status?call=CA1';
const MESSAGE: AlertMessage = {
  sms: 'New voicemail',
  subject: 'Voicemail from +14705550123 (9 s)',
  text: 'New voicemail.\n',
  link: 'https://x/index.html#call=CA1',
};

let media: MediaStandIn;
let sendgrid: SendGridStandIn;

beforeAll(async () => {
  media = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
  sendgrid = await startSendGridStandIn({ apiKey: KEY, verifiedSenders: ['alerts@example.com'] });
  // The line's number is the account's: a call came in on it.
  media.addCallRecords({
    calls: [
      {
        sid: 'CA' + '1'.repeat(32),
        direction: 'inbound',
        from: '+14705550123',
        to: LINE,
        status: 'completed',
        startTime: 'Mon, 23 Nov 2026 15:00:00 GMT',
        endTime: 'Mon, 23 Nov 2026 15:00:05 GMT',
        durationSeconds: 5,
      },
    ],
    recordings: [],
    transcriptions: [],
  });
});
afterAll(async () => {
  await media.close();
  await sendgrid.close();
});

function client(token = TOKEN) {
  const c = twilio(ACCOUNT, token);
  c.api.baseUrl = media.url;
  return c;
}

const email = (overrides = {}) => ({
  to: ['owner@example.com'],
  from: 'alerts@example.com',
  apiKey: KEY,
  baseUrl: sendgrid.url,
  attachAudio: false,
  ...overrides,
});

describe('Messages on the REST stand-in', () => {
  it("creates a message from one of the account's numbers", async () => {
    const message = await client().messages.create({ from: LINE, to: OWNER, body: 'Hello' });
    expect(message).toMatchObject({ from: LINE, to: OWNER, body: 'Hello', status: 'queued' });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(media.messages().at(-1)).toMatchObject({ from: LINE, to: OWNER, body: 'Hello' });
  });

  it.each([
    ["a From that is not the account's number", { from: '+15025550999', to: OWNER, body: 'x' }, 21606],
    ['a To that is not E.164', { from: LINE, to: '415-555-0199', body: 'x' }, 21211],
    ['an empty body', { from: LINE, to: OWNER, body: '' }, 21602],
    ['a body over 1,600 characters', { from: LINE, to: OWNER, body: 'x'.repeat(1601) }, 21617],
  ])('refuses %s', async (_name, params, code) => {
    await expect(client().messages.create(params)).rejects.toMatchObject({ status: 400, code });
  });

  it('refuses wrong credentials', async () => {
    await expect(client('wrong').messages.create({ from: LINE, to: OWNER, body: 'x' })).rejects.toMatchObject({ status: 401 });
  });

  it('fails the next sends on request, as an outage would, and the product names the recipient', async () => {
    media.failNextMessages(1);
    const senders = alertSenders(() => client(), undefined);
    await expect(senders.sms(LINE, OWNER, 'x', CALLBACK)).rejects.toThrow(AlertError);
    expect(media.messages().at(-1)?.body).not.toBe('x');
    media.failNextMessages(1);
    await expect(senders.sms(LINE, OWNER, 'x', CALLBACK)).rejects.toThrow(
      `text to ${OWNER} failed (500): Internal Server Error (simulated)`,
    );
    await expect(senders.sms(LINE, OWNER, 'x', CALLBACK)).resolves.toBeUndefined();
  });
});

describe('Message status reports from the REST stand-in', () => {
  // A receiver that keeps each report and whether Twilio's signature on it holds.
  let receiver: http.Server;
  let url: string;
  const reports: { params: Record<string, string>; signed: boolean }[] = [];
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        const signed = twilio.validateRequest(
          TOKEN,
          String(req.headers['x-twilio-signature']),
          `${url}${req.url!.slice('/message-status'.length)}`,
          params,
        );
        reports.push({ params, signed });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/message-status`;
  });
  afterAll(() => new Promise((resolve) => receiver.close(resolve)));
  beforeEach(() => reports.splice(0));

  it('accepts a text (queued), then posts signed reports to its StatusCallback: sent, then delivered', async () => {
    const message = await client().messages.create({ from: LINE, to: OWNER, body: 'Hello', statusCallback: `${url}?call=CA1` });
    expect(message.status).toBe('queued');
    await media.messagesSettled();
    expect(reports.map((r) => [r.params.MessageStatus, r.signed])).toEqual([
      ['sent', true],
      ['delivered', true],
    ]);
    expect(reports[1].params).toMatchObject({
      MessageSid: message.sid,
      SmsSid: message.sid,
      AccountSid: ACCOUNT,
      From: LINE,
      To: OWNER,
      SmsStatus: 'delivered',
    });
    expect(reports[1].params.ErrorCode).toBeUndefined();
  });

  it('in its undelivered mode accepts the text all the same, then reports it undelivered with the ErrorCode', async () => {
    media.undeliverNextMessages(1, 30034);
    const message = await client().messages.create({ from: LINE, to: OWNER, body: 'Hello', statusCallback: `${url}?call=CA1` });
    expect([message.status, message.errorCode]).toEqual(['queued', null]);
    await client().messages.create({ from: LINE, to: OWNER, body: 'Next', statusCallback: `${url}?call=CA2` });
    await media.messagesSettled();
    const about = (sid: string) =>
      reports.filter((r) => r.params.MessageSid === sid).map((r) => [r.params.MessageStatus, r.params.ErrorCode]);
    expect(about(message.sid)).toEqual([
      ['sent', undefined],
      ['undelivered', '30034'],
    ]);
    // Only the next text: the one after it is delivered.
    expect(media.messages().at(-1)).toMatchObject({ body: 'Next', status: 'delivered' });
    expect(media.messages().at(-2)).toMatchObject({
      status: 'undelivered',
      errorCode: 30034,
      reports: [
        { status: 'sent', answer: 204 },
        { status: 'undelivered', answer: 204 },
      ],
    });
  });
});

describe('Mail Send on the SendGrid stand-in', () => {
  it('accepts plain-text mail from a verified sender through @sendgrid/mail', async () => {
    await alertSenders(() => client(), email()).email(MESSAGE);
    expect(sendgrid.mail().at(-1)).toEqual({
      from: 'alerts@example.com',
      to: ['owner@example.com'],
      subject: MESSAGE.subject,
      text: MESSAGE.text,
      attachments: [],
    });
  });

  it('takes an attachment through @sendgrid/mail; refuses one without base64 content or a filename, and mail of 30 MB', async () => {
    const mp3 = Buffer.from([0xff, 0xfb, 0x90, 0x64, 1, 2, 3]);
    await alertSenders(() => client(), email()).email(MESSAGE, { filename: 'voicemail.mp3', type: 'audio/mpeg', content: mp3 });
    expect(sendgrid.mail().at(-1)?.attachments).toEqual([
      { filename: 'voicemail.mp3', type: 'audio/mpeg', disposition: 'attachment', content: mp3 },
    ]);
    const send = (attachments: unknown) =>
      fetch(`${sendgrid.url}/v3/mail/send`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: 'owner@example.com' }] }],
          from: { email: 'alerts@example.com' },
          subject: 'Hi',
          content: [{ type: 'text/plain', value: 'Hello' }],
          attachments,
        }),
      });
    const field = async (response: Response) => [response.status, (await response.json()).errors[0].field];
    expect(await field(await send([{ content: 'not base64!', filename: 'a.mp3' }]))).toEqual([400, 'attachments.0.content']);
    expect(await field(await send([{ content: 'AAAA' }]))).toEqual([400, 'attachments.0.filename']);
    const huge = await send([{ content: 'A'.repeat(30 * 1024 * 1024), filename: 'big.mp3' }]);
    expect(huge.status).toBe(413);
  });

  it('refuses a content block without its type or value (400), as Mail Send does', async () => {
    const send = (content: unknown) =>
      fetch(`${sendgrid.url}/v3/mail/send`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: [{ email: 'owner@example.com' }] }],
          from: { email: 'alerts@example.com' },
          subject: 'Hi',
          content,
        }),
      });
    const untyped = await send([{ value: 'Hello' }]);
    expect(untyped.status).toBe(400);
    expect((await untyped.json()).errors[0].field).toBe('content.0.type');
    const empty = await send([{ type: 'text/plain', value: '' }]);
    expect((await empty.json()).errors[0].field).toBe('content.0.value');
    expect((await send([{ type: 'text/plain', value: 'Hello' }])).status).toBe(202);
  });

  it('refuses a sender that is not verified (403), and a wrong API key (401)', async () => {
    await expect(alertSenders(() => client(), email({ from: 'someone@example.com' })).email(MESSAGE)).rejects.toThrow(
      /failed \(403\).*verified Sender Identity/,
    );
    await expect(alertSenders(() => client(), email({ apiKey: 'SG.wrong' })).email(MESSAGE)).rejects.toThrow(/failed \(401\)/);
  });
});
