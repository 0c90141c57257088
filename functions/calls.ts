// The activity feed's list: the owner's calls, newest first, one Airtable page per request.
// Public, but answers nothing without the feed password (see lib/feed-auth.private.ts).
// Response shape: assets/openapi.json, path /calls.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as CallLogModule from './lib/call-log.private';
import type * as AuthModule from './lib/feed-auth.private';
import type * as QueryModule from './lib/feed-query.private';
import type * as FormulaModule from './lib/feed-formula.private';
import type * as ShapeModule from './lib/feed-shape.private';

const { jsonHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readAirtableConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { listCalls } = require(Runtime.getFunctions()['lib/call-log'].path) as typeof CallLogModule;
const { requireFeedAccess } = require(Runtime.getFunctions()['lib/feed-auth'].path) as typeof AuthModule;
const { encodeCursor, parseFeedQuery } = require(Runtime.getFunctions()['lib/feed-query'].path) as typeof QueryModule;
const { feedFormula } = require(Runtime.getFunctions()['lib/feed-formula'].path) as typeof FormulaModule;
const { FEED_FIELDS, toFeedCall } = require(Runtime.getFunctions()['lib/feed-shape'].path) as typeof ShapeModule;

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
