// The number's "Primary handler fails" URL (VoiceFallbackUrl): Twilio requests it when /menu
// or any other TwiML answer fails (timeout, 5xx, a 400, unparseable TwiML), adding ErrorCode
// and ErrorUrl (https://www.twilio.com/docs/voice/twiml#fallback-url). Instead of Twilio's
// generic application error, the caller hears a short apology and can leave a message. It
// requires no parameter and reads no configuration, so it has nothing of its own to fail on.

import { logText } from './lib/boundary/log-text';
import { optional, truncatedText } from './lib/boundary/params';
import { twimlHandler } from './lib/handlers/twiml';
import { readServiceOrigin } from './lib/runtime/service-origin';
import { fallbackTwiml } from './lib/voice/voicemail';

export const handler = twimlHandler(
  { ErrorCode: optional(truncatedText(16)), ErrorUrl: optional(truncatedText(512)) },
  (params, context) => {
    // Both parameters are the request's: anyone who can reach the URL chooses them.
    console.error(
      `Voice fallback: Twilio error ${logText(params.ErrorCode ?? '(none given)')} at ${logText(params.ErrorUrl ?? '(no URL given)')}`,
    );
    return fallbackTwiml(readServiceOrigin(context));
  },
);
