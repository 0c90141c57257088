// The owner blocks a number from the feed page, or unblocks it: the number's entry in the
// blocklist at Twilio Sync (lib/blocklist/sync-blocklist.ts), which /menu reads. No call-log
// request: the calls it rejects are logged `blocked` by their status callback.
// Public, but answers nothing without the feed password. Request and response: assets/openapi.json, path /block.
import { setBlocked, syncClientOf } from './lib/blocklist/sync-blocklist';
import { requireFeedAccess } from './lib/feed/auth';
import { parseBlock, syncFailed } from './lib/feed/block-request';
import { jsonHandler } from './lib/handlers/json';
import { callTime } from './lib/runtime/clock';

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const { number, blocked } = parseBlock(event);
  let changed: boolean;
  try {
    changed = await setBlocked(syncClientOf(context), number, blocked, callTime(context, event));
  } catch (err) {
    throw syncFailed(err, blocked);
  }
  return { number, blocked, changed };
});
