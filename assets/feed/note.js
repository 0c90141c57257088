// @ts-check
// The owner's note on a call: shown as text, edited in place. A save sends the note it started
// from; when another tab saved a different one first, the service refuses (409) and answers
// with it, and both are shown: Save then keeps this one, Cancel the other. No note is lost unseen.
import { post } from './api.js';
import { callerOf, edited } from './inbox.js';
import { el } from './page.js';
import { fail } from './session.js';
import { state } from './state.js';

/** @import { ApiError } from './api.js' */
/** @import { FeedCall } from './types.js' */

// The service's limit (lib/feed/edits.ts).
const NOTE_MAX_LENGTH = 2000;

/** The note as text, and a button to add or edit it. @param {FeedCall} call */
export function notePart(call) {
  const part = el('div', { class: 'note-part', 'data-part': 'note' });
  if (call.note) part.append(el('p', { class: 'note-text', 'data-part': 'note-text', dir: 'auto' }, el('bdi', {}, call.note)));
  const button = el(
    'button',
    { type: 'button', class: 'link' },
    call.note ? 'Edit note' : 'Add note',
    el('span', { class: 'visually-hidden' }, ` — call from ${callerOf(call)}`),
  );
  button.addEventListener('click', () => {
    const form = editor(call);
    part.replaceWith(form);
    /** @type {HTMLTextAreaElement} */ (form.querySelector('textarea')).focus();
  });
  part.append(button);
  return part;
}

/** @param {FeedCall} call */
function editor(call) {
  let base = call.note ?? '';
  /** The call as the last conflict showed it, for Cancel. @type {FeedCall | null} */
  let theirs = null;
  const id = `note-${call.callSid}`;
  const area = el('textarea', { id, name: 'note', rows: '3', maxlength: String(NOTE_MAX_LENGTH), dir: 'auto' });
  area.value = base;
  const status = el('p', { class: 'note-status', role: 'status' });
  const other = el('div', { class: 'note-theirs', 'data-part': 'note-theirs', hidden: '' });
  const save = el('button', { type: 'submit', class: 'primary' }, 'Save note');
  const cancel = el('button', { type: 'button' }, 'Cancel');
  const form = el(
    'form',
    { class: 'note-editor', 'data-part': 'note', 'data-editing': '', novalidate: '' },
    el('label', { for: id }, `Note on the call from ${callerOf(call)}`),
    area,
    other,
    status,
    el('div', { class: 'note-actions' }, save, cancel),
  );
  /** Closes the editor on `latest`: the row is drawn anew from it, and the focus goes back to its note button. @param {FeedCall} latest */
  const close = (latest) => {
    form.removeAttribute('data-editing');
    edited(latest);
    /** @type {HTMLElement | null | undefined} */ (state.rows.get(call.callSid)?.li.querySelector('[data-part=note] button'))?.focus();
  };
  const discard = () => close(theirs ?? state.rows.get(call.callSid)?.call ?? call);
  cancel.addEventListener('click', discard);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') discard();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    status.textContent = 'Saving…';
    try {
      /** @type {{ call: FeedCall }} */
      const answer = await post('note', { callSid: call.callSid, note: area.value, base });
      close(answer.call);
    } catch (error) {
      save.disabled = false;
      status.textContent = '';
      const { status: code, body } = /** @type {ApiError} */ (error);
      if (code !== 409 || typeof body?.note !== 'string') return fail(error, () => form.requestSubmit());
      // What this tab saves next replaces the note shown: the owner has seen it.
      base = body.note;
      theirs = /** @type {FeedCall} */ (body.call);
      status.textContent = 'This note was changed in another tab. Save keeps yours; Cancel keeps the other.';
      other.replaceChildren(
        el('strong', {}, 'The note saved in the other tab:'),
        el('blockquote', { dir: 'auto' }, el('bdi', {}, body.note || '(no note)')),
      );
      other.hidden = false;
    }
  });
  return form;
}
