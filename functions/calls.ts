// The activity feed's list: the owner's calls, newest first, one Airtable page per request.
// Public, but answers nothing without the feed password (see lib/feed/auth.ts).
// Response shape: assets/openapi.json, path /calls.

import { BadRequest, HttpError, StoreError } from './lib/boundary/errors';
import { COLUMNS } from './lib/calls/record';
import { requireFeedAccess } from './lib/feed/auth';
import { missingField } from './lib/feed/edits';
import { feedFormula } from './lib/feed/formula';
import { encodeCursor, type FeedQuery, parseFeedQuery, UNKNOWN_CURSOR } from './lib/feed/query';
import { FEED_FIELDS, toFeedCall } from './lib/feed/shape';
import { jsonHandler } from './lib/handlers/json';
import { listCalls } from './lib/store/list';
import { readAirtableConfig } from './lib/store/settings';

/**
 * What a refused list means to the page. The handled filter on a table set up before its field:
 * the owner is told which field to add. A refused cursor: Airtable's list cursors expire after a few minutes
 * (422 LIST_RECORDS_ITERATOR_NOT_AVAILABLE; https://airtable.com/developers/web/api/list-records):
 * asking again with the same cursor can never work, so the page is told with a 410 to start
 * again from the first page. A well-formed cursor Airtable never issued is answered 422
 * INVALID_OFFSET_VALUE ("The value of offset … is invalid", Airtable/airtable.js#317): the
 * request's own mistake, a 400, not a failure of the call log.
 */
function refusal(err: unknown, query: FeedQuery): unknown {
  if (!(err instanceof StoreError)) return err;
  // A formula naming a field the table lacks is refused as a whole ("Unknown field names: handled at").
  const handledAt = COLUMNS.handledAt.name;
  if (
    err.type === 'INVALID_FILTER_BY_FORMULA' &&
    query.handled !== undefined &&
    err.message.toLowerCase().includes(handledAt.toLowerCase())
  )
    return missingField(handledAt, { cause: err });
  if (err.type === 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE')
    return new HttpError(410, 'This list has expired; start again from the first page.', { cause: err });
  if (err.type === 'INVALID_OFFSET_VALUE') return new BadRequest(UNKNOWN_CURSOR, { cause: err });
  return err;
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
    throw refusal(err, query);
  });
  return { calls: page.calls.map(toFeedCall), next: page.offset === undefined ? null : encodeCursor(page.offset) };
});
