// @ts-check
// Blocking a caller's number from its row, and unblocking it: the blocklist lives at Twilio
// (POST /block), and /menu rejects the number's next call. The page knows a number is blocked
// once it blocked it, or when the number's calls show as Blocked; /block answers whether a
// change was needed, so blocking a number the page did not know was blocked is harmless.
import { post } from './api.js';
import { phone, telHref } from './format.js';
import { edited } from './inbox.js';
import { el } from './page.js';
import { fail } from './session.js';
import { state } from './state.js';

/** @import { FeedCall } from './types.js' */

/** Numbers the page blocked or unblocked in this tab. @type {Map<string, boolean>} */
const known = new Map();

/** @param {string} number */
const blockedNow = (number) =>
  known.get(number) ?? [...state.rows.values()].some(({ call }) => call.caller.number === number && call.outcome === 'blocked');

/** @param {string} number @param {boolean} blocked @param {HTMLButtonElement} button */
async function setBlocked(number, blocked, button) {
  const words = blocked
    ? `Block ${phone(number)}? Its calls will be rejected and alert nobody.`
    : `Unblock ${phone(number)}? Its calls will ring through again.`;
  if (!window.confirm(words)) return;
  button.disabled = true;
  try {
    await post('block', { number, blocked });
    known.set(number, blocked);
    // Every row of the number shows its new state.
    for (const { call } of state.rows.values()) if (call.caller.number === number) edited(call);
  } catch (error) {
    button.disabled = false;
    fail(error, () => setBlocked(number, blocked, button));
  }
}

/** A Block (or Unblock) button for a call from a number that can be dialled, else nothing. @param {FeedCall} call */
export function blockPart(call) {
  const number = call.caller.number;
  if (number === null || telHref(number) === null) return null;
  const blocked = blockedNow(number);
  const button = el(
    'button',
    { type: 'button', class: blocked ? 'unblock' : 'block' },
    blocked ? 'Unblock' : 'Block',
    el('span', { class: 'visually-hidden' }, ` ${phone(number)}`),
  );
  button.addEventListener('click', () => setBlocked(number, !blocked, button));
  return el('div', { class: 'blocking', 'data-part': 'block' }, button);
}
