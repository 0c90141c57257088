// The digit the caller pressed at the menu: 1 forwards, 2 records a voicemail,
// anything else offers the menu again. No store I/O on this path.

import { logConfigProblem } from './lib/boundary/error-answers';
import { ConfigError } from './lib/boundary/errors';
import { optional, sid, text, wholeNumber } from './lib/boundary/params';
import { twimlHandler } from './lib/handlers/twiml';
import { forwardTwiml, forwardUnavailableTwiml } from './lib/voice/forward';
import { invalidChoiceTwiml } from './lib/voice/menu';
import { readForwardConfig, readSpeechConfig, readVoicemailConfig } from './lib/voice/settings';
import { voicemailTwiml } from './lib/voice/voicemail';

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    From: optional(text(64), ''),
    To: optional(text(64), ''),
    Digits: optional(text(32), ''),
    attempt: optional(wholeNumber(1, 99), 1),
  },
  (params, context) => {
    const speech = readSpeechConfig(context);
    if (params.Digits === '2') return voicemailTwiml(readVoicemailConfig(context), 'voicemail');
    if (params.Digits !== '1') return invalidChoiceTwiml(speech, params.attempt);
    try {
      return forwardTwiml(speech, readForwardConfig(context), params.CallSid, params.From, params.To);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // Losing the forward must not lose the caller: log the variable, take a message.
      logConfigProblem(context.PATH, err);
      return forwardUnavailableTwiml(speech);
    }
  },
);
