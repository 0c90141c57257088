// @ts-check
// The activity feed page (index.html): signing in, and wiring the page's events. Bundled by
// `npm run build` into the one script the page loads, dist/assets/feed.js; no dependencies.
import { api, session, startSession } from './api.js';
import { watchExport } from './export.js';
import { watchFilters } from './filters.js';
import { startOfDay } from './format.js';
import { loadMore, reload, showLinkedCall, watchEdits } from './list.js';
import { watchMonth } from './month.js';
import { $, ui } from './page.js';
import { comeBack, record, showNews, startTicking } from './poll.js';
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
  button.disabled = true;
  button.textContent = 'Signing in…';
  ui.signInMessage.textContent = '';
  try {
    // The password goes to /session once; the page keeps only the token it answers.
    await startSession(ui.password.value);
  } catch (error) {
    const { status, message } = /** @type {ApiError} */ (error);
    ui.signInMessage.textContent = message;
    if (status === 401) ui.password.select();
    return;
  } finally {
    button.disabled = false;
    button.textContent = 'Sign in';
  }
  ui.password.value = '';
  showFeed();
  // /changes costs no Airtable request. Whatever it answers, the feed opens and shows what it
  // can (a 502 with Twilio's records out of reach, a 503 for missing Twilio credentials), with
  // the error where it applies; a token it refuses signs out again on the next request.
  /** @type {{ version: string | null }} */
  const answer = await api('changes', { since: startOfDay(new Date()).toISOString() }).catch(() => ({ version: null }));
  record({ type: 'signed-in', version: answer.version });
  reload();
}

watchFilters();
watchExport();
watchMonth();
watchEdits();
ui.signInForm.addEventListener('submit', signIn);
ui.signOut.addEventListener('click', () => signOut(''));
ui.more.addEventListener('click', loadMore);
ui.news.addEventListener('click', showNews);
ui.retry.addEventListener('click', () => {
  const retry = state.retry;
  hideError();
  if (retry) retry();
});
window.addEventListener('hashchange', () => {
  if (session.token && state.loaded) showLinkedCall();
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

if (session.token) {
  showFeed();
  reload();
} else {
  signOut('');
}
