// The activity feed's list: the owner's calls, newest first, one Airtable page per request.
// Public, but answers nothing without the feed password (see lib/feed-auth.ts).
// Response shape: assets/openapi.json, path /calls.
import { listCalls } from './lib/call-log';
import { readAirtableConfig } from './lib/config';
import { requireFeedAccess } from './lib/feed-auth';
import { feedFormula } from './lib/feed-formula';
import { encodeCursor, parseFeedQuery } from './lib/feed-query';
import { FEED_FIELDS, toFeedCall } from './lib/feed-shape';
import { jsonHandler } from './lib/handlers/json-handler';

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const query = parseFeedQuery(event);
  const page = await listCalls(readAirtableConfig(context), {
    pageSize: query.pageSize,
    offset: query.offset,
    filterByFormula: feedFormula(query),
    fields: FEED_FIELDS,
  });
  return { calls: page.calls.map(toFeedCall), next: page.offset === undefined ? null : encodeCursor(page.offset) };
});
