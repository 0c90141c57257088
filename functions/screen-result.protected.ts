// The key pressed at the whisper: 1 connects the caller to this phone, anything else ends
// this phone's leg (the others keep ringing, and the caller goes on as if nobody answered).
import { twimlHandler } from './lib/handlers/twiml';
import { optional, sid, text } from './lib/boundary/params';
import { screenResultTwiml } from './lib/voice/forward';

export const handler = twimlHandler(
  { CallSid: sid('CA'), Digits: optional(text(32), '') },
  (params) => screenResultTwiml(params.Digits === '1'),
);
