// The whisper, run on a phone's own call once it picks up (the call's Url, set by
// /conference-status): who the call is for and from, and "press 1 to take the call". The
// caller keeps waiting in the conference meanwhile. No store I/O.

import { optional, sid, text } from './lib/boundary/params';
import { twimlHandler } from './lib/handlers/twiml';
import { screenTwiml } from './lib/voice/forward';
import { readSpeechConfig } from './lib/voice/settings';

export const handler = twimlHandler(
  // The conference (the caller's Call SID) and the two numbers travel in the (signed) URL.
  { CallSid: sid('CA'), conference: sid('CA'), caller: optional(text(64), ''), line: optional(text(64), '') },
  (params, context) => screenTwiml(readSpeechConfig(context), params.conference, params.caller, params.line),
);
