// The Airtable filterByFormula for a validated feed query. Formulas are assembled from
// fixed text and values feed-query.ts has already reduced to safe shapes; no
// free text from the request is ever placed in a formula.
import { COLUMNS, type CallRecord } from '../calls/record';
import type { Outcome } from '../calls/outcome';
import type { FeedQuery } from './query';

/** A column's name as a formula refers to it: {Call SID}. */
export const field = (key: keyof CallRecord) => `{${COLUMNS[key].name}}`;

// The rule of outcomeOf() in feed-outcome.ts, in Airtable's words. A blank number
// equals 0 in a formula, so "duration known" is tested on its text form.
const ANSWERED = `${field('forwardStatus')}='answered'`;
const HAS_VOICEMAIL =
  `IF(LEN(CONCATENATE(${field('recordingSeconds')}))>0,${field('recordingSeconds')}>0,` +
  `AND(${field('recordingSid')}!='',${field('recordingStatus')}='completed'))`;
const FORWARDING_TRIED = `OR(${field('choice')}='forward',${field('forwardStatus')}!='',${field('forwardedTo')}!='')`;

export const OUTCOME_FORMULAS: Record<Outcome, string> = {
  answered: ANSWERED,
  voicemail: `AND(NOT(${ANSWERED}),${HAS_VOICEMAIL})`,
  missed: `AND(NOT(${ANSWERED}),NOT(${HAS_VOICEMAIL}),${FORWARDING_TRIED})`,
  abandoned: `AND(NOT(${ANSWERED}),NOT(${HAS_VOICEMAIL}),NOT(${FORWARDING_TRIED}))`,
};

/** The filter for a query, or undefined when it asks for every call. */
export function feedFormula(query: FeedQuery): string | undefined {
  const startedAt = field('startedAt');
  const clauses: string[] = [];
  if (query.outcome) clauses.push(OUTCOME_FORMULAS[query.outcome]);
  if (query.afterHours !== undefined) clauses.push(query.afterHours ? `${field('choice')}='closed'` : `${field('choice')}!='closed'`);
  if (query.caller) clauses.push(`FIND('${query.caller}',${field('from')})>0`);
  // toISOString() re-serialises the instant: only digits, '-', ':', '.', 'T' and 'Z' reach the formula.
  if (query.from) clauses.push(`AND(${startedAt}!='',NOT(IS_BEFORE(${startedAt},'${query.from.toISOString()}')))`);
  if (query.to) clauses.push(`IS_BEFORE(${startedAt},'${query.to.toISOString()}')`);
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : `AND(${clauses.join(',')})`;
}
