// The key pressed at the whisper: 1 joins this phone to the caller's conference (the join is
// what logs the call answered, docs/forwarding.md), anything else hangs this phone up; the
// other phones keep ringing either way. No store I/O.

import { optional, sid, text } from './lib/boundary/params';
import { twimlHandler } from './lib/handlers/twiml';
import { readServiceOrigin } from './lib/runtime/service-origin';
import { screenResultTwiml } from './lib/voice/forward';

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    Digits: optional(text(32), ''),
    To: optional(text(64), ''),
    conference: sid('CA'),
    caller: optional(text(64), ''),
    line: optional(text(64), ''),
  },
  (params, context) =>
    screenResultTwiml(params.Digits === '1', {
      conference: params.conference,
      phone: params.To,
      serviceOrigin: readServiceOrigin(context),
      callerNumber: params.caller,
      lineNumber: params.line,
    }),
);
