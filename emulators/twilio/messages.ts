// The stand-in's Messages resource: what the product's alerts send, checked the way Twilio
// checks a Create Message request (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource):
// To and From in E.164, a Body of at most 1,600 characters, and a From that is one of the
// account's own numbers (error 21606, https://www.twilio.com/docs/api/errors/21606). The
// account's numbers here are the ones its simulated calls came in on.
import { newSid } from './sids';

export interface SentMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  dateCreated: string;
}

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
}

export function messagesStandIn(log: (line: string) => void): MessagesStandIn {
  const sent: SentMessage[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
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
      const message = { sid: newSid('SM'), from, to, body, dateCreated: new Date().toUTCString().replace(/GMT$/, '+0000') };
      sent.push(message);
      log(`[twilio] SMS ${message.sid} from ${from} to ${to}:\n  ${body.replace(/\n/g, '\n  ')}`);
      return message;
    },
    sent: () => [...sent],
    failNext(count, status = 500) {
      failures = { count, status };
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
