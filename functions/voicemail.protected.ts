// Prompt, beep and record a voicemail. `choice` says how the caller got here
// (pressed 2, forward not answered, or no choice made) for the call log.
import { CHOICES } from './lib/call-record';
import { readVoicemailConfig } from './lib/config';
import { twimlHandler } from './lib/handlers/twiml-handler';
import { oneOf, optional, sid } from './lib/params';
import { voicemailTwiml } from './lib/twiml';

export const handler = twimlHandler(
  { CallSid: sid('CA'), choice: optional(oneOf(CHOICES), 'voicemail') },
  (params, context) => voicemailTwiml(readVoicemailConfig(context), params.choice),
);
