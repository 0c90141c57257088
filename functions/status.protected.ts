// The number's "call status changes" callback: the call's final status, duration,
// and who called. Twilio retries it (per the URL's fragment) when the write fails.

import { CALL_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromCallStatus } from './lib/calls/facts';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(CALL_STATUS_PARAMS, factsFromCallStatus);
