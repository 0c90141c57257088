// The feed page's sign-in: the feed password, sent once with HTTP Basic auth, traded for a
// session token (lib/feed/session-token.ts) the page sends instead on every later request. A
// wrong password gets the same 401 as the feed's. Public; response: assets/openapi.json.
import { requireFeedPassword } from './lib/feed/auth';
import { issueSessionToken } from './lib/feed/session-token';
import { jsonHandler } from './lib/handlers/json';
import { callTime } from './lib/runtime/clock';

export const handler = jsonHandler(async (event, context) => {
  const password = requireFeedPassword(event, context);
  const { token, expiresAt } = issueSessionToken(password, callTime(context, event));
  return { token, expiresAt: expiresAt.toISOString() };
});
