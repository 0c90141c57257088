// The owner's edits from the feed page, at the boundary: the JSON bodies of /handled and /note
// validated into typed edits, and what each edit's outcome tells the page.
import { BadRequest, HttpError } from '../boundary/errors';
import type { EditResult } from '../store/call-edits';
import { sidPattern } from '../twilio/values';
import { type FeedCall, toFeedCall } from './shape';

/** The longest note the page may save: a few paragraphs, far inside Airtable's long-text limit. */
export const NOTE_MAX_LENGTH = 2000;
// What a note the page started from may be: whatever the table holds, which someone may have
// typed in Airtable itself (a long text cell holds up to 100,000 characters).
const BASE_MAX_LENGTH = 100_000;

const CALL_SID = sidPattern('CA');

/** The body's keys, each checked; `request` is the runtime's own entry (its headers). */
function only(event: Record<string, unknown>, known: string[]): void {
  const unknown = Object.keys(event).find((key) => key !== 'request' && !known.includes(key));
  if (unknown !== undefined) throw new BadRequest(`Unknown parameter "${unknown.slice(0, 40)}". Known parameters: ${known.join(', ')}`);
}

function callSidOf(event: Record<string, unknown>): string {
  const value = event.callSid;
  if (typeof value !== 'string' || !CALL_SID.test(value)) throw new BadRequest('callSid must be CA followed by 32 hexadecimal characters');
  return value;
}

function textOf(event: Record<string, unknown>, name: string, max: number): string {
  const value = event[name];
  if (typeof value !== 'string') throw new BadRequest(`${name} must be text (an empty text for none)`);
  if (value.length > max) throw new BadRequest(`${name} is longer than ${max.toLocaleString('en-US')} characters (it has ${value.length})`);
  return value;
}

/** POST /handled: {"callSid": "CA…", "handled": true | false}. */
export function parseHandled(event: Record<string, unknown>): { callSid: string; handled: boolean } {
  only(event, ['callSid', 'handled']);
  const callSid = callSidOf(event);
  // JSON sends a boolean; a form or query string sends its text.
  const handled =
    event.handled === true || event.handled === 'true' ? true : event.handled === false || event.handled === 'false' ? false : undefined;
  if (handled === undefined) throw new BadRequest('handled must be true or false');
  return { callSid, handled };
}

/** POST /note: {"callSid": "CA…", "note": "…", "base": "the note this edit started from"}. */
export function parseNote(event: Record<string, unknown>): { callSid: string; note: string; base: string } {
  only(event, ['callSid', 'note', 'base']);
  return { callSid: callSidOf(event), note: textOf(event, 'note', NOTE_MAX_LENGTH), base: textOf(event, 'base', BASE_MAX_LENGTH) };
}

const FIELD_TYPES: Record<string, string> = { 'Handled At': 'a date field with the time', Notes: 'a long text field' };

/** What the owner is told when the call log lacks a field of the inbox: which field to add, and how. */
export function missingField(field: string, options?: ErrorOptions): HttpError {
  return new HttpError(
    409,
    `The call log has no "${field}" field yet. Add it to the table in Airtable (${FIELD_TYPES[field] ?? 'see docs/feed.md'}; ` +
      '`npm run setup:airtable` lists what the table lacks), then try again.',
    options,
  );
}

/** The page's answer to an edit: the call as it now stands, or why not. */
export function editAnswer(result: EditResult): { call: FeedCall } {
  switch (result.state) {
    case 'saved':
      return { call: toFeedCall(result.call) };
    case 'missing':
      throw new HttpError(404, 'This call is not in the call log.');
    case 'no-field':
      throw missingField(result.field);
    case 'refused':
      throw new HttpError(409, 'This note was changed in another tab.', {
        details: { note: result.current.note ?? '', call: toFeedCall(result.current) },
      });
  }
}
