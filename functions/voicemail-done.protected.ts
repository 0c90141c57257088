// The recording has ended (the <Record> action): thank the caller, or say goodbye
// politely when nothing was recorded. Recording facts arrive at /recording-status.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as TwimlModule from './lib/twiml.private';
import type * as FactsModule from './lib/call-facts.private';

const { twimlHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readSpeechConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf, text, wholeNumber } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { voicemailDoneTwiml } = require(Runtime.getFunctions()['lib/twiml'].path) as typeof TwimlModule;
const { TWILIO_CALL_STATUSES } = require(Runtime.getFunctions()['lib/call-facts'].path) as typeof FactsModule;

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    CallStatus: optional(oneOf(TWILIO_CALL_STATUSES), 'in-progress'),
    Digits: optional(text(32), ''),
    RecordingDuration: optional(wholeNumber(0, 86400), 0),
  },
  (params, context) => {
    const callerGone = params.Digits === 'hangup' || params.CallStatus === 'completed';
    const result = callerGone ? 'caller-gone' : params.RecordingDuration > 0 ? 'saved' : 'empty';
    return voicemailDoneTwiml(readSpeechConfig(context), result);
  },
);
