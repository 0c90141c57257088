// Recording status callback of the voicemail: recording SID, media URL and length.
// `choice` is set by the TwiML that started the recording.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as CallLogModule from './lib/call-log.private';
import type * as FactsModule from './lib/call-facts.private';

const { callbackHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readAirtableConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { sid, optional, oneOf, httpsUrl, wholeNumber } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { recordCallFacts, CHOICES } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;
const { factsFromRecording, TWILIO_RECORDING_STATUSES } = require(Runtime.getFunctions()['lib/call-facts'].path) as typeof FactsModule;

export const handler = callbackHandler(
  {
    CallSid: sid('CA'),
    RecordingSid: sid('RE'),
    RecordingStatus: oneOf(TWILIO_RECORDING_STATUSES),
    RecordingUrl: optional(httpsUrl()),
    RecordingDuration: optional(wholeNumber(0, 86400), 0),
    choice: optional(oneOf(CHOICES)),
  },
  async (params, context) => {
    const facts = factsFromRecording(params);
    if (facts) await recordCallFacts(readAirtableConfig(context), facts);
  },
);
