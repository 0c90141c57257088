// Sending one alert to one recipient: a text message through the account's own Twilio client,
// an email through SendGrid's client library. Each send is bounded in time; a failure is an
// AlertError naming the recipient and what the service said.

import { AlertError } from '../boundary/errors';
import { withDeadline } from '../runtime/timing';
import type { AlertMessage } from './message';
import type { EmailChannel } from './settings';

/** What alerts need of a Twilio client: the one `context.getTwilioClient()` returns has it. */
export interface MessagingClient {
  messages: { create(params: { from: string; to: string; body: string; statusCallback?: string }): Promise<{ sid: string }> };
}

/** One recipient of an alert, as listed in the row's `Alerts Sent`: "sms:+1…" or "email". */
export type Recipient = `sms:${string}` | 'email';

/** A file the email carries: the voicemail's recording. */
export interface Attachment {
  filename: string;
  type: string;
  content: Buffer;
}

export interface Senders {
  /**
   * From the business number that was called, to one owner's phone. Accepted is not delivered:
   * Twilio reports the text's fate to `statusCallback` (/message-status).
   */
  sms(from: string, to: string, body: string, statusCallback: string): Promise<void>;
  email(message: AlertMessage, attachment?: Attachment): Promise<void>;
}

const late = (what: string, ms: number) => new AlertError(`${what}: no answer within ${ms} ms`);

function failure(what: string, err: unknown): AlertError {
  if (err instanceof AlertError) return err;
  // Twilio's RestException has status and message; SendGrid's ResponseError has code, and the
  // reason (an unverified sender, a revoked key) in its response body's errors.
  const detail = err as {
    status?: number;
    code?: number | string;
    message?: string;
    response?: { body?: { errors?: { message?: string }[] } };
  };
  const status = detail.status ?? detail.code;
  const reasons = detail.response?.body?.errors
    ?.map((e) => e.message)
    .filter(Boolean)
    .join('; ');
  return new AlertError(`${what} failed${status ? ` (${status})` : ''}: ${reasons || detail.message || String(err)}`, { cause: err });
}

/**
 * @param twilio the account's client: `context.getTwilioClient()` in a Function, created only
 *   when a text is sent, so the callbacks load the SDK only then.
 */
/** The longest one send may take: the alert protocol's time budget counts on it. */
export const SEND_TIMEOUT_MS = 2000;

export function alertSenders(twilio: () => MessagingClient, email: EmailChannel | undefined): Senders {
  return {
    async sms(from, to, body, statusCallback) {
      const what = `text to ${to}`;
      // Create a Message: https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource
      await withDeadline(twilio().messages.create({ from, to, body, statusCallback }), SEND_TIMEOUT_MS, () =>
        late(what, SEND_TIMEOUT_MS),
      ).catch((err) => {
        throw failure(what, err);
      });
    },
    async email(message, attachment) {
      if (!email) throw new AlertError('email is not configured');
      const what = `email to ${email.to.join(', ')}`;
      // Loaded here, not at the top: only a callback that sends an email pays for the library.
      // The libraries' shared instances, set up afresh on every send with the same settings.
      const [{ default: mail }, { default: client }] = await Promise.all([import('@sendgrid/mail'), import('@sendgrid/client')]);
      client.setApiKey(email.apiKey);
      // After setApiKey, which resets the host to SendGrid's own.
      client.setDefaultRequest('baseUrl', `${email.baseUrl}/`);
      mail.setClient(client);
      // Passed on to axios by the client (its defaultRequest is merged into each request).
      mail.setTimeout(SEND_TIMEOUT_MS);
      // One message to every owner address, plain text, with the voicemail's audio when it is
      // attached (base64 content and a filename: https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send).
      const attachments = attachment
        ? [
            {
              content: attachment.content.toString('base64'),
              filename: attachment.filename,
              type: attachment.type,
              disposition: 'attachment',
            },
          ]
        : undefined;
      const send = mail.send({ to: email.to, from: email.from, subject: message.subject, text: message.text, attachments });
      await withDeadline(send, SEND_TIMEOUT_MS + 500, () => late(what, SEND_TIMEOUT_MS + 500)).catch((err) => {
        throw failure(what, err);
      });
    },
  };
}
