// @ts-check
// The search box: a name, part of a number or words of a message, sent to /calls as `q`, which
// the service validates (2 to 100 characters) and answers, when it refuses, with a 400 and a
// sentence shown under the box. The list is emptied as a search starts and a late answer of an
// earlier search is dropped (list.js, by the list's generation).
import { $ } from './page.js';
import { state } from './state.js';

/** @import { ApiError } from './api.js' */

const form = /** @type {HTMLFormElement} */ ($('search-form'));
const box = /** @type {HTMLInputElement} */ ($('search'));
const message = $('search-error');

/** What the owner is searching for, or '' for no search. */
export const searchText = () => box.value.trim();

/** @param {string} text */
function say(text) {
  message.textContent = text;
  box.setAttribute('aria-invalid', String(text !== ''));
}

export const clearSearchError = () => say('');

/** Empties the box, and what it said. */
export function clearSearch() {
  form.reset();
  say('');
}

/**
 * Whether a failed list was the service refusing the search (400): then its sentence goes
 * under the box, where the owner typed, instead of the error banner. @param {unknown} error
 */
export function refusedSearch(error) {
  const { status, message: text } = /** @type {ApiError} */ (error);
  if (status !== 400 || !state.params.q) return false;
  say(text);
  return true;
}

/** Searches as the owner types (after a pause) or presses Enter. @param {() => void} apply */
export function watchSearch(apply) {
  /** @type {number | undefined} */
  let typing;
  form.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(apply, 400);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typing);
    apply();
  });
}
