// @ts-check
// The activity feed page (index.html): signing in, and wiring the page's events. Bundled by
// `npm run build` into the one script the page loads, dist/assets/feed.js; no dependencies.
import { api, keepPassword, session } from './api.js';
import { startOfDay } from './format.js';
import { watchFilters } from './filters.js';
import { loadMore, reload, showLinkedCall } from './list.js';
import { $, ui } from './page.js';
import { comeBack, record, startTicking } from './poll.js';
import { hideError, signOut } from './session.js';
import { state } from './state.js';
/** @import { ApiError } from './api.js' */

function showFeed() {
  ui.signIn.hidden = true;
  ui.feed.hidden = false;
  ui.signOut.hidden = false;
  startTicking();
}

/** @param {Event} event */
async function signIn(event) {
  event.preventDefault();
  const button = /** @type {HTMLButtonElement} */ (ui.signInForm.querySelector('button'));
  if (!ui.password.value) {
    ui.signInMessage.textContent = 'Enter the feed password.';
    return;
  }
  session.password = ui.password.value;
  button.disabled = true;
  button.textContent = 'Signing in…';
  ui.signInMessage.textContent = '';
  try {
    // /changes checks the password without an Airtable request. Only a 401 (wrong password)
    // or a 400 refuses the sign-in: any other answer of the service (a 502 with Twilio's records
    // out of reach, a 503 for missing Twilio credentials) comes after the password was
    // accepted, so the feed opens and shows what it can, with the error where it applies.
    /** @type {{ version: string | null }} */
    const answer = await api('changes', { since: startOfDay(new Date()).toISOString() }).catch((error) => {
      const { status, message } = /** @type {ApiError} */ (error);
      // Without FEED_PASSWORD the service answers 503 before any password is checked.
      if (status === 0 || status === 401 || status === 400 || (status === 503 && /FEED_PASSWORD/.test(message))) throw error;
      return { version: null };
    });
    keepPassword();
    ui.password.value = '';
    showFeed();
    record({ type: 'signed-in', version: answer.version });
    reload();
  } catch (error) {
    const { status, message } = /** @type {ApiError} */ (error);
    if (status === 401) {
      ui.signInMessage.textContent = message;
      session.password = null;
      ui.password.select();
    } else {
      ui.signInMessage.textContent = message;
    }
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
}

watchFilters();
ui.signInForm.addEventListener('submit', signIn);
ui.signOut.addEventListener('click', () => signOut(''));
ui.more.addEventListener('click', loadMore);
ui.retry.addEventListener('click', () => {
  const retry = state.retry;
  hideError();
  if (retry) retry();
});
window.addEventListener('hashchange', () => {
  if (session.password && state.loaded) showLinkedCall();
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) comeBack();
});
window.addEventListener('focus', comeBack);
for (const type of ['keydown', 'pointerdown', 'pointermove', 'scroll', 'wheel']) {
  window.addEventListener(type, () => record({ type: 'used', at: Date.now() }), { passive: true, capture: true });
}

// On a phone the filters start folded, leaving the screen to the calls.
if (window.matchMedia('(max-width: 760px)').matches) /** @type {HTMLDetailsElement} */ ($('filters')).open = false;

if (session.password) {
  showFeed();
  reload();
} else {
  signOut('');
}
