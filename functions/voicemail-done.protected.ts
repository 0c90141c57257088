// The recording has ended (the <Record> action): thank the caller, or say goodbye
// politely when nothing was recorded. Recording facts arrive at /recording-status.

import { oneOf, optional, sid, text, wholeNumber } from './lib/boundary/params';
import { twimlHandler } from './lib/handlers/twiml';
import { TWILIO_CALL_STATUSES } from './lib/twilio/values';
import { readSpeechConfig } from './lib/voice/settings';
import { voicemailDoneTwiml } from './lib/voice/voicemail';

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
