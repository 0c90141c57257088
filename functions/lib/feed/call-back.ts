// The owner's call back from the feed page, at the boundary: the JSON body of /call-back
// validated, the number a logged call is called back on, and the answer the page shows.
import { BadRequest } from '../boundary/errors';
import { callBackRefusal } from '../calls/dialable';
import type { CallRecord } from '../calls/record';
import { E164, sidPattern } from '../twilio/values';

const CALL_SID = sidPattern('CA');

export interface CallBackRequest {
  callSid: string;
  ownerPhone: string;
}

/**
 * POST /call-back: {"callSid": "CA…", "ownerPhone": "+1…"}. The owner's phone must be one of the
 * line's own (FORWARD_TO): the page names the phone, but only a configured one can be rung, so a
 * stolen session still cannot make the business number call two strangers.
 */
export function parseCallBack(event: Record<string, unknown>, ownerPhones: readonly string[]): CallBackRequest {
  const unknown = Object.keys(event).find((key) => key !== 'request' && key !== 'callSid' && key !== 'ownerPhone');
  if (unknown !== undefined) throw new BadRequest(`Unknown parameter "${unknown.slice(0, 40)}". Known parameters: callSid, ownerPhone`);
  const { callSid, ownerPhone } = event;
  if (typeof callSid !== 'string' || !CALL_SID.test(callSid))
    throw new BadRequest('callSid must be CA followed by 32 hexadecimal characters');
  if (typeof ownerPhone !== 'string' || !E164.test(ownerPhone)) throw new BadRequest('ownerPhone must be a phone number in E.164 form');
  if (!ownerPhones.includes(ownerPhone))
    throw new BadRequest(`ownerPhone must be one of the line's phones (FORWARD_TO): ${ownerPhones.join(', ')}`);
  return { callSid, ownerPhone };
}

/**
 * The number to call back for a logged call: the caller's, or, on a call back's own row, the
 * number it called. Never a number the page sends: only what the log holds for the call.
 * Throws a BadRequest saying why a number cannot be called back.
 */
export function callBackNumber(call: CallRecord): string {
  const number = call.callBackOf !== undefined ? call.to : call.from;
  const refusal = callBackRefusal(number);
  if (refusal !== undefined) throw new BadRequest(refusal);
  return number as string;
}

/** The words the owner hears on answering, before the caller's phone rings. */
export function callBackGreeting(callerNumber: string): string {
  return `Calling back ${callerNumber.replace(/^\+/, '').split('').join(' ')} from your business number. Please hold.`;
}
