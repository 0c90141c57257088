// The REST list endpoints reconcile reads: Calls (with the filters the SDK
// sends), Recordings by call or creation date, and the Transcriptions of a recording or the account; newest first, in Twilio's page
// envelope, paged with PageSize/Page/PageToken so the SDK follows next_page_uri through them.
// See https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources,
// https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources,
// https://www.twilio.com/docs/voice/api/recording-transcription#read-multiple-transcription-resources
// and https://github.com/twilio/twilio-node/blob/main/src/base/Page.ts.
import type { CallRecordsStore } from './call-records-store';
import { API_VERSION, callResource, recordingResource, transcriptionResource } from './rest-resources';
import type { CallLegRecord } from './types';

const LIST_PATH = new RegExp(
  `^/${API_VERSION}/Accounts/([^/]+)/(Calls|Recordings|Transcriptions|Recordings/(RE[0-9a-fA-F]{32})/Transcriptions)\\.json$`,
);
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

export interface ListRequest {
  accountSid: string;
  key: 'calls' | 'recordings' | 'transcriptions';
  recordingSid?: string;
}

/** The list a path names, or undefined when it names none. */
export function matchList(pathname: string): ListRequest | undefined {
  const match = pathname.match(LIST_PATH);
  if (!match) return undefined;
  const [, accountSid, resource, recordingSid] = match;
  if (recordingSid || resource === 'Transcriptions') return { accountSid, key: 'transcriptions', recordingSid };
  return { accountSid, key: resource === 'Calls' ? 'calls' : 'recordings' };
}

/** A query parameter Twilio would reject with 400. */
export class InvalidParameter extends Error {}

function whole(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new InvalidParameter(`${name} must be a whole number from ${min} to ${max}`);
  return Number(raw);
}

const DAY_MS = 86_400_000;

/**
 * A date filter's day, as midnight UTC in epoch ms. The Calls and Recordings lists take a date,
 * "YYYY-MM-DD in UTC", and read `StartTime>=YYYY-MM-DD` as "on or after midnight of this date"
 * (https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources,
 * https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources). The SDK
 * sends YYYY-MM-DDTHH:mm:ssZ; the docs give no meaning to a time of day, so it counts for nothing.
 */
function day(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new InvalidParameter(`${name} must be a date as YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ`);
  }
  return Date.parse(`${raw.slice(0, 10)}T00:00:00Z`);
}

/** `Name` (that day), `Name>` (on or after its midnight) and `Name<` (on or before its midnight), in UTC. */
function dateFilter(query: URLSearchParams, name: string): (at: string) => boolean {
  const on = day(query, name);
  const after = day(query, `${name}>`);
  const before = day(query, `${name}<`);
  return (at) => {
    const time = Date.parse(at);
    return (
      (on === undefined || Math.floor(time / DAY_MS) * DAY_MS === on) &&
      (after === undefined || time >= after) &&
      (before === undefined || time <= before)
    );
  };
}

function callFilter(query: URLSearchParams): (call: CallLegRecord) => boolean {
  const exact: [string, (call: CallLegRecord) => string | undefined][] = [
    ['To', (call) => call.to],
    ['From', (call) => call.from],
    ['ParentCallSid', (call) => call.parentCallSid],
    ['Status', (call) => call.status],
  ];
  const wanted = exact.filter(([name]) => query.has(name)).map(([name, value]) => ({ value, expected: query.get(name) }));
  const started = dateFilter(query, 'StartTime');
  return (call) => wanted.every(({ value, expected }) => value(call) === expected) && started(call.startTime);
}

const newestFirst = <T>(items: T[], time: (item: T) => string): T[] =>
  // Reversed first so that, among equal times, the latest reported comes first.
  [...items].reverse().sort((a, b) => Date.parse(time(b)) - Date.parse(time(a)));

function pageUri(pathname: string, query: URLSearchParams, page: number, pageSize: number, token?: string): string {
  const params = new URLSearchParams(query);
  for (const name of ['Page', 'PageSize', 'PageToken']) params.delete(name);
  params.set('PageSize', String(pageSize));
  params.set('Page', String(page));
  if (token) params.set('PageToken', token);
  return `${pathname}?${params}`;
}

function page<T extends { sid: string }>(key: ListRequest['key'], items: T[], url: URL, toJson: (item: T) => unknown): object {
  const query = url.searchParams;
  const pageSize = whole(query, 'PageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const pageNumber = whole(query, 'Page', 0, 0, Number.MAX_SAFE_INTEGER);
  const token = query.get('PageToken');
  let start = pageNumber * pageSize;
  if (token !== null) {
    // Like Twilio's, a token names the last item of the previous page ("PA" + its SID).
    const after = items.findIndex((item) => `PA${item.sid}` === token);
    if (after === -1) throw new InvalidParameter('PageToken is not valid for this list');
    start = after + 1;
  }
  const slice = items.slice(start, start + pageSize);
  const more = start + slice.length < items.length;
  return {
    [key]: slice.map(toJson),
    page: pageNumber,
    page_size: pageSize,
    start,
    end: Math.max(start, start + slice.length - 1),
    uri: pageUri(url.pathname, query, pageNumber, pageSize, token ?? undefined),
    first_page_uri: pageUri(url.pathname, query, 0, pageSize),
    next_page_uri: more ? pageUri(url.pathname, query, pageNumber + 1, pageSize, `PA${slice[slice.length - 1].sid}`) : null,
    previous_page_uri: pageNumber > 0 ? pageUri(url.pathname, query, pageNumber - 1, pageSize) : null,
  };
}

/** One page of a list, as Twilio answers it; throws InvalidParameter for a query Twilio would refuse. */
export function listPage(request: ListRequest, url: URL, store: CallRecordsStore): object {
  const { accountSid } = request;
  if (request.key === 'calls') {
    const calls = newestFirst(store.calls().filter(callFilter(url.searchParams)), (call) => call.startTime);
    return page('calls', calls, url, (call) => callResource(call, accountSid));
  }
  if (request.key === 'recordings') {
    const callSid = url.searchParams.get('CallSid');
    const created = dateFilter(url.searchParams, 'DateCreated');
    const recordings = store
      .recordings()
      .filter((recording) => (callSid === null || recording.callSid === callSid) && created(recording.startTime));
    return page(
      'recordings',
      newestFirst(recordings, (r) => r.startTime),
      url,
      (r) => recordingResource(r, accountSid),
    );
  }
  // The account's list (no recording in the path) holds every transcription.
  const transcriptions = store
    .transcriptions()
    .filter((t) => request.recordingSid === undefined || t.recordingSid === request.recordingSid);
  return page(
    'transcriptions',
    newestFirst(transcriptions, (t) => t.dateCreated),
    url,
    (t) => transcriptionResource(t, accountSid),
  );
}
