// The owner calls a caller back as the business, from the feed page: Twilio rings the owner's
// own phone first and, once they answer, dials the caller with the business number as caller ID.
// The business number calling strangers is what a stolen password would be used for, so only a
// signed-in owner can start one, only to a phone of the line's own, only to an ordinary number
// the call log holds, and each is logged. Public, checking the session token (lib/feed/auth.ts).
// Request and response: assets/openapi.json, path /call-back.
//   {} (or a GET): the owner's phones, for the page to ask which one to ring.
//   {"callSid": "CA…", "ownerPhone": "+1…"}: start the call back.
import { HttpError } from './lib/boundary/errors';
import { logText } from './lib/boundary/log-text';
import type { CallRecord } from './lib/calls/record';
import { requireFeedAccess } from './lib/feed/auth';
import { callBackGreeting, callBackNumber, parseCallBack } from './lib/feed/call-back';
import { editAnswer } from './lib/feed/edits';
import { type FeedCall, toFeedCall } from './lib/feed/shape';
import { twilioOf } from './lib/forwarding/context';
import { jsonHandler } from './lib/handlers/json';
import { callTime } from './lib/runtime/clock';
import { readLoggedCall, recordCallBack } from './lib/store/call-backs';
import { markHandled } from './lib/store/call-edits';
import { readAirtableConfig } from './lib/store/settings';
import { readLineNumber } from './lib/twilio/settings';
import { say, voiceResponse } from './lib/voice/response';
import { readForwardConfig, readSpeechConfig } from './lib/voice/settings';

// How long the owner's phone rings before Twilio gives up (calls.create's Timeout, default 60 s):
// short enough to stop before the owner's own voicemail answers and dials the caller into it.
const OWNER_RING_SECONDS = 20;

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const ownerPhones = readForwardConfig(context).forwardTo;
  if (Object.keys(event).every((key) => key === 'request')) return { phones: ownerPhones };

  const { callSid, ownerPhone } = parseCallBack(event, ownerPhones);
  const airtable = readAirtableConfig(context);
  const original = await readLoggedCall(airtable, callSid);
  if (original === undefined) throw new HttpError(404, 'This call is not in the call log.');
  const caller = callBackNumber(original);
  const business = readLineNumber(context);

  // When the owner answers, the TwiML says who is being called and dials them. callerId: "the
  // caller ID that will appear to the called party", a Twilio number of the account
  // (https://www.twilio.com/docs/voice/twiml/dial#callerid).
  const twiml = voiceResponse();
  say(twiml, readSpeechConfig(context), callBackGreeting(caller));
  twiml.dial({ callerId: business }).number(caller);

  // A REST call to the owner's phone (https://www.twilio.com/docs/voice/api/call-resource#create-a-call-resource):
  // From must be a number of the account (error 21210), so the owner's phone shows the business
  // number too; `twiml` is the inline form of Url (https://www.twilio.com/docs/api/errors/21200).
  let callBackSid: string;
  try {
    const call = await twilioOf(context).calls.create({
      to: ownerPhone,
      from: business,
      twiml: twiml.toString(),
      timeout: OWNER_RING_SECONDS,
    });
    callBackSid = call.sid;
  } catch (err) {
    console.error(`call back of ${callSid}: Twilio refused the call: ${logText(reason(err))}`);
    throw new HttpError(502, `Twilio did not start the call back: ${reason(err).slice(0, 200)}`, { cause: err });
  }
  console.log(`call back of ${callSid}: ${callBackSid} rings ${ownerPhone}, then dials ${caller} as ${business}`);

  // The call is ringing whatever the log says now: a failed write is logged, and the page still
  // told that the phone rings.
  const now = callTime(context, event);
  const row: CallRecord = { callSid: callBackSid, startedAt: now, from: business, to: caller, callBackOf: callSid, handledAt: now };
  let logged = false;
  let call: FeedCall | null = null;
  try {
    logged = (await recordCallBack(airtable, row)) === 'saved';
    if (!logged) console.warn(`call back of ${callSid}: the call log has no "Call Back Of" field; ${callBackSid} not logged`);
    const handled = await markHandled(airtable, callSid, now);
    call = handled.state === 'no-field' ? toFeedCall(original) : editAnswer(handled).call;
  } catch (err) {
    console.error(`call back of ${callSid}: ${callBackSid} not written to the call log: ${logText(reason(err))}`);
  }
  return { callBack: { callSid: callBackSid, ownerPhone, caller, logged }, call };
});
