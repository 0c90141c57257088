// @ts-check
// A caller's history: every call from one number, whatever the list's filters and however far
// back, read from /calls?caller=<the number> (one Airtable request a page) into a modal dialog.
// <dialog> with showModal() keeps the keyboard inside it and closes on Escape
// (https://html.spec.whatwg.org/multipage/interactive-elements.html#the-dialog-element); the
// focus goes back to the button that opened it.
import { api } from './api.js';
import { details, minutesSeconds, OUTCOME_LABELS, phone, telHref, when } from './format.js';
import { callerOf } from './inbox.js';
import { el } from './page.js';
import { fail } from './session.js';

/** @import { ApiError } from './api.js' */
/** @import { CallPage, FeedCall } from './types.js' */

const PAGE_SIZE = 20;

// Some networks pass a withheld caller ID on as a word spelled on the keypad (+266696687 is
// ANONYMOUS): a number shared by every withheld caller, so nobody's history.
const KEYS = ['', '', 'ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'];
const keypad = (/** @type {string} */ word) => `+${[...word].map((letter) => KEYS.findIndex((keys) => keys.includes(letter))).join('')}`;
const SPELLED = new Set(['ANONYMOUS', 'RESTRICTED', 'UNKNOWN', 'UNAVAILABLE', 'PRIVATE', 'BLOCKED'].map(keypad));

/** A number that stands for one caller: dialable, and not a withheld caller ID spelled as digits. @param {string | null} number */
export const callerNumber = (number) => (telHref(number) && !SPELLED.has(/** @type {string} */ (number)) ? number : null);

/** @type {{ dialog: HTMLDialogElement, title: HTMLElement, status: HTMLElement, list: HTMLElement, more: HTMLButtonElement } | null} */
let view = null;
// Bumped at each opening, so that a late page of an earlier caller's history is dropped.
let generation = 0;
/** @type {{ number: string, callSid: string, next: string | null, count: number, opener: HTMLElement } | null} */
let shown = null;

function build() {
  const title = el('h2', { id: 'history-title' });
  const close = el('button', { type: 'button', class: 'history-close' }, 'Close');
  const status = el('p', { class: 'history-status', role: 'status' });
  const list = el('ol', { class: 'history-calls', 'aria-labelledby': 'history-title' });
  const more = el('button', { type: 'button', class: 'history-more', hidden: '' }, 'Show older calls');
  const dialog = el('dialog', { id: 'history', class: 'history', 'aria-labelledby': 'history-title' });
  dialog.append(el('div', { class: 'history-head' }, title, close), status, list, more);
  close.addEventListener('click', () => dialog.close());
  more.addEventListener('click', () => loadPage());
  // A click on the backdrop (outside the dialog's box) closes it, as a tap outside does on a phone.
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) {
      const box = dialog.getBoundingClientRect();
      const { clientX: x, clientY: y } = /** @type {MouseEvent} */ (event);
      if (x < box.left || x > box.right || y < box.top || y > box.bottom) dialog.close();
    }
  });
  dialog.addEventListener('close', () => {
    generation++;
    const opener = shown?.opener;
    shown = null;
    if (opener?.isConnected) opener.focus();
  });
  document.body.append(dialog);
  return { dialog, title, status, list, more };
}

/** One call of the history, read-only. @param {FeedCall} call @param {boolean} current */
function item(call, current) {
  const at = call.startedAt ? new Date(call.startedAt) : null;
  const { main, detail } = when(call.startedAt, new Date());
  const [what, whatDetail] = details(call);
  const length = call.durationSeconds === null ? null : `Length ${minutesSeconds(call.durationSeconds)}`;
  const li = el(
    'li',
    { class: 'history-call', 'data-sid': call.callSid },
    el(
      'div',
      { class: 'history-when' },
      el('time', at ? { datetime: call.startedAt ?? '' } : {}, main),
      detail ? el('small', {}, ` ${detail}`) : null,
      current ? el('small', { class: 'history-this' }, ' · this call') : null,
    ),
    el('div', { class: 'history-what' }, el('span', { class: `badge ${call.outcome}` }, OUTCOME_LABELS[call.outcome]), ` ${what}`),
    el('small', { class: 'history-detail' }, [whatDetail, length].filter(Boolean).join(' · ')),
  );
  if (current) li.setAttribute('aria-current', 'true');
  if (call.voicemail?.transcript)
    li.append(el('blockquote', { class: 'history-transcript', dir: 'auto' }, el('bdi', {}, call.voicemail.transcript)));
  if (call.note) li.append(el('p', { class: 'history-note', dir: 'auto' }, 'Note: ', el('bdi', {}, call.note)));
  return li;
}

function showCount() {
  if (!view || !shown) return;
  const { count, next } = shown;
  view.status.textContent =
    count === 0
      ? 'No calls from this number.'
      : `${count} ${count === 1 ? 'call' : 'calls'}, newest first${next ? '' : ', that is all of them'}`;
  view.more.hidden = !next;
}

async function loadPage() {
  if (!view || !shown) return;
  const mine = generation;
  const { number, next } = shown;
  view.more.disabled = true;
  if (shown.count === 0) view.status.textContent = 'Loading the history…';
  try {
    /** @type {CallPage} */
    const page = await api('calls', { caller: number, pageSize: String(PAGE_SIZE), cursor: next });
    if (mine !== generation || !shown) return;
    // The filter finds the number within others: only this very number's calls are its history.
    const calls = page.calls.filter((call) => call.caller.number === number);
    for (const call of calls) view.list.append(item(call, call.callSid === shown.callSid));
    shown.count += calls.length;
    shown.next = page.next;
    showCount();
  } catch (error) {
    if (mine !== generation) return;
    if (/** @type {ApiError} */ (error).status === 401) {
      view.dialog.close();
      fail(error, () => undefined);
      return;
    }
    view.status.textContent = `${/** @type {ApiError} */ (error).message} Close and try again.`;
  } finally {
    if (view) view.more.disabled = false;
  }
}

/** Opens the history of a call's number. @param {FeedCall} call @param {HTMLElement} opener */
export function openHistory(call, opener) {
  view ??= build();
  generation++;
  shown = { number: /** @type {string} */ (call.caller.number), callSid: call.callSid, next: null, count: 0, opener };
  view.title.replaceChildren('Calls from ', el('bdi', {}, callerOf(call)));
  if (call.caller.name) view.title.append(el('small', {}, ' ', el('bdi', {}, phone(call.caller.number))));
  view.list.replaceChildren();
  view.more.hidden = true;
  if (!view.dialog.open) view.dialog.showModal();
  view.dialog.querySelector('button')?.focus();
  loadPage();
}

/** The History button of a row: for a number that can be called, not for a withheld one. @param {FeedCall} call */
export function historyButton(call) {
  if (!callerNumber(call.caller.number)) return null;
  const button = el(
    'button',
    { type: 'button', class: 'link history-open' },
    'History',
    el('span', { class: 'visually-hidden' }, ` of calls from ${callerOf(call)}`),
  );
  button.addEventListener('click', () => openHistory(call, button));
  return button;
}
