// @ts-check
// The list of calls: the first page for the filters, older pages on demand, a fresh first
// page merged in place, and the call an alert links to.
import { api, session } from './api.js';
import { showNewCount } from './attention.js';
import { ui } from './page.js';
import { renderCall, updateRow, whenPart } from './render.js';
import { refusedSearch } from './search.js';
import { fail, hideError } from './session.js';
import { clearList, filtered, state } from './state.js';
import { reloadSummary, showSummary, todayAfter } from './summary.js';
import { regroup, reveal } from './threads.js';

/** @import { ApiError } from './api.js' */
/** @import { CallPage, FeedCall } from './types.js' */

// The alerts' link to one call: /index.html#call=CA… (it carries no secret).
const CALL_LINK = /^#call=(CA[0-9a-fA-F]{32})$/;
// How many more pages the page reads looking for a linked call that is not on the first.
const LINK_MAX_PAGES = 3;

/** @param {FeedCall} call @param {Node | null} before */
function addRow(call, before) {
  const li = renderCall(call);
  state.rows.set(call.callSid, { call, li });
  ui.calls.insertBefore(li, before);
  return li;
}

/** Older calls, at the end of the list. @param {CallPage} page */
function appendPage(page) {
  for (const call of page.calls) if (!state.rows.has(call.callSid)) addRow(call, null);
  state.next = page.next;
  state.loaded = true;
}

function showListState() {
  const count = state.rows.size;
  // Repeat callers' calls fall into their threads, whatever changed the list.
  regroup();
  ui.loading.hidden = true;
  ui.empty.hidden = count > 0 || !state.loaded;
  ui.emptyTitle.textContent = state.params.q
    ? 'No calls match this search.'
    : filtered()
      ? 'No calls match these filters.'
      : 'No calls yet.';
  ui.emptyHint.textContent = state.params.q
    ? ' Try other words or fewer digits, or clear the search.'
    : filtered()
      ? ' Clear the filters to see every call.'
      : ' Calls appear here as soon as someone rings your number.';
  ui.count.textContent =
    count === 0 ? '' : `Showing ${count} ${count === 1 ? 'call' : 'calls'}${state.next ? ', newest first' : ', that is all of them'}`;
  ui.more.hidden = !state.next;
  showNewCount();
}

/** A call the owner changed (done, new again, a note), as the service saved it: its row is drawn anew. */
export function watchEdits() {
  ui.calls.addEventListener('call-edited', (event) => {
    const call = /** @type {CustomEvent<FeedCall>} */ (event).detail;
    const row = state.rows.get(call.callSid);
    if (!row) return;
    updateRow(row, call);
    showListState();
  });
}

function stamp() {
  ui.updated.textContent = `Updated ${new Date().toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' })}`;
}

/** The first page for the current filters, replacing the list. */
export async function reload() {
  clearList();
  const generation = state.generation;
  // The last list is gone at once: a search shows its results, never the previous ones meanwhile.
  ui.loading.textContent = state.params.q ? 'Searching…' : 'Loading calls…';
  ui.loading.hidden = false;
  ui.empty.hidden = true;
  ui.more.hidden = true;
  try {
    const page = await api('calls', state.params);
    if (generation !== state.generation) return;
    appendPage(page);
    // The list first; today's numbers follow (a whole read of the day may take a few requests).
    todayAfter(page).then(
      (day) => {
        if (day) showSummary(day);
      },
      (error) => fail(error, reloadSummary),
    );
    hideError();
    stamp();
  } catch (error) {
    if (generation === state.generation && !refusedSearch(error)) fail(error, reload);
  } finally {
    if (generation === state.generation) showListState();
  }
  if (generation === state.generation && state.loaded) await showLinkedCall();
}

/**
 * Opens the call an alert linked to (#call=CA…): reads a few more pages if it is not among the
 * loaded ones, then scrolls to it, highlights it and moves the focus there. Once per
 * link: the hash is dropped.
 */
export async function showLinkedCall() {
  const match = CALL_LINK.exec(window.location.hash);
  if (!match) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  const sid = match[1];
  for (let page = 0; !state.rows.has(sid) && state.next && page < LINK_MAX_PAGES; page++) await loadMore();
  const row = state.rows.get(sid);
  if (!row) {
    ui.healed.textContent = 'The call in the link is not in this list: clear the filters, or load more calls.';
    ui.healed.hidden = false;
    return;
  }
  reveal(sid);
  for (const li of ui.calls.querySelectorAll('.linked')) li.classList.remove('linked');
  row.li.classList.add('linked');
  row.li.setAttribute('tabindex', '-1');
  row.li.scrollIntoView({ block: 'center' });
  row.li.focus({ preventScroll: true });
}

/**
 * The service's cursors expire after a few minutes (410): walks the list again from the
 * top, without redrawing it, to the page holding the last row shown, and appends the calls
 * that follow it (from the next page when it ended that one).
 * @param {number} generation
 */
async function resumeFromTop(generation) {
  const rows = [...state.rows.keys()];
  const last = rows[rows.length - 1];
  /** @type {CallPage} */
  let page = await api('calls', state.params);
  for (;;) {
    if (generation !== state.generation) return;
    const at = page.calls.findIndex((call) => call.callSid === last);
    if (at !== -1 || !page.next) {
      const rest = page.calls.slice(at + 1);
      if (rest.length === 0 && page.next) page = await api('calls', { ...state.params, cursor: page.next });
      else page = { calls: rest, next: page.next };
      if (generation === state.generation) appendPage(page);
      return;
    }
    page = await api('calls', { ...state.params, cursor: page.next });
  }
}

export async function loadMore() {
  const generation = state.generation;
  ui.more.disabled = true;
  ui.more.textContent = 'Loading…';
  try {
    try {
      const page = await api('calls', { ...state.params, cursor: state.next });
      if (generation !== state.generation) return;
      appendPage(page);
    } catch (error) {
      if (/** @type {ApiError} */ (error).status !== 410) throw error;
      await resumeFromTop(generation);
    }
    hideError();
  } catch (error) {
    if (generation === state.generation) fail(error, loadMore);
  } finally {
    ui.more.disabled = false;
    ui.more.textContent = 'Load more';
    if (generation === state.generation) showListState();
  }
}

/** Keeps the row at the top of the view where it is while `change` adds rows above it. @param {() => void} change */
function keepingScroll(change) {
  const top = ui.topbar.getBoundingClientRect().bottom;
  // The first row the owner can actually see (more than a sliver of it) below the sticky bar.
  const anchor = window.scrollY > 0 ? [...ui.calls.children].find((li) => li.getBoundingClientRect().bottom > top + 1) : undefined;
  const before = anchor ? anchor.getBoundingClientRect().top : 0;
  change();
  if (anchor?.isConnected) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
}

/** Merges a fresh first page: new calls go in at their place, known ones are updated. @param {CallPage} page */
function merge(page) {
  if (!state.loaded) {
    appendPage(page);
  } else if (state.rows.size > 0 && page.next && !page.calls.some((call) => state.rows.has(call.callSid))) {
    // More new calls than a page: the gap cannot be filled from here, so start over.
    return reload();
  } else {
    /** @type {HTMLLIElement | null} */
    let previous = null;
    for (const call of page.calls) {
      const row = state.rows.get(call.callSid);
      if (row) {
        if (JSON.stringify(row.call) !== JSON.stringify(call)) updateRow(row, call);
        previous = row.li;
      } else {
        const li = addRow(call, previous ? previous.nextSibling : ui.calls.firstElementChild);
        li.classList.add('fresh');
        li.addEventListener('animationend', () => li.classList.remove('fresh'), { once: true });
        previous = li;
      }
    }
    // Relative times ("5 min ago") move on.
    for (const row of state.rows.values()) {
      const when = /** @type {Element} */ (row.li.querySelector('[data-part=when]'));
      when.replaceWith(whenPart(row.call));
    }
  }
  showListState();
}

/** The first page again, and today's summary brought up to date by it (summary.js). */
export async function refresh() {
  if (state.refreshing || !session.token || document.hidden) return;
  state.refreshing = true;
  ui.updated.classList.add('busy');
  const generation = state.generation;
  try {
    const page = await api('calls', state.params);
    const day = await todayAfter(page);
    if (generation !== state.generation) return;
    keepingScroll(() => {
      merge(page);
      if (day) showSummary(day);
    });
    hideError();
    stamp();
  } catch (error) {
    if (generation === state.generation) fail(error, refresh);
  } finally {
    state.refreshing = false;
    ui.updated.classList.remove('busy');
  }
}
