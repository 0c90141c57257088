// The activity feed's list: the owner's calls, newest first, one Airtable page per request.
// Public, but answers nothing without the feed password (see lib/feed/auth.ts).
// Response shape: assets/openapi.json, path /calls.
import { listCalls } from './lib/store/list';
import { readAirtableConfig } from './lib/store/settings';
import { requireFeedAccess } from './lib/feed/auth';
import { feedFormula } from './lib/feed/formula';
import { encodeCursor, parseFeedQuery } from './lib/feed/query';
import { FEED_FIELDS, toFeedCall } from './lib/feed/shape';
import { HttpError, StoreError } from './lib/boundary/errors';
import { jsonHandler } from './lib/handlers/json';

/**
 * Airtable's list cursors expire after a few minutes (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE;
 * https://airtable.com/developers/web/api/list-records): asking again with the same cursor can
 * never work, so the page is told with a 410 to start again from the first page.
 */
function expiredCursor(err: unknown): unknown {
  if (!(err instanceof StoreError) || err.type !== 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE') return err;
  return new HttpError(410, 'This list has expired; start again from the first page.', { cause: err });
}

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const query = parseFeedQuery(event);
  const page = await listCalls(readAirtableConfig(context), {
    pageSize: query.pageSize,
    offset: query.offset,
    filterByFormula: feedFormula(query),
    fields: FEED_FIELDS,
  }).catch((err: unknown) => {
    throw expiredCursor(err);
  });
  return { calls: page.calls.map(toFeedCall), next: page.offset === undefined ? null : encodeCursor(page.offset) };
});
