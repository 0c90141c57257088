// @ts-check
// New or done: each call's place in the owner's inbox and its one-tap button. A change the
// service has saved goes to the list as a `call-edited` event, which redraws the row (list.js).
import { post } from './api.js';
import { phone } from './format.js';
import { el, ui } from './page.js';
import { fail } from './session.js';
import { state } from './state.js';

/** @import { FeedCall } from './types.js' */

/** Who a call is from, in words. @param {FeedCall} call */
export const callerOf = (call) => call.caller.name || phone(call.caller.number);

/** Hands the list the call as the service now has it. @param {FeedCall} call */
export function edited(call) {
  ui.calls.dispatchEvent(new CustomEvent('call-edited', { detail: call }));
}

/** @param {string} callSid @param {boolean} handled @param {HTMLButtonElement} button */
async function mark(callSid, handled, button) {
  button.disabled = true;
  try {
    /** @type {{ call: FeedCall }} */
    const answer = await post('handled', { callSid, handled });
    edited(answer.call);
    // The row is drawn anew: the focus goes to its new button, where the owner's finger is.
    /** @type {HTMLElement | null | undefined} */ (state.rows.get(callSid)?.li.querySelector('[data-part=handled] button'))?.focus();
  } catch (error) {
    button.disabled = false;
    fail(error, () => mark(callSid, handled, button));
  }
}

/** "New" with a Done button, or "Done" with a button that makes it new again. @param {FeedCall} call */
export function handledPart(call) {
  const done = call.handledAt !== null;
  const badge = done
    ? el('span', { class: 'tag done', title: `Marked done ${new Date(/** @type {string} */ (call.handledAt)).toLocaleString()}` }, 'Done')
    : el('span', { class: 'tag new' }, 'New');
  // The visible words start the button's name, so speech input finds it by what it shows.
  const button = el(
    'button',
    { type: 'button', class: done ? 'undo' : 'mark-done' },
    done ? 'Mark new' : 'Done',
    el('span', { class: 'visually-hidden' }, ` — call from ${callerOf(call)}`),
  );
  button.addEventListener('click', () => mark(call.callSid, !done, button));
  return el('div', { class: 'handled', 'data-part': 'handled' }, badge, button);
}
