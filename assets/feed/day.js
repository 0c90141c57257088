// @ts-check
// The day's calls the summary counts, kept up to date from the list's fresh first pages. Pure,
// so the merge is tested without a browser (test/feed/day.test.ts).

/** @import { CallPage, FeedCall } from './types.js' */

/**
 * @typedef {{ from: number, calls: Map<string, FeedCall> }} Day The calls of the day that starts
 *   at `from` (ms), by Call SID.
 */

/** @param {FeedCall} call @param {number} from */
const isOf = (call, from) => call.startedAt !== null && +new Date(call.startedAt) >= from;

/**
 * The day brought up to date by an unfiltered first page (newest first), or null when the page
 * cannot tell: another day, or more news than the page holds (it shares no call with the day
 * known and stops before the day's start).
 * @param {Day | null} known @param {CallPage} page @param {number} from @returns {Day | null}
 */
export function dayWith(known, page, from) {
  const last = page.calls[page.calls.length - 1];
  const whole = !page.next || (last !== undefined && last.startedAt !== null && +new Date(last.startedAt) < from);
  const ofDay = page.calls.filter((call) => isOf(call, from));
  if (whole) return { from, calls: new Map(ofDay.map((call) => [call.callSid, call])) };
  if (!known || known.from !== from || !page.calls.some((call) => known.calls.has(call.callSid))) return null;
  const calls = new Map(known.calls);
  for (const call of ofDay) calls.set(call.callSid, call);
  return { from, calls };
}
