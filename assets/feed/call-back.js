// @ts-check
// Calling a caller back as the business: the row's "Call back" button opens a confirm step that
// asks which of the owner's phones to ring first (the service lists the line's own phones, and
// rings no other). On success the service has rung that phone, dials the caller once it is
// answered, and has marked the call handled; the row says so until the page is reloaded. The
// service refuses short codes and premium-rate numbers itself, in a sentence shown here.
import { api, post } from './api.js';
import { phone, telHref } from './format.js';
import { callerOf, edited } from './inbox.js';
import { el } from './page.js';
import { fail } from './session.js';

/** @import { ApiError } from './api.js' */
/** @import { FeedCall } from './types.js' */

/** What each row says once its call back started, kept across redraws of the row. @type {Map<string, string>} */
const started = new Map();

/** The row's Call back button, when its number is one a phone can dial. @param {FeedCall} call */
export function callBackPart(call) {
  const said = started.get(call.callSid);
  const dialable = telHref(call.caller.number);
  if (!said && !dialable) return null;
  const part = el(
    'div',
    { class: 'note-part', 'data-part': 'call-back' },
    said ? el('p', { class: 'note-status', role: 'status' }, said) : null,
  );
  if (dialable) {
    const button = el(
      'button',
      { type: 'button', class: 'link' },
      'Call back',
      el('span', { class: 'visually-hidden' }, ` — ${callerOf(call)}`),
    );
    const open = () => confirmStep(call, part).catch((error) => fail(error, open));
    button.addEventListener('click', open);
    part.append(button);
  }
  return part;
}

/** @param {FeedCall} call @param {HTMLElement} part */
async function confirmStep(call, part) {
  // Asked each time: no Airtable request, and a changed FORWARD_TO shows at once.
  /** @type {{ phones: string[] }} */
  const { phones: list } = await api('call-back');
  const id = `call-back-${call.callSid}`;
  const select = el('select', { id }, ...list.map((number) => el('option', { value: number }, phone(number))));
  const status = el('p', { class: 'note-status', role: 'status' });
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const form = el(
    'form',
    { class: 'note-editor', 'data-part': 'call-back', 'data-editing': '' },
    el('label', { for: id }, 'Your phone to ring first'),
    select,
    status,
    el('div', { class: 'note-actions' }, el('button', { class: 'primary' }, 'Call now'), cancel),
  );
  cancel.addEventListener('click', () => form.replaceWith(part));
  let busy = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (busy) return;
    busy = true;
    status.textContent = 'Calling…';
    try {
      /** @type {{ callBack: { ownerPhone: string }, call: FeedCall | null }} */
      const answer = await post('call-back', { callSid: call.callSid, ownerPhone: select.value });
      started.set(call.callSid, `Calling you at ${phone(answer.callBack.ownerPhone)}, then the caller`);
      form.replaceWith(part);
      edited(answer.call ?? call);
    } catch (error) {
      busy = false;
      const { status: code, message } = /** @type {ApiError} */ (error);
      if (code === 401) fail(error, () => form.requestSubmit());
      status.textContent = message;
    }
  });
  part.replaceWith(form);
  select.focus();
}
