// @ts-check
// Today's summary: how many calls, answered, missed, voicemail, and the average talk.
import { api, session } from './api.js';
import { minutesSeconds, startOfDay } from './format.js';
import { $, ui } from './page.js';
import { fail } from './session.js';
import { filtered, state } from './state.js';

/** @import { CallPage, FeedCall, Outcome } from './types.js' */

// Today's summary reads at most this many pages of 100 calls.
const SUMMARY_MAX_PAGES = 10;

/** Today's calls when this unfiltered first page holds all of them, else null. @param {CallPage} page */
export function todayFrom(page) {
  if (filtered()) return null;
  const from = +startOfDay(new Date());
  const last = page.calls[page.calls.length - 1];
  const reachesYesterday = last !== undefined && last.startedAt !== null && +new Date(last.startedAt) < from;
  if (page.next && !reachesYesterday) return null;
  return page.calls.filter((call) => call.startedAt !== null && +new Date(call.startedAt) >= from);
}

export async function todaysCalls() {
  const from = startOfDay(new Date()).toISOString();
  /** @type {FeedCall[]} */
  const calls = [];
  /** @type {string | null} */
  let cursor = null;
  for (let page = 0; page < SUMMARY_MAX_PAGES; page++) {
    /** @type {CallPage} */
    const answer = await api('calls', { from, pageSize: '100', cursor });
    calls.push(...answer.calls);
    cursor = answer.next;
    // Signed out meanwhile: stop, rather than ask on with no session.
    if (!cursor || !session.token) break;
  }
  return calls;
}

/** @param {FeedCall[]} calls */
export function showSummary(calls) {
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

export async function loadSummary() {
  try {
    showSummary(await todaysCalls());
  } catch (error) {
    fail(error, loadSummary);
  }
}
