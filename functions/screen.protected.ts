// The whisper (<Number url>), run on the leg of a phone that picked up, before anything is
// connected: who the call is for and from, and "press 1 to take the call". The caller keeps
// hearing ringing meanwhile. No store I/O: the caller is waiting.
import { readSpeechConfig } from './lib/voice/settings';
import { twimlHandler } from './lib/handlers/twiml';
import { optional, sid, text } from './lib/boundary/params';
import { screenTwiml } from './lib/voice/forward';

export const handler = twimlHandler(
  // The caller's and the line's numbers travel in the (signed) URL set by /menu-choice.
  { CallSid: sid('CA'), caller: optional(text(64), ''), line: optional(text(64), '') },
  (params, context) => screenTwiml(readSpeechConfig(context), params.caller, params.line),
);
