// Status callback of each forwarded leg (<Number statusCallback>): who took the call and
// the talk time, or how forwarding ended when only one phone was rung, written to the
// parent call's row. `numbers` and `screen` are set in the URL by /menu-choice.

import { FORWARD_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromForwardLeg } from './lib/calls/facts';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(FORWARD_STATUS_PARAMS, factsFromForwardLeg);
