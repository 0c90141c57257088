// @ts-check
// One call as a row of the list.
import { play } from './audio.js';
import { blockPart } from './block.js';
import { callBackPart } from './call-back.js';
import { clock, details, minutesSeconds, OUTCOME_LABELS, phone, place, telHref, when } from './format.js';
import { handledPart } from './inbox.js';
import { notePart } from './note.js';
import { el } from './page.js';
import { threadPart } from './threads.js';

/** @import { Caller, FeedCall, Row, Voicemail } from './types.js' */
/** @import { Child } from './page.js' */

/** @param {string} name @param {...Child} children */
const part = (name, ...children) => el('div', { class: name, 'data-part': name }, ...children);

/** When the call came, as of now. @param {FeedCall} call */
export function whenPart(call) {
  const { main, detail } = when(call.startedAt, new Date());
  const time = el('time', call.startedAt ? { datetime: call.startedAt, title: new Date(call.startedAt).toLocaleString() } : {}, main);
  return part('when', time, detail ? el('small', {}, detail) : null);
}

/**
 * The caller's number, as a `tel:` link when it is one a phone can dial: the href is built from
 * the E.164 number alone, and the number shown is text. @param {string | null} number
 */
function numberPart(number) {
  const text = el('bdi', {}, phone(number));
  const href = telHref(number);
  return href ? el('a', { href, class: 'tel', 'data-part': 'tel' }, text) : text;
}

/** @param {Caller} caller */
function callerPart(caller) {
  // Caller-controlled text sits in <bdi>: direction controls in it (U+202E…) cannot reorder what is around it.
  const second = [caller.name ? numberPart(caller.number) : null, caller.location ? el('bdi', {}, place(caller.location)) : null].filter(
    (item) => item !== null,
  );
  const small = second.length ? el('small', {}, ...second.flatMap((item, i) => (i === 0 ? [item] : [' · ', item]))) : null;
  const first = caller.name ? el('bdi', {}, caller.name) : numberPart(caller.number);
  return part('who', el('strong', { class: caller.name ? '' : 'number' }, first), small);
}

/** @param {FeedCall} call @param {Voicemail} voicemail call.voicemail */
function messagePart(call, voicemail) {
  const length = voicemail.durationSeconds === null ? '' : ` (${minutesSeconds(voicemail.durationSeconds)})`;
  const player = el('div', { 'data-part': 'player' });
  const url = voicemail.audioUrl;
  if (url) {
    const from = call.caller.name || phone(call.caller.number);
    // The name starts with the words shown (WCAG 2.5.3, Label in Name), so speech input finds it.
    const button = el(
      'button',
      { type: 'button', class: 'play', 'aria-label': `Play message${length} from ${from}` },
      el('span', { 'aria-hidden': 'true' }, '▶ '),
      `Play message${length}`,
    );
    button.addEventListener('click', () => play(url, player, button, `The message from ${from}${length}`));
    player.append(button);
  } else {
    player.append(el('span', { class: 'none' }, 'No audio for this message'));
  }
  const transcript = voicemail.transcript
    ? el('blockquote', { 'data-part': 'transcript', dir: 'auto' }, el('bdi', {}, voicemail.transcript))
    : el(
        'p',
        { class: 'none', 'data-part': 'transcript' },
        voicemail.transcriptionStatus === 'failed' ? 'No transcript: transcription failed.' : 'Transcript on its way.',
      );
  return el('div', { class: 'message', 'data-part': 'message' }, player, transcript);
}

/** Whether the owner was told about a call that owes an alert. @param {FeedCall} call */
function alertNote(call) {
  if (call.alertedAt) return el('small', { class: 'alerted', 'data-part': 'alert' }, `Owner alerted ${clock(new Date(call.alertedAt))}`);
  if (call.alertFailed) return el('small', { class: 'alert-failed', 'data-part': 'alert' }, 'Alert failed');
  if (call.outcome !== 'voicemail' && call.outcome !== 'missed') return null;
  return el('small', { class: 'not-alerted', 'data-part': 'alert' }, 'Owner not alerted yet');
}

/**
 * A text Twilio accepted but could not deliver (a sender not registered for A2P 10DLC: 30034):
 * the owner never saw that alert, whatever "Owner alerted" says. @param {FeedCall} call
 */
function textNote(call) {
  const text = call.textAlert;
  if (text?.status !== 'not-delivered') return null;
  const code = text.errorCode === null ? '' : `: ${text.errorCode}`;
  return el('small', { class: 'alert-failed', 'data-part': 'text-alert' }, `Text not delivered${code} — ${text.reason}`);
}

/** @param {FeedCall} call */
export function renderCall(call) {
  // A call back is the owner's own call, from the business number: it has no caller's outcome.
  const [what, whatDetail] = call.callBackOf !== null ? ['Your call back', null] : details(call);
  const li = el('li', { class: 'call row', 'data-sid': call.callSid, 'data-outcome': call.outcome });
  if (call.handledAt !== null) li.dataset.handled = '';
  li.append(
    whenPart(call),
    callerPart(call.caller),
    part(
      'outcome',
      call.callBackOf !== null
        ? el('span', { class: 'badge' }, 'Call back')
        : el('span', { class: `badge ${call.outcome}` }, OUTCOME_LABELS[call.outcome]),
      call.afterHours ? el('span', { class: 'badge after-hours' }, 'After hours') : null,
      call.status === null ? el('span', { class: 'live' }, 'In progress') : null,
    ),
    part('what', el('span', {}, what), whatDetail ? el('small', {}, whatDetail) : null, alertNote(call), textNote(call)),
    part(
      'len',
      el('span', { class: 'visually-hidden' }, 'Length '),
      call.durationSeconds === null ? '–' : minutesSeconds(call.durationSeconds),
    ),
  );
  if (call.voicemail) li.append(messagePart(call, call.voicemail));
  li.append(el('div', { class: 'inbox', 'data-part': 'inbox' }, handledPart(call), callBackPart(call), notePart(call), blockPart(call)));
  li.append(threadPart(call));
  return li;
}

/**
 * Redraws a row in place, but leaves what the owner is using alone: a player that has audio, so
 * playback goes on, a call back being confirmed, and a note being written (it keeps the note it started from, so saving it
 * still tells whether another tab changed the note meanwhile). @param {Row} row @param {FeedCall} call
 */
export function updateRow(row, call) {
  const fresh = renderCall(call);
  const player = row.li.querySelector('[data-part=player]');
  const freshPlayer = fresh.querySelector('[data-part=player]');
  // A note being written, or a call back being confirmed.
  const editing = row.li.querySelectorAll('[data-editing]');
  if (player?.querySelector('audio') && freshPlayer) {
    for (const node of [...row.li.children]) if (!node.contains(player)) node.remove();
    // Both have a message with a transcript, as both have a player.
    const message = /** @type {Element} */ (row.li.querySelector('[data-part=message]'));
    /** @type {Element} */ (message.querySelector('[data-part=transcript]')).replaceWith(
      /** @type {Element} */ (fresh.querySelector('[data-part=transcript]')),
    );
    let beforeMessage = true;
    for (const node of [...fresh.children]) {
      if (node.getAttribute('data-part') === 'message') beforeMessage = false;
      else if (beforeMessage) message.before(node);
      else row.li.append(node);
    }
  } else {
    row.li.replaceChildren(...fresh.childNodes);
  }
  for (const form of editing) row.li.querySelector(`[data-part=${form.getAttribute('data-part')}]`)?.replaceWith(form);
  row.li.dataset.outcome = call.outcome;
  row.li.toggleAttribute('data-handled', call.handledAt !== null);
  row.call = call;
}
