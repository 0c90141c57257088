// Status callback of each alert text (the Message's StatusCallback): whether Twilio delivered
// it, or why not, written to the call's row. Twilio accepts a text it cannot deliver and says
// so only here (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status).
// `call` is set in the URL by the alert.
import { factsFromMessageStatus, MESSAGE_STATUS_PARAMS } from './lib/alerts/text-status';
import { callbackHandler } from './lib/handlers/callback';

export const handler = callbackHandler(MESSAGE_STATUS_PARAMS, factsFromMessageStatus);
