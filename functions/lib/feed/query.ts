// The list function's query string, validated into a typed query. Everything a filter
// formula is later built from passes through here, so only these shapes can reach it:
// an outcome from a fixed list, digits, instants re-serialised by Date, and the search's text,
// bounded, which store/formula.ts turns into an escaped string literal.
import { BadRequest } from '../boundary/errors';
import { type Field, oneOf, optional, parseOnlyParams, wholeNumber } from '../boundary/params';
import { OUTCOMES, type Outcome } from '../calls/outcome';

const DEFAULT_PAGE_SIZE = 50;
// Airtable's own ceiling for one list request, which keeps a page to one request.
const MAX_PAGE_SIZE = 100;

export interface FeedQuery {
  pageSize: number;
  /** Airtable's offset cursor, unwrapped. */
  offset?: string;
  outcome?: Outcome;
  /** Digits (and a leading +) to find in the caller's number. */
  caller?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Only calls that came outside business hours (true), or only those that did not (false). */
  afterHours?: boolean;
  /** Only calls the owner marked done (true), or only the new ones that need attention (false). */
  handled?: boolean;
  /** Text to find in the caller's name, number or transcript, its whitespace collapsed to single spaces. */
  q?: string;
}

// The cursor wraps Airtable's offset in base64url: opaque to the page, and safe in a URL
// whatever characters Airtable chooses to put in its offsets.
export function encodeCursor(offset: string): string {
  return Buffer.from(offset, 'utf8').toString('base64url');
}

export const UNKNOWN_CURSOR = 'cursor is not one this service gave out; start again from the first page';

const cursor: Field<string> = (raw) => {
  if (raw === undefined || !/^[A-Za-z0-9_-]{1,400}$/.test(raw)) throw new BadRequest(UNKNOWN_CURSOR);
  const offset = Buffer.from(raw, 'base64url').toString('utf8');
  // Printable ASCII without spaces, as every Airtable offset is.
  if (!/^[\x21-\x7e]{1,300}$/.test(offset)) throw new BadRequest(UNKNOWN_CURSOR);
  return offset;
};

const callerNumber: Field<string> = (raw, name) => {
  // People type numbers with spaces, dashes, dots and brackets; the call log stores E.164.
  const digits = (raw ?? '').replace(/[\s().-]/g, '');
  if (!/^\+?\d{2,15}$/.test(digits))
    throw new BadRequest(`${name} must be part of a phone number: 2 to 15 digits, optionally starting with +`);
  return digits;
};

export const SEARCH_MIN = 2;
export const SEARCH_MAX = 100;

const searchText: Field<string> = (raw, name) => {
  // A pasted line break is a space to the owner; other control characters are no one's search.
  const value = (raw ?? '').replace(/\s+/g, ' ').trim();
  const length = [...value].length;
  if (length < SEARCH_MIN || length > SEARCH_MAX || /\p{Cc}/u.test(value))
    throw new BadRequest(
      `Search (${name}) takes ${SEARCH_MIN} to ${SEARCH_MAX} characters: a name, part of a number, or words of a message`,
    );
  return value;
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export const instant: Field<Date> = (raw, name) => {
  const date = raw !== undefined && ISO_INSTANT.test(raw) ? new Date(raw) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new BadRequest(`${name} must be a date and time with its offset, such as 2025-01-31T00:00:00-05:00`);
  return date;
};

const SCHEMA = {
  pageSize: optional(wholeNumber(1, MAX_PAGE_SIZE), DEFAULT_PAGE_SIZE),
  cursor: optional(cursor),
  outcome: optional(oneOf(OUTCOMES)),
  caller: optional(callerNumber),
  from: optional(instant),
  to: optional(instant),
  afterHours: optional(oneOf(['true', 'false'] as const)),
  handled: optional(oneOf(['true', 'false'] as const)),
  q: optional(searchText),
};

export function parseFeedQuery(event: Record<string, unknown>): FeedQuery {
  const { cursor: offset, afterHours, handled, ...params } = parseOnlyParams(event, SCHEMA);
  if (params.from && params.to && params.from.getTime() >= params.to.getTime()) throw new BadRequest('from must be earlier than to');
  const flag = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');
  return {
    ...params,
    offset,
    ...(afterHours === undefined ? {} : { afterHours: flag(afterHours) }),
    ...(handled === undefined ? {} : { handled: flag(handled) }),
  };
}
