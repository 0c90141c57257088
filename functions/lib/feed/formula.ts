// The Airtable filterByFormula for a validated feed query. Formulas are assembled from
// fixed text and values feed/query.ts has already reduced to safe shapes; text from the
// request enters only as a string literal escaped by store/formula.ts, never spliced.
import { containsExactly, containsText, field, HANDLED_FORMULAS, OUTCOME_FORMULAS } from '../store/formula';
import type { FeedQuery } from './query';

// How people type a number: spaces, dashes, dots and brackets around digits; the call log stores E.164.
const TYPED_NUMBER = /^\+?\d{2,15}$/;

/** The search: the text in the caller's name, number or transcript, or, typed as a number, in the number. */
function searchFormula(q: string): string {
  const clauses = [containsText('callerName', q), containsText('from', q), containsText('transcript', q)];
  const digits = q.replace(/[\s().-]/g, '');
  if (digits !== q && TYPED_NUMBER.test(digits)) clauses.push(containsExactly('from', digits));
  return `OR(${clauses.join(',')})`;
}

/** The filter for a query, or undefined when it asks for every call. */
export function feedFormula(query: FeedQuery): string | undefined {
  const startedAt = field('startedAt');
  const clauses: string[] = [];
  if (query.outcome) clauses.push(OUTCOME_FORMULAS[query.outcome]);
  if (query.afterHours !== undefined) clauses.push(query.afterHours ? `${field('choice')}='closed'` : `${field('choice')}!='closed'`);
  if (query.handled !== undefined) clauses.push(query.handled ? HANDLED_FORMULAS.handled : HANDLED_FORMULAS.new);
  if (query.caller) clauses.push(containsExactly('from', query.caller));
  if (query.q) clauses.push(searchFormula(query.q));
  // toISOString() re-serialises the instant: only digits, '-', ':', '.', 'T' and 'Z' reach the formula.
  if (query.from) clauses.push(`AND(${startedAt}!='',NOT(IS_BEFORE(${startedAt},'${query.from.toISOString()}')))`);
  if (query.to) clauses.push(`IS_BEFORE(${startedAt},'${query.to.toISOString()}')`);
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : `AND(${clauses.join(',')})`;
}
