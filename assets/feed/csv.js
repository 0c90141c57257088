// @ts-check
// The calls as a CSV file (RFC 4180: https://www.rfc-editor.org/rfc/rfc4180): one row per call,
// every cell quoted, lines ending CRLF. Pure functions, no DOM.
/** @import { FeedCall } from './types.js' */

export const CSV_COLUMNS = ['Time', 'From', 'Caller name', 'Outcome', 'Duration (s)', 'Voicemail transcript'];

// A spreadsheet runs a cell that starts with one of these as a formula, whoever wrote it (a
// caller's name or transcript is theirs): a leading apostrophe keeps it text
// (https://owasp.org/www-community/attacks/CSV_Injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted, quotes doubled, defused when a spreadsheet would read it as a formula. @param {string | number | null} value */
export function csvCell(value) {
  const text = value === null ? '' : String(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** @param {(string | number | null)[]} cells */
export const csvLine = (cells) => cells.map(csvCell).join(',');

/**
 * An instant as the date and time `offset` minutes ahead of UTC (the browser's own, by default),
 * with that offset, such as 2026-11-20T13:00:00-05:00.
 * @param {Date} date @param {number} [offset]
 */
export function localIso(date, offset = -date.getTimezoneOffset()) {
  const pad = (/** @type {number} */ n) => String(Math.abs(n)).padStart(2, '0');
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19) + zone;
}

/**
 * The file's text: a header, then one line per call, in the order given; times at `offsetOf`
 * (the browser's zone, by default).
 * @param {FeedCall[]} calls @param {(date: Date) => number} [offsetOf]
 */
export function callsCsv(calls, offsetOf = (date) => -date.getTimezoneOffset()) {
  const lines = calls.map((call) =>
    csvLine([
      call.startedAt ? localIso(new Date(call.startedAt), offsetOf(new Date(call.startedAt))) : null,
      call.caller.number,
      call.caller.name,
      call.outcome,
      call.durationSeconds,
      call.voicemail ? call.voicemail.transcript : null,
    ]),
  );
  return [csvLine(CSV_COLUMNS), ...lines].join('\r\n') + '\r\n';
}
