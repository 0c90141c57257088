// What Twilio later says about an alert's text. Messages API accepts a text and reports its
// fate only through the Message's status callback: a US number not registered for A2P 10DLC is
// accepted, then undelivered with error 30034
// (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status). The callback
// (/message-status) writes a text that did not arrive to the call's row; pure, so the rules are
// tested without I/O.

import { oneOf, optional, type ParamsEvent, sid, truncatedText, wholeNumber } from '../boundary/params';
import type { CallRecord } from '../calls/record';
import { MESSAGE_STATUSES } from '../twilio/values';

/**
 * /message-status. `call` is set in the StatusCallback URL by the alert (alerts/channels.ts),
 * so it is signed by Twilio with the rest of the request.
 */
export const MESSAGE_STATUS_PARAMS = {
  call: sid('CA'),
  MessageSid: sid('SM'),
  MessageStatus: oneOf(MESSAGE_STATUSES),
  To: optional(truncatedText(64)),
  ErrorCode: optional(wholeNumber(0, 999999)),
};

export type MessageStatusEvent = ParamsEvent<typeof MESSAGE_STATUS_PARAMS>;

/** The path of the callback, with the call it reports on. */
export const messageStatusPath = (callSid: string): string => `/message-status?call=${encodeURIComponent(callSid)}`;

/**
 * The facts a message status report owns: a text that did not arrive, or null. A status that is
 * not final (queued, sending, sent…) writes nothing, as status callbacks may arrive in any order
 * and a late "sent" must never overwrite "undelivered". Nor does "delivered": the feed has
 * nothing to say of a text that arrived (the owner holds the phone it arrived on), and Twilio
 * keeps it on the Message, so writing it would cost an Airtable request for every alert.
 */
export function factsFromMessageStatus(event: MessageStatusEvent): CallRecord | null {
  if (event.MessageStatus !== 'undelivered' && event.MessageStatus !== 'failed') return null;
  return { callSid: event.call, textFailedTo: event.To ?? 'an owner phone', textErrorCode: event.ErrorCode };
}

// The codes an owner's alert text most often fails with, in the owner's words; Twilio's error
// pages: https://www.twilio.com/docs/api/errors/30034 and the others by number.
const KNOWN_ERRORS: Record<number, string> = {
  30003: 'the phone is off or out of reach',
  30004: 'the phone blocks texts from this number',
  30005: 'the number is unknown or no longer in service',
  30006: 'the number is a landline or cannot receive texts',
  30007: 'the carrier filtered it as spam',
  30008: 'the carrier gave no reason',
  30032: 'the toll-free number is not verified',
  30034: 'the number is not registered for A2P 10DLC',
};

/** Why a text did not arrive: a known code's reason, else Twilio's error page for it. */
export function textErrorReason(code: number | undefined): string {
  if (code === undefined) return 'Twilio gave no error code';
  return KNOWN_ERRORS[code] ?? `see https://www.twilio.com/docs/api/errors/${code}`;
}

/** What the feed shows of the alert's text: that it did not arrive (the owner must act on it), else nothing. */
export function textAlertOf(call: CallRecord): { status: 'not-delivered'; errorCode: number | null; reason: string } | null {
  if (call.textFailedTo === undefined) return null;
  return { status: 'not-delivered', errorCode: call.textErrorCode ?? null, reason: textErrorReason(call.textErrorCode) };
}
