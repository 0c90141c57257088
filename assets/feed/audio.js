// @ts-check
// Voicemail audio, played in the row.
import { request } from './api.js';
import { el } from './page.js';
import { signOut } from './session.js';
import { state } from './state.js';
/** @import { ApiError } from './api.js' */

/** @param {string} url @param {HTMLElement} player @param {HTMLButtonElement} button @param {string} name the audio's accessible name */
export async function play(url, player, button, name) {
  const problem = player.querySelector('.problem');
  if (problem) problem.remove();
  button.disabled = true;
  const label = [...button.childNodes];
  button.textContent = 'Loading…';
  try {
    // The answer is the MP3 itself; a blob: URL keeps the session token out of the <audio> element's URL.
    const response = await request(url, undefined, 'audio/mpeg');
    const blobUrl = URL.createObjectURL(await response.blob());
    state.blobUrls.push(blobUrl);
    const audio = el('audio', { controls: '', preload: 'auto', src: blobUrl, 'aria-label': name });
    player.replaceChildren(audio);
    audio.focus();
    audio.play().catch(() => undefined); // a refused autoplay leaves the controls to the owner
  } catch (error) {
    const { status, message } = /** @type {ApiError} */ (error);
    if (status === 401) return signOut(message);
    button.disabled = false;
    button.replaceChildren(...label);
    player.append(el('p', { class: 'problem', role: 'alert' }, message));
  }
}
