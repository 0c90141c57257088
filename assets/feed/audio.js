// @ts-check
// Voicemail audio, played in the row.
import { request } from './api.js';
import { el } from './page.js';
import { signOut } from './session.js';
import { state } from './state.js';
/** @import { ApiError } from './api.js' */

/** @param {string} url @param {HTMLElement} player @param {HTMLButtonElement} button @param {string} label */
export async function play(url, player, button, label) {
  const problem = player.querySelector('.problem');
  if (problem) problem.remove();
  button.disabled = true;
  const text = button.textContent;
  button.textContent = 'Loading…';
  try {
    // The answer is the MP3 itself; a blob: URL keeps the session token out of the <audio> element's URL.
    const response = await request(url, undefined, 'audio/mpeg');
    const blobUrl = URL.createObjectURL(await response.blob());
    state.blobUrls.push(blobUrl);
    const audio = el('audio', { controls: '', preload: 'auto', src: blobUrl, 'aria-label': label });
    player.replaceChildren(audio);
    audio.focus();
    audio.play().catch(() => undefined); // a refused autoplay leaves the controls to the owner
  } catch (error) {
    const { status, message } = /** @type {ApiError} */ (error);
    if (status === 401) return signOut(message);
    button.disabled = false;
    button.textContent = text;
    player.append(el('p', { class: 'problem', role: 'alert' }, message));
  }
}
