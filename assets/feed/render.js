// @ts-check
// One call as a row of the list.
import { play } from './audio.js';
import { clock, details, minutesSeconds, OUTCOME_LABELS, phone, place, when } from './format.js';
import { el } from './page.js';

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

/** @param {Caller} caller */
function callerPart(caller) {
  const number = phone(caller.number);
  // Caller-controlled text sits in <bdi>: direction controls in it (U+202E…) cannot reorder what is around it.
  const second = [caller.name ? el('bdi', {}, number) : null, caller.location ? el('bdi', {}, place(caller.location)) : null].filter(
    (item) => item !== null,
  );
  const small = second.length ? el('small', {}, ...second.flatMap((item, i) => (i === 0 ? [item] : [' · ', item]))) : null;
  return part('who', el('strong', { class: caller.name ? '' : 'number' }, el('bdi', {}, caller.name || number)), small);
}

/** @param {FeedCall} call @param {Voicemail} voicemail call.voicemail */
function messagePart(call, voicemail) {
  const length = voicemail.durationSeconds === null ? '' : ` (${minutesSeconds(voicemail.durationSeconds)})`;
  const player = el('div', { 'data-part': 'player' });
  const url = voicemail.audioUrl;
  if (url) {
    const label = `message from ${call.caller.name || phone(call.caller.number)}${length}`;
    const button = el('button', { type: 'button', class: 'play', 'aria-label': `Play the ${label}` }, `▶ Play message${length}`);
    button.addEventListener('click', () => play(url, player, button, `The ${label}`));
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

/** @param {FeedCall} call */
export function renderCall(call) {
  const [what, whatDetail] = details(call);
  const li = el('li', { class: 'call row', 'data-sid': call.callSid, 'data-outcome': call.outcome });
  li.append(
    whenPart(call),
    callerPart(call.caller),
    part(
      'outcome',
      el('span', { class: `badge ${call.outcome}` }, OUTCOME_LABELS[call.outcome]),
      call.afterHours ? el('span', { class: 'badge after-hours' }, 'After hours') : null,
      call.status === null ? el('span', { class: 'live' }, 'In progress') : null,
    ),
    part('what', el('span', {}, what), whatDetail ? el('small', {}, whatDetail) : null, alertNote(call)),
    part(
      'len',
      el('span', { class: 'visually-hidden' }, 'Length '),
      call.durationSeconds === null ? '–' : minutesSeconds(call.durationSeconds),
    ),
  );
  if (call.voicemail) li.append(messagePart(call, call.voicemail));
  return li;
}

/** Redraws a row in place, but leaves a player that has audio alone, so playback goes on. @param {Row} row @param {FeedCall} call */
export function updateRow(row, call) {
  const fresh = renderCall(call);
  const player = row.li.querySelector('[data-part=player]');
  const freshPlayer = fresh.querySelector('[data-part=player]');
  if (player?.querySelector('audio') && freshPlayer) {
    for (const node of [...row.li.children]) if (!node.contains(player)) node.remove();
    // Both have a message with a transcript, as both have a player.
    const message = /** @type {Element} */ (row.li.querySelector('[data-part=message]'));
    /** @type {Element} */ (message.querySelector('[data-part=transcript]')).replaceWith(
      /** @type {Element} */ (fresh.querySelector('[data-part=transcript]')),
    );
    for (const node of [...fresh.children]) if (node.getAttribute('data-part') !== 'message') message.before(node);
  } else {
    row.li.replaceChildren(...fresh.childNodes);
  }
  row.li.dataset.outcome = call.outcome;
  row.call = call;
}
