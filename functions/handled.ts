// The owner marks a call done, or new again, from the feed page: the call's row gets (or loses)
// its Handled At time. Public, but answers nothing without the feed password (lib/feed/auth.ts).
// Request and response: assets/openapi.json, path /handled.
import { requireFeedAccess } from './lib/feed/auth';
import { editAnswer, parseHandled } from './lib/feed/edits';
import { jsonHandler } from './lib/handlers/json';
import { callTime } from './lib/runtime/clock';
import { markHandled } from './lib/store/call-edits';
import { readAirtableConfig } from './lib/store/settings';

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const { callSid, handled } = parseHandled(event);
  const handledAt = handled ? callTime(context, event) : null;
  return editAnswer(await markHandled(readAirtableConfig(context), callSid, handledAt));
});
