// Prompt, beep and record a voicemail. `choice` says how the caller got here
// (pressed 2, forward not answered, no choice made, or closed) for the call log, and
// `forward` how forwarding ended when it reached nobody.
import { CHOICES, FORWARD_VERDICTS } from './lib/call-record';
import { readVoicemailConfig } from './lib/config';
import { twimlHandler } from './lib/handlers/twiml-handler';
import { oneOf, optional, sid } from './lib/params';
import { voicemailTwiml } from './lib/twiml';

export const handler = twimlHandler(
  { CallSid: sid('CA'), choice: optional(oneOf(CHOICES), 'voicemail'), forward: optional(oneOf(FORWARD_VERDICTS)) },
  (params, context) => voicemailTwiml(readVoicemailConfig(context), params.choice, params.forward),
);
