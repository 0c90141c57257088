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

/** An instant as the local date and time with its offset, such as 2026-11-20T13:00:00-05:00. @param {Date} date */
export function localIso(date) {
  const pad = (/** @type {number} */ n) => String(Math.abs(n)).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`
  );
}

/** The file's text: a header, then one line per call, in the order given. @param {FeedCall[]} calls */
export function callsCsv(calls) {
  const lines = calls.map((call) =>
    csvLine([
      call.startedAt ? localIso(new Date(call.startedAt)) : null,
      call.caller.number,
      call.caller.name,
      call.outcome,
      call.durationSeconds,
      call.voicemail ? call.voicemail.transcript : null,
    ]),
  );
  return [csvLine(CSV_COLUMNS), ...lines].join('\r\n') + '\r\n';
}
