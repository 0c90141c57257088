// Recording status callback of the voicemail: recording SID, media URL and length.
// `choice` (and `forward`, the Dial's verdict when forwarding reached nobody) are set by the
// TwiML that started the recording.

import { RECORDING_STATUS_PARAMS } from './lib/calls/callback-params';
import { factsFromRecording } from './lib/calls/facts';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(RECORDING_STATUS_PARAMS, factsFromRecording);
