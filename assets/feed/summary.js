// @ts-check
// Today's summary: how many calls, answered, missed, voicemail, and the average talk. The day's
// calls are read whole once (when the page opens, when the day turns, after healing restored
// rows), then kept up to date from each fresh first page of the list, which holds every call
// that changed since: so a refresh costs the list's one request however busy the day is.
import { api, session } from './api.js';
import { dayWith } from './day.js';
import { minutesSeconds, startOfDay } from './format.js';
import { $, ui } from './page.js';
import { fail } from './session.js';
import { filtered, state } from './state.js';

/** @import { Day } from './day.js' */
/** @import { CallPage, FeedCall, Outcome } from './types.js' */

// A whole read of the day takes at most this many pages of 100 calls.
const SUMMARY_MAX_PAGES = 30;

/** Every call of the day, read page by page. @param {number} from @returns {Promise<Day>} */
async function readDay(from) {
  /** @type {Map<string, FeedCall>} */
  const calls = new Map();
  /** @type {string | null} */
  let cursor = null;
  for (let page = 0; page < SUMMARY_MAX_PAGES; page++) {
    /** @type {CallPage} */
    const answer = await api('calls', { from: new Date(from).toISOString(), pageSize: '100', cursor });
    for (const call of answer.calls) calls.set(call.callSid, call);
    cursor = answer.next;
    // Signed out meanwhile: stop, rather than ask on with no session.
    if (!cursor || !session.token) break;
  }
  return { from, calls };
}

/**
 * Today's calls after `page`, the list's fresh first page for the current filters: from the page
 * itself when it can tell, else read whole. With filters on, the page says nothing of the day:
 * the numbers stay as they were until the filters are cleared.
 * @param {CallPage} page @returns {Promise<Day | null>}
 */
export async function todayAfter(page) {
  if (filtered()) return null;
  const from = +startOfDay(new Date());
  return dayWith(state.day, page, from) ?? (await readDay(from));
}

/** @param {Day} day */
export function showSummary(day) {
  state.day = day;
  const calls = [...day.calls.values()];
  state.today = calls;
  ui.today.textContent = new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
  const count = (/** @type {Outcome} */ outcome) => String(calls.filter((call) => call.outcome === outcome).length);
  const talks = calls
    .map((call) => (call.outcome === 'answered' && call.forwarding ? call.forwarding.talkSeconds : null))
    .filter((seconds) => seconds !== null);
  $('stat-calls').textContent = String(calls.length);
  $('stat-answered').textContent = count('answered');
  $('stat-missed').textContent = count('missed');
  $('stat-voicemail').textContent = count('voicemail');
  $('stat-talk').textContent = talks.length ? minutesSeconds(talks.reduce((a, b) => a + b, 0) / talks.length) : '–';
}

/** Reads the day whole again: healing may have restored calls the first page does not hold. */
export async function reloadSummary() {
  try {
    showSummary(await readDay(+startOfDay(new Date())));
  } catch (error) {
    fail(error, reloadSummary);
  }
}
