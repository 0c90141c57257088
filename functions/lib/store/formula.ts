// The call log's vocabulary in Airtable's formula language: a column's name, and the outcome
// rule of calls/outcome.ts. Fixed text only: no value from a request is placed here.

import type { Outcome } from '../calls/outcome';
import { type CallRecord, COLUMNS } from '../calls/record';

/** A column's name as a formula refers to it: {Call SID}. */
export const field = (key: keyof CallRecord) => `{${COLUMNS[key].name}}`;

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
