// @ts-check
// The error banner, and signing out: what every request falls back on when it fails.
import { forgetSession } from './api.js';
import { showNewCount } from './attention.js';
import { ui } from './page.js';
import { clearList, state } from './state.js';
/** @import { ApiError } from './api.js' */

/** Says what went wrong, with a retry button; a refused or ended session signs out instead. @param {unknown} error @param {() => unknown} retry */
export function fail(error, retry) {
  const { status, message } = /** @type {ApiError} */ (error);
  if (status === 401) return signOut(message);
  state.retry = retry;
  ui.errorText.textContent = message;
  ui.error.hidden = false;
}

export function hideError() {
  ui.error.hidden = true;
  state.retry = null;
}

/** Forgets the session and everything shown, and asks for the password again. @param {string} message */
export function signOut(message) {
  forgetSession();
  clearInterval(state.timer);
  clearList();
  showNewCount();
  hideError();
  ui.filters.reset();
  state.params = {};
  state.day = null;
  ui.feed.hidden = true;
  ui.signOut.hidden = true;
  ui.updated.textContent = '';
  ui.healed.hidden = true;
  // A caller's history (history.js) would otherwise stay open over the sign-in form.
  for (const dialog of document.querySelectorAll('dialog[open]')) /** @type {HTMLDialogElement} */ (dialog).close();
  ui.signIn.hidden = false;
  ui.signInMessage.textContent = message || '';
  ui.password.focus();
}
