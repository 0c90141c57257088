// The digit the caller pressed at the menu: 1 forwards, 2 records a voicemail,
// anything else offers the menu again. No store I/O on this path.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as TwimlModule from './lib/twiml.private';

const { twimlHandler, logConfigProblem } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { ConfigError, readForwardConfig, readSpeechConfig, readVoicemailConfig } = require(
  Runtime.getFunctions()['lib/config'].path,
) as typeof ConfigModule;
const { sid, optional, text, wholeNumber } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { forwardTwiml, forwardUnavailableTwiml, invalidChoiceTwiml, voicemailTwiml } = require(
  Runtime.getFunctions()['lib/twiml'].path,
) as typeof TwimlModule;

export const handler = twimlHandler(
  {
    CallSid: sid('CA'),
    From: optional(text(64), ''),
    Digits: optional(text(32), ''),
    attempt: optional(wholeNumber(1, 99), 1),
  },
  (params, context) => {
    const speech = readSpeechConfig(context);
    if (params.Digits === '2') return voicemailTwiml(readVoicemailConfig(context), 'voicemail');
    if (params.Digits !== '1') return invalidChoiceTwiml(speech, params.attempt);
    try {
      return forwardTwiml(speech, readForwardConfig(context), params.From);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // Losing the forward must not lose the caller: log the variable, take a message.
      logConfigProblem(context.PATH, err);
      return forwardUnavailableTwiml(speech);
    }
  },
);
