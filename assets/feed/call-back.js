// @ts-check
// Calling a caller back as the business: the row's "Call back" button opens a confirm step that
// asks which of the owner's phones to ring first (the service lists the line's own phones; it
// rings no other). On success the service has rung that phone, will dial the caller once it is
// answered, and has marked the call handled; the row says so until the page is reloaded.
import { api, post } from './api.js';
import { phone, telHref } from './format.js';
import { callerOf, edited } from './inbox.js';
import { el } from './page.js';
import { fail } from './session.js';
import { state } from './state.js';

/** @import { ApiError } from './api.js' */
/** @import { FeedCall } from './types.js' */

/** What each row says after its call back started, kept across redraws of the row. @type {Map<string, string>} */
const started = new Map();
/** The owner's phones, asked for once a page. @type {Promise<string[]> | null} */
let phones = null;

const ownerPhones = () => {
  phones ??= api('call-back').then((answer) => /** @type {{ phones: string[] }} */ (answer).phones);
  phones.catch(() => {
    phones = null;
  });
  return phones;
};

/**
 * The row's call back: a button when the number is one a phone can dial (the service refuses
 * short codes and premium-rate numbers itself, with a sentence shown here), and what the last
 * call back started. @param {FeedCall} call
 */
export function callBackPart(call) {
  const part = el('div', { class: 'call-back', 'data-part': 'call-back' });
  const said = started.get(call.callSid);
  if (said) part.append(el('p', { class: 'call-back-status', role: 'status' }, said));
  if (!telHref(call.caller.number)) return said ? part : null;
  const button = el(
    'button',
    { type: 'button', class: 'link' },
    'Call back',
    el('span', { class: 'visually-hidden' }, ` — ${callerOf(call)}`),
  );
  button.addEventListener('click', () => confirmStep(call, part, button));
  part.append(button);
  return part;
}

/** @param {FeedCall} call @param {HTMLElement} part @param {HTMLButtonElement} button @returns {Promise<void>} */
async function confirmStep(call, part, button) {
  button.disabled = true;
  let list;
  try {
    list = await ownerPhones();
  } catch (error) {
    button.disabled = false;
    fail(error, () => confirmStep(call, part, button));
    return;
  }
  const id = `call-back-${call.callSid}`;
  const select = el('select', { id, name: 'ownerPhone' }, ...list.map((number) => el('option', { value: number }, phone(number))));
  const status = el('p', { class: 'call-back-error', role: 'status' });
  const go = el('button', { type: 'submit', class: 'primary' }, 'Call now');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const form = el(
    'form',
    { class: 'call-back-confirm', 'data-part': 'call-back', novalidate: '' },
    el('p', {}, `Call back ${phone(call.caller.number)} as the business: your phone rings first, then the caller's.`),
    el('label', { for: id }, 'Ring this phone of yours'),
    select,
    status,
    el('div', { class: 'note-actions' }, go, cancel),
  );
  const close = () => {
    form.replaceWith(callBackPart(state.rows.get(call.callSid)?.call ?? call) ?? el('span', {}));
    /** @type {HTMLElement | null | undefined} */ (state.rows.get(call.callSid)?.li.querySelector('[data-part=call-back] button'))?.focus();
  };
  cancel.addEventListener('click', close);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    go.disabled = true;
    status.textContent = 'Starting the call…';
    try {
      /** @type {{ callBack: { ownerPhone: string, caller: string }, call: FeedCall | null }} */
      const answer = await post('call-back', { callSid: call.callSid, ownerPhone: select.value });
      started.set(call.callSid, `Calling you at ${phone(answer.callBack.ownerPhone)}, then the caller`);
      const latest = answer.call ?? state.rows.get(call.callSid)?.call ?? call;
      form.replaceWith(/** @type {HTMLElement} */ (callBackPart(latest)));
      edited(latest);
    } catch (error) {
      go.disabled = false;
      const { status: code, message } = /** @type {ApiError} */ (error);
      if (code === 401) fail(error, () => form.requestSubmit());
      else status.textContent = message;
    }
  });
  part.replaceWith(form);
  select.focus();
}
