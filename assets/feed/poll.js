// @ts-check
// Keeps an open page current at the cost schedule.js plans: a tick every second decides what,
// if anything, to ask; this module asks it and tells the plan what the service answered.
import { ApiError, api, session } from './api.js';
import { clock, startOfDay, startOfYesterday } from './format.js';
import { refresh } from './list.js';
import { $, ui } from './page.js';
import { alertPass, alertPassWanted, newsHeldBack, step } from './schedule.js';
import { askForLastRun, scheduleStatus } from './scheduled-healing.js';
import { fail, hideError, signOut } from './session.js';
import { filtered, state } from './state.js';

/** @import { Event } from './schedule.js' */
/** @import { Changes, Reconciled } from './types.js' */

const TICK_MS = 1000;

/** Moves the plan on by `event`; returns what to ask now. @param {Event} event */
export function record(event) {
  const { plan, actions } = step(state.plan, event);
  state.plan = plan;
  return actions;
}

/** Asks Twilio's records (through /changes) whether anything happened today; lists the calls when it did. */
async function check() {
  if (state.checking || !session.token) return;
  state.checking = true;
  try {
    /** @type {Changes} */
    const answer = await api('changes', { since: startOfDay(new Date()).toISOString() });
    record({ type: 'checked', at: Date.now(), version: answer.version, finished: answer.calls, today: state.today });
    if (state.retry === check) hideError();
  } catch (error) {
    const { status, message } = /** @type {ApiError} */ (error);
    if (status === 401) return signOut(message);
    if (!record({ type: 'check-failed' }).includes('warn')) return;
    await refresh();
    fail(new ApiError(status, `Checking for new calls failed: ${message}`), check);
  } finally {
    state.checking = false;
  }
}

/** Heals the log from Twilio's records (yesterday and today) and tells the owner what it restored. */
async function reconcileLog() {
  if (state.reconciling || !session.token) return;
  state.reconciling = true;
  try {
    const asked = askForLastRun(state.scheduled, Date.now());
    /** @type {Reconciled} */
    const answer = await api('reconcile', {
      since: startOfYesterday(new Date()).toISOString(),
      after: state.reconcileCursor,
      include: asked ? 'lastScheduledRun' : null,
    });
    state.reconcileCursor = answer.cursor;
    record({ type: 'reconciled', at: Date.now(), more: answer.more, failed: answer.failed, retryAfterMs: answer.retryAfterMs });
    if (asked) {
      // Left out when the service could not say: what the page knew still stands.
      const { lastScheduledRun: lastRun = state.scheduled.lastRun } = answer;
      state.scheduled = { lastRun, askedAt: Date.now() };
      showScheduledHealing();
    }
    const restored = answer.restored;
    if (restored > 0) {
      ui.healed.textContent = `Restored ${restored} ${restored === 1 ? 'call' : 'calls'} from Twilio's records at ${clock(new Date())}${answer.more ? '; more to come.' : '.'}`;
      ui.healed.hidden = false;
      // Restored calls can be older than the list's first page: the day is read whole again.
      state.day = null;
      await refresh();
    } else if (answer.more) {
      ui.healed.textContent = `Some calls are still being restored from Twilio's records (${answer.remaining} to check).`;
      ui.healed.hidden = false;
    }
  } catch (error) {
    const { status, message } = /** @type {ApiError} */ (error);
    if (status === 401) signOut(message);
    record({ type: 'reconcile-failed', at: Date.now() });
  } finally {
    state.reconciling = false;
  }
}

/** Alerts the callbacks missed: at open, then while a call awaits one or a filter is on. */
async function sendDueAlerts() {
  if (
    state.alerting ||
    !alertPassWanted({ asked: state.alertsAsked, filtered: filtered(), owed: !!ui.calls.querySelector('.not-alerted') })
  )
    return;
  state.alertsAsked = state.alerting = true;
  const sent = await alertPass(() => api('alerts-due', { since: startOfYesterday(new Date()).toISOString() }));
  state.alerting = false;
  if (sent) refresh();
}

/** When the scheduled reconcile last ran, or that it stopped: as text, kept current by the tick. */
function showScheduledHealing() {
  const note = $('scheduled-healing');
  const status = scheduleStatus(state.scheduled.lastRun, Date.now());
  note.hidden = status === null;
  if (status === null || note.textContent === status.text) return;
  note.textContent = status.text;
  note.classList.toggle('stopped', status.kind === 'stopped');
}

/** Runs every second and costs nothing: asks what the plan says is due. */
function tick() {
  if (!session.token || document.hidden) return;
  showScheduledHealing();
  for (const action of record({ type: 'tick', at: Date.now(), focused: document.hasFocus(), listing: state.refreshing })) {
    if (action === 'check') check();
    else if (action === 'list') refresh();
    else if (action === 'reconcile') reconcileLog().then(sendDueAlerts);
  }
  ui.news.hidden = !newsHeldBack(state.plan, Date.now());
}

/** The news the list allowance holds back, at the owner's word. */
export function showNews() {
  record({ type: 'listed-by-owner' });
  ui.news.hidden = true;
  refresh();
}

/** Starts the schedule afresh for a page just opened: everything is due. */
export function startTicking() {
  clearInterval(state.timer);
  record({ type: 'open' });
  state.timer = setInterval(tick, TICK_MS);
  tick();
}

/** Catches up at once when the owner comes back to the page. */
export function comeBack() {
  record({ type: 'back', at: Date.now() });
  tick();
}
