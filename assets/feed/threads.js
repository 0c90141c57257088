// @ts-check
// One caller, one thread: the calls listed from the same number are grouped under the latest,
// whose row says how many there are ("3 calls today") and opens to show the earlier ones right
// below it. The list (list.js) keeps its rows in time order; the grouping is drawn over that
// order each time the list changes, so new calls, redrawn rows and older pages fall into their
// thread without the list knowing. Withheld numbers are no one's number: never grouped.
import { startOfDay } from './format.js';
import { callerNumber, historyButton } from './history.js';
import { callerOf } from './inbox.js';
import { el, ui } from './page.js';
import { state } from './state.js';

/** @import { FeedCall, Row } from './types.js' */

/** The numbers whose threads the owner opened. */
const opened = new Set();

/** The number a call is grouped by: a caller's own (E.164) number; null for a withheld one. @param {FeedCall} call */
export const threadKey = (call) => callerNumber(call.caller.number);

/** The row's thread part: the History button, and the thread's summary when there is one (drawn by regroup). @param {FeedCall} call */
export const threadPart = (call) => el('div', { class: 'thread', 'data-part': 'thread' }, historyButton(call));

/** When a call started, as a number that sorts newest first; a call without a time yet is the newest. @param {Row} row */
const time = (row) => (row.call.startedAt ? Date.parse(row.call.startedAt) : Number.POSITIVE_INFINITY);

/** "3 calls today" when every one is of today, else "3 calls" (over what the list has loaded). @param {Row[]} thread */
function summary(thread) {
  const today = +startOfDay(new Date());
  const allToday = thread.every((row) => time(row) >= today);
  return `${thread.length} calls${allToday ? ' today' : ''}`;
}

/** @param {Row} head @param {Row[]} thread @param {boolean} open */
function drawHead(head, thread, open) {
  const part = head.li.querySelector('[data-part=thread]');
  if (!part) return;
  let toggle = /** @type {HTMLButtonElement | null} */ (part.querySelector('.thread-toggle'));
  if (!toggle) {
    toggle = el('button', { type: 'button', class: 'thread-toggle', 'data-part': 'thread-toggle' });
    const key = /** @type {string} */ (threadKey(head.call));
    toggle.addEventListener('click', () => {
      if (opened.has(key)) opened.delete(key);
      else opened.add(key);
      regroup();
    });
    part.prepend(toggle);
  }
  // The visible words start the name (Label in Name); who they are from follows for a screen reader.
  toggle.replaceChildren(
    el('span', { 'aria-hidden': 'true', class: 'chevron' }, open ? '▾ ' : '▸ '),
    summary(thread),
    el('span', { class: 'visually-hidden' }, ` from ${callerOf(head.call)}`),
  );
  toggle.setAttribute('aria-expanded', String(open));
  toggle.setAttribute(
    'aria-controls',
    thread
      .slice(1)
      .map((row) => row.li.id)
      .join(' '),
  );
}

/** A row on its own again: no summary, not an earlier call. @param {Row} row */
function drawAlone(row) {
  row.li.querySelector('[data-part=thread] .thread-toggle')?.remove();
  row.li.classList.remove('earlier');
  row.li.removeAttribute('data-thread');
  row.li.hidden = false;
}

/**
 * Draws the threads over the list: each latest call with its summary, each earlier one hidden
 * at its place in time, or, in an opened thread, shown right below the latest. Rows move only
 * when a thread opens or closes (or a call joins an open one), so a playing message plays on.
 */
export function regroup() {
  const rows = [...state.rows.values()].sort((a, b) => time(b) - time(a));
  /** @type {Map<string, Row[]>} */
  const threads = new Map();
  for (const row of rows) {
    const key = threadKey(row.call);
    if (key === null) continue;
    const thread = threads.get(key);
    if (thread) thread.push(row);
    else threads.set(key, [row]);
  }
  /** @type {Row[]} */
  const order = [];
  for (const row of rows) {
    row.li.id = `call-${row.call.callSid}`;
    const key = threadKey(row.call);
    const thread = key === null ? [row] : /** @type {Row[]} */ (threads.get(key));
    if (thread.length === 1) {
      drawAlone(row);
      order.push(row);
      continue;
    }
    const open = opened.has(key);
    if (row === thread[0]) {
      row.li.classList.remove('earlier');
      row.li.dataset.thread = String(thread.length);
      row.li.hidden = false;
      drawHead(row, thread, open);
      order.push(row);
      if (open) order.push(...thread.slice(1));
    } else {
      row.li.querySelector('[data-part=thread] .thread-toggle')?.remove();
      row.li.classList.add('earlier');
      row.li.removeAttribute('data-thread');
      row.li.hidden = !open;
      if (!open) order.push(row);
    }
  }
  let at = ui.calls.firstElementChild;
  for (const row of order) {
    if (row.li === at) at = at.nextElementSibling;
    else ui.calls.insertBefore(row.li, at);
  }
}

/** Opens the thread of an earlier call, so that its row shows (a call an alert links to). @param {string} callSid */
export function reveal(callSid) {
  const row = state.rows.get(callSid);
  const key = row?.li.hidden ? threadKey(row.call) : null;
  if (key === null) return;
  opened.add(key);
  regroup();
}
