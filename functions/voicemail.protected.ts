// Prompt, beep and record a voicemail. `choice` says how the caller got here
// (pressed 2, forward not answered, no choice made, or closed) for the call log, and
// `forward` how forwarding ended when it reached nobody.

import { oneOf, optional, sid } from './lib/boundary/params';
import { FORWARD_VERDICTS, VOICEMAIL_CHOICES } from './lib/calls/record';
import { twimlHandler } from './lib/handlers/twiml';
import { readVoicemailConfig } from './lib/voice/settings';
import { voicemailTwiml } from './lib/voice/voicemail';

export const handler = twimlHandler(
  { CallSid: sid('CA'), choice: optional(oneOf(VOICEMAIL_CHOICES), 'voicemail'), forward: optional(oneOf(FORWARD_VERDICTS)) },
  (params, context) => voicemailTwiml(readVoicemailConfig(context), params.choice, params.forward),
);
