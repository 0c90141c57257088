// The call log's vocabulary in Airtable's formula language: a column's name, the outcome
// rule of calls/outcome.ts, and the one way a value from a request enters a formula: as a
// string literal, escaped.

import type { Outcome } from '../calls/outcome';
import { type CallRecord, COLUMNS } from '../calls/record';

/** A column's name as a formula refers to it: {Call SID}. */
export const field = (key: keyof CallRecord) => `{${COLUMNS[key].name}}`;

// Airtable's formula strings take a backslash before a quote, and \n, \t, \r for those characters
// (https://support.airtable.com/docs/formula-field-reference, "Text and string functions"). Every
// backslash and double quote of the text is escaped, so nothing in it can end the literal; single
// quotes, braces, commas and brackets inside a double-quoted literal are plain characters.
const LITERAL_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Any text as a double-quoted formula string that stands for exactly that text. */
export function stringLiteral(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (char) => LITERAL_ESCAPES[char])}"`;
}

/**
 * Whether a column holds the text, ignoring case. SEARCH answers blank when it finds nothing,
 * and a blank counts as 0 in a comparison; LOWER on both sides keeps the match case-blind
 * whatever SEARCH does with case.
 */
export const containsText = (key: keyof CallRecord, text: string) => `SEARCH(LOWER(${stringLiteral(text)}),LOWER(${field(key)}))>0`;

/** Whether a column holds the text exactly as written (FIND answers 0 when it does not). */
export const containsExactly = (key: keyof CallRecord, text: string) => `FIND(${stringLiteral(text)},${field(key)})>0`;

// The rule of outcomeOf() in calls/outcome.ts, in Airtable's words. A blank number
// equals 0 in a formula, so "duration known" is tested on its text form.
const BLOCKED = `${field('choice')}='blocked'`;
const ANSWERED = `${field('forwardStatus')}='answered'`;
const HAS_VOICEMAIL =
  `IF(LEN(CONCATENATE(${field('recordingSeconds')}))>0,${field('recordingSeconds')}>0,` +
  `AND(${field('recordingSid')}!='',${field('recordingStatus')}='completed'))`;
const FORWARDING_TRIED = `OR(${field('choice')}='forward',${field('forwardStatus')}!='',${field('forwardedTo')}!='')`;

export const OUTCOME_FORMULAS: Record<Outcome, string> = {
  answered: `AND(NOT(${BLOCKED}),${ANSWERED})`,
  voicemail: `AND(NOT(${BLOCKED}),NOT(${ANSWERED}),${HAS_VOICEMAIL})`,
  missed: `AND(NOT(${BLOCKED}),NOT(${ANSWERED}),NOT(${HAS_VOICEMAIL}),${FORWARDING_TRIED})`,
  abandoned: `AND(NOT(${BLOCKED}),NOT(${ANSWERED}),NOT(${HAS_VOICEMAIL}),NOT(${FORWARDING_TRIED}))`,
  blocked: BLOCKED,
};

// A blank cell equals '' in a formula (https://support.airtable.com/docs/formula-field-reference):
// a call is new while its Handled At is empty.
export const HANDLED_FORMULAS = {
  new: `${field('handledAt')}=''`,
  handled: `${field('handledAt')}!=''`,
};
