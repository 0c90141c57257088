// @ts-check
// When the page asks the service what. Pure: the page tells it the time and what happened,
// and it answers with the new plan and what to ask now, so the schedule is tested without a
// browser (test/feed/schedule.test.ts).
//
// What an open page costs is Airtable's monthly allowance. The page asks /changes, which reads
// Twilio's records and no Airtable, whether anything happened: every 15 s while the owner is
// using the page, every minute when it is left open untouched, at once when it is shown or
// focused again. It lists the calls (one Airtable request) only when the answer moves, a few
// seconds later, once the callbacks reporting the news have written their rows. On a busy line
// the answer moves at every check, so the lists draw on an allowance (a token bucket): a few at
// once, then one per LIST_REFILL_MS, so that an open hour costs the same bounded number of
// Airtable requests at 50 calls a day or at 2,000; news past the allowance waits for the next token.
/** @import { FeedCall } from './types.js' */

const CHECK_ACTIVE_MS = 15000;
const CHECK_IDLE_MS = 60000;
// No key, click, scroll or pointer movement for this long: the page is left untouched.
const IDLE_AFTER_MS = 5 * 60000;
const SETTLE_MS = 6000;
// And again this long after, for late callbacks (retries) and alert times, when the list
// still lacks something Twilio's records say is over.
const LATE_MS = 60000;
// The allowance: at most LIST_BURST lists in a row, then one every 12 minutes (5 an hour).
const LIST_BURST = 2;
const LIST_REFILL_MS = 12 * 60000;
// A missed check is made up by the next; at this many in a row the page says so and lists the
// calls itself, and then only every tenth time as many, so that a lasting failure does not
// become polling of Airtable.
const CHECK_FAILURES = 3;
const CHECK_FAILURES_AGAIN = CHECK_FAILURES * 10;
// Healing from Twilio's records: when the page opens and every 30 minutes; when the last run
// could not finish, again when the service says (at once when time stopped it, once Airtable's
// 30-second lockout has passed when a lockout did, never sooner than a second); later after a failure.
const RECONCILE_MS = 30 * 60000;
const RECONCILE_AGAIN_MIN_MS = 1000;
const RECONCILE_FAILED_MS = 3 * 60000;
// Most /alerts-due requests in a row.
const ALERT_ROUNDS = 10;

/**
 * Times are milliseconds of the page's clock.
 * @typedef {{
 *   version: string | null,
 *   nextCheckAt: number,
 *   refreshAt: number | null,
 *   lateAt: number | null,
 *   failedChecks: number,
 *   nextReconcileAt: number,
 *   lastUsedAt: number,
 *   listTokens: number,
 *   tokensAt: number,
 * }} Plan `version` is the last answer of /changes; `refreshAt` and `lateAt` when to list the calls;
 *   `listTokens` the lists allowed now, as counted at `tokensAt`.
 *
 * @typedef {{ type: 'open' }
 *   | { type: 'signed-in', version: string | null }
 *   | { type: 'used', at: number }
 *   | { type: 'back', at: number }
 *   | { type: 'tick', at: number, focused: boolean, listing: boolean }
 *   | { type: 'listed-by-owner' }
 *   | { type: 'checked', at: number, version: string, finished: number, today: FeedCall[] | null }
 *   | { type: 'check-failed' }
 *   | { type: 'reconciled', at: number, more: boolean, failed: number, retryAfterMs?: number }
 *   | { type: 'reconcile-failed', at: number }} Event
 *   open: the feed is shown; signed-in: the password was accepted with this version; used: a key,
 *   click, scroll or pointer movement; back: the page was shown or focused again; tick: a second
 *   passed (`listing`: a listing is under way); listed-by-owner: the owner asked for the news the
 *   allowance held back; checked: /changes answered (`finished`: the day's
 *   finished inbound calls in Twilio's records; `today`: today's calls as last listed);
 *   reconciled: /reconcile answered.
 *
 * @typedef {'check' | 'list' | 'reconcile' | 'warn'} Action check: ask /changes; list: list the
 *   calls; reconcile: ask /reconcile, then alert; warn: list the calls and say that checking fails.
 */

/** A page that has just loaded: everything is due. @param {number} at @returns {Plan} */
export function initialPlan(at) {
  return {
    version: null,
    nextCheckAt: 0,
    refreshAt: null,
    lateAt: null,
    failedChecks: 0,
    nextReconcileAt: 0,
    lastUsedAt: at,
    listTokens: LIST_BURST,
    tokensAt: at,
  };
}

/**
 * Whether today's list still lacks what Twilio's records say is over: a row, a final status,
 * a transcript. Only then is the late listing worth an Airtable request.
 * @param {FeedCall[] | null} today @param {number} finished
 */
export function unsettled(today, finished) {
  if (!today || today.length < finished) return true;
  return today.some((call) => call.status === null || call.voicemail?.transcriptionStatus === null);
}

/**
 * The plan after `event`, and what to ask now, in that order.
 * @param {Plan} plan @param {Event} event @returns {{ plan: Plan, actions: Action[] }}
 */
export function step(plan, event) {
  switch (event.type) {
    case 'open':
      return { plan: { ...plan, version: null, refreshAt: null, lateAt: null, nextCheckAt: 0, nextReconcileAt: 0 }, actions: [] };
    case 'signed-in':
      return { plan: { ...plan, version: event.version }, actions: [] };
    case 'used':
      return { plan: { ...plan, lastUsedAt: event.at }, actions: [] };
    case 'back':
      return { plan: { ...plan, lastUsedAt: event.at, nextCheckAt: 0 }, actions: [] };
    case 'tick':
      return tick(plan, event);
    case 'listed-by-owner':
      return { plan: { ...plan, refreshAt: null }, actions: [] };
    case 'checked': {
      const { at } = event;
      const moved = plan.version !== null && event.version !== plan.version;
      let { refreshAt, lateAt } = plan;
      if (moved || (lateAt !== null && at >= lateAt && unsettled(event.today, event.finished))) {
        refreshAt ??= at + (moved ? SETTLE_MS : 0);
        lateAt = moved ? at + LATE_MS : null;
      }
      return { plan: { ...plan, version: event.version, refreshAt, lateAt, failedChecks: 0 }, actions: [] };
    }
    case 'check-failed': {
      const failedChecks = plan.failedChecks + 1;
      const warn = failedChecks === CHECK_FAILURES || failedChecks % CHECK_FAILURES_AGAIN === 0;
      return { plan: { ...plan, failedChecks }, actions: warn ? ['warn'] : [] };
    }
    case 'reconciled': {
      const wait = event.more
        ? Math.max(RECONCILE_AGAIN_MIN_MS, event.retryAfterMs ?? 0)
        : event.failed
          ? RECONCILE_FAILED_MS
          : RECONCILE_MS;
      return { plan: { ...plan, nextReconcileAt: event.at + wait }, actions: [] };
    }
    case 'reconcile-failed':
      return { plan: { ...plan, nextReconcileAt: event.at + RECONCILE_FAILED_MS }, actions: [] };
  }
}

/**
 * Whether news waits for the allowance (more than a moment): the page then offers to show it now.
 * @param {Plan} plan @param {number} at
 */
export const newsHeldBack = (plan, at) => plan.refreshAt !== null && plan.refreshAt - at > SETTLE_MS;

/** @param {Plan} plan @param {{ at: number, focused: boolean, listing: boolean }} event */
function tick(plan, { at, focused, listing }) {
  /** @type {Action[]} */
  const actions = [];
  const next = { ...plan };
  if (at >= next.nextCheckAt) {
    const inUse = focused && at - next.lastUsedAt < IDLE_AFTER_MS;
    next.nextCheckAt = at + (inUse ? CHECK_ACTIVE_MS : CHECK_IDLE_MS);
    actions.push('check');
  }
  if (next.refreshAt !== null && at >= next.refreshAt && !listing) {
    const tokens = Math.min(LIST_BURST, next.listTokens + (at - next.tokensAt) / LIST_REFILL_MS);
    next.tokensAt = at;
    if (tokens >= 1) {
      next.listTokens = tokens - 1;
      next.refreshAt = null;
      actions.push('list');
    } else {
      next.listTokens = tokens;
      next.refreshAt = at + Math.ceil((1 - tokens) * LIST_REFILL_MS);
    }
  }
  if (at >= next.nextReconcileAt) {
    next.nextReconcileAt = at + RECONCILE_MS;
    actions.push('reconcile');
  }
  return { plan: next, actions };
}

/**
 * Whether to ask for the alerts the callbacks missed: at the first pass, then while a call
 * shown still awaits one, or a filter may hide such a call.
 * @param {{ asked: boolean, filtered: boolean, owed: boolean }} page
 */
export const alertPassWanted = ({ asked, filtered, owed }) => !asked || filtered || owed;

/**
 * One alert pass: asks for a due alert, one a request, while the service says more are due,
 * at most ALERT_ROUNDS times. A failed request ends the pass (the next pass goes on); the
 * alerts sent before it still count.
 * @param {() => Promise<{ sent: unknown, more: boolean }>} ask @returns {Promise<number>} how many were sent
 */
export async function alertPass(ask) {
  let sent = 0;
  try {
    for (let round = 0, more = true; more && round < ALERT_ROUNDS; round++) {
      const answer = await ask();
      if (answer.sent) sent++;
      more = answer.more;
    }
  } catch {
    // Next pass.
  }
  return sent;
}
