// The Airtable filterByFormula for a validated feed query. Formulas are assembled from
// fixed text and values feed/query.ts has already reduced to safe shapes; no
// free text from the request is ever placed in a formula.
import { field, HANDLED_FORMULAS, OUTCOME_FORMULAS } from '../store/formula';
import type { FeedQuery } from './query';

/** The filter for a query, or undefined when it asks for every call. */
export function feedFormula(query: FeedQuery): string | undefined {
  const startedAt = field('startedAt');
  const clauses: string[] = [];
  if (query.outcome) clauses.push(OUTCOME_FORMULAS[query.outcome]);
  if (query.afterHours !== undefined) clauses.push(query.afterHours ? `${field('choice')}='closed'` : `${field('choice')}!='closed'`);
  if (query.handled !== undefined) clauses.push(query.handled ? HANDLED_FORMULAS.handled : HANDLED_FORMULAS.new);
  if (query.caller) clauses.push(`FIND('${query.caller}',${field('from')})>0`);
  // toISOString() re-serialises the instant: only digits, '-', ':', '.', 'T' and 'Z' reach the formula.
  if (query.from) clauses.push(`AND(${startedAt}!='',NOT(IS_BEFORE(${startedAt},'${query.from.toISOString()}')))`);
  if (query.to) clauses.push(`IS_BEFORE(${startedAt},'${query.to.toISOString()}')`);
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : `AND(${clauses.join(',')})`;
}
