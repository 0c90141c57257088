// Where a reconcile stopped, and from where the next one starts. Calls are taken in the order of
// their latest change at Twilio (the latest `date_updated` of the call, its legs, recordings and
// transcriptions, then the SID), so a run that stops can go on from the last call it finished,
// and a run after a finished one reads only the calls Twilio changed since: a transcription that
// completes later moves its call past the cursor again.
import { BadRequest } from '../boundary/errors';
import type { CallHistory } from '../twilio/records';

/** `<ISO time>` (calls changed after it) or `<ISO time>_<Call SID>` (calls after that one). */
export type Cursor = string;

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)(?:_(CA[0-9a-f]{32}))?$/;
// A finished run whose last change is this recent hands on a cursor this much before it: a
// record Twilio lists a little late is read again rather than missed (one read, no write).
// Older changes have settled, and the cursor is the last call itself: a quiet line costs nothing.
const OVERLAP_MS = 60_000;
const SETTLED_MS = 5 * 60_000;

export interface Position {
  at: number;
  sid: string;
}

export function parseCursor(value: unknown): Position | undefined {
  if (value === undefined || value === '') return undefined;
  const match = typeof value === 'string' ? CURSOR.exec(value) : null;
  if (!match) throw new BadRequest('after must be a cursor a reconcile answered with');
  return { at: Date.parse(match[1]), sid: match[2] ?? '' };
}

export function positionOf(history: CallHistory): Position {
  const times = [
    history.call.dateUpdated,
    ...history.legs.map((leg) => leg.dateUpdated),
    ...history.recordings.flatMap(({ recording, transcriptions }) => [recording.dateUpdated, ...transcriptions.map((t) => t.dateUpdated)]),
  ].map((date) => date.getTime());
  return { at: Math.max(...times), sid: history.call.sid };
}

export const comesAfter = (a: Position, b: Position): boolean => a.at > b.at || (a.at === b.at && a.sid > b.sid);

/** The cursor to go on from, after `last`. */
export const resumeAfter = (last: Position): Cursor => `${new Date(last.at).toISOString()}_${last.sid}`;

/** The cursor for the next run once every call up to `last` is right, as of `now`. */
export const nextRunAfter = (last: Position, now: Date): Cursor =>
  last.at < now.getTime() - SETTLED_MS ? resumeAfter(last) : new Date(last.at - OVERLAP_MS).toISOString();
