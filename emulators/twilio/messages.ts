// The stand-in's Messages resource: what the product's alerts send, checked the way Twilio
// checks a Create Message request (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
// To and From in E.164, a Body of at most 1,600 characters, and a From that is one of the
// account's own numbers (error 21606, https://www.twilio.com/docs/api/errors/21606). The
// account's numbers here are the ones its simulated calls came in on.
//
// Accepted is not delivered. A created message starts `queued`, and every later change of its
// status is posted, signed, to its StatusCallback (none for the initial status): `sent`, then
// `delivered`, or `undelivered` with an ErrorCode when the carrier refuses it, as US carriers
// refuse texts from a number not registered for A2P 10DLC (30034)
// (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status,
// https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks).
// By default texts are delivered; undeliverNext() makes the next ones fail that way.
import { newSid } from './sids';

export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'undelivered';

export interface SentMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  dateCreated: string;
  /** Where the reports go, when the create asked for them. */
  statusCallback?: string;
  /** The status as reported so far: queued until the first report is posted. */
  status: MessageStatus;
  errorCode?: number;
  /** Each report posted to the StatusCallback, with the HTTP status it was answered (or 'error'). */
  reports: { status: MessageStatus; answer: number | 'error' }[];
}

/** Posts one signed status report (the stand-in's webhook client); resolves to the answer's HTTP status. */
export type ReportSender = (url: string, params: Record<string, string>) => Promise<number | 'error'>;

export interface MessageRefusal {
  status: number;
  code: number;
  message: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_BODY = 1600;

export interface MessagesStandIn {
  /** A created message, or Twilio's refusal. */
  create(form: URLSearchParams, ownNumbers: () => Iterable<string>): SentMessage | MessageRefusal;
  sent(): SentMessage[];
  /** The next `count` creates fail with `status` (500: Twilio's own trouble), as a service outage would. */
  failNext(count: number, status?: number): void;
  /** The next `count` creates are accepted, then reported undelivered with `errorCode` (30034: unregistered 10DLC). */
  undeliverNext(count: number, errorCode?: number): void;
  /** Resolves once every report due so far has been answered. */
  settled(): Promise<void>;
}

/** Between the create's answer and each report: the carrier's part, asynchronous. */
const REPORT_DELAY_MS = 50;

export function messagesStandIn(log: (line: string) => void, sendReport: ReportSender, accountSid: string): MessagesStandIn {
  const sent: SentMessage[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let undelivered: { count: number; errorCode: number } = { count: 0, errorCode: 30034 };
  const pending = new Set<Promise<void>>();

  // The parameters of a message status callback request, as the guide lists them.
  const report = async (message: SentMessage, status: MessageStatus) => {
    await new Promise((resolve) => setTimeout(resolve, REPORT_DELAY_MS));
    message.status = status;
    const params: Record<string, string> = {
      MessageSid: message.sid,
      SmsSid: message.sid,
      MessageStatus: status,
      SmsStatus: status,
      AccountSid: accountSid,
      From: message.from,
      To: message.to,
      ApiVersion: '2010-04-01',
      ...(status === 'undelivered' && message.errorCode !== undefined ? { ErrorCode: String(message.errorCode) } : {}),
    };
    const answer = await sendReport(message.statusCallback!, params);
    message.reports.push({ status, answer });
    log(
      `[twilio] SMS ${message.sid} ${status}${params.ErrorCode ? ` (error ${params.ErrorCode})` : ''}: StatusCallback answered ${answer}`,
    );
  };
  const reportAll = (message: SentMessage) => {
    const final: MessageStatus = message.errorCode === undefined ? 'delivered' : 'undelivered';
    const done = report(message, 'sent').then(() => report(message, final));
    pending.add(done);
    void done.finally(() => pending.delete(done));
  };

  return {
    create(form, ownNumbers) {
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        log(`[twilio] Message refused (simulated failure ${failures.status})`);
        return { status: failures.status, code: 20500, message: 'Internal Server Error (simulated)' };
      }
      const to = form.get('To') ?? '';
      const from = form.get('From') ?? '';
      const body = form.get('Body') ?? '';
      if (!E164.test(to)) return { status: 400, code: 21211, message: `Invalid 'To' Phone Number: ${to}` };
      if (!E164.test(from)) return { status: 400, code: 21212, message: `Invalid From Number (caller ID): ${from}` };
      if (![...ownNumbers()].includes(from)) {
        return {
          status: 400,
          code: 21606,
          message: `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
        };
      }
      if (!body) return { status: 400, code: 21602, message: 'Message body is required.' };
      if (body.length > MAX_BODY)
        return { status: 400, code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' };
      const statusCallback = form.get('StatusCallback') ?? undefined;
      const message: SentMessage = {
        sid: newSid('SM'),
        from,
        to,
        body,
        dateCreated: new Date().toUTCString().replace(/GMT$/, '+0000'),
        statusCallback,
        status: 'queued',
        reports: [],
      };
      if (undelivered.count > 0) {
        undelivered = { ...undelivered, count: undelivered.count - 1 };
        message.errorCode = undelivered.errorCode;
      }
      sent.push(message);
      log(`[twilio] SMS ${message.sid} from ${from} to ${to}:\n  ${body.replace(/\n/g, '\n  ')}`);
      if (statusCallback) reportAll(message);
      return message;
    },
    sent: () => sent.map((message) => ({ ...message, reports: [...message.reports] })),
    failNext(count, status = 500) {
      failures = { count, status };
    },
    undeliverNext(count, errorCode = 30034) {
      undelivered = { count, errorCode };
    },
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/** The Message resource as Twilio answers a create (https://www.twilio.com/docs/messaging/api/message-resource#message-properties). */
export function messageResource(message: SentMessage, accountSid: string): Record<string, unknown> {
  return {
    sid: message.sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: message.dateCreated,
    date_sent: null,
    date_updated: message.dateCreated,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from,
    messaging_service_sid: null,
    num_media: '0',
    // One segment holds 160 GSM-7 characters; a longer text is split into segments of 153
    // (https://www.twilio.com/docs/glossary/what-sms-character-limit).
    num_segments: String(message.body.length <= 160 ? 1 : Math.ceil(message.body.length / 153)),
    price: null,
    price_unit: 'USD',
    status: 'queued',
    to: message.to,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${message.sid}.json`,
  };
}
