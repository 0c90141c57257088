// @ts-check
// "Download CSV": the calls of the current filters, read through /calls page by page (at most
// EXPORT_MAX_PAGES of 100, so one export costs at most that many Airtable requests), saved as a
// file built in the browser: a Blob behind an <a download>.
import { api } from './api.js';
import { callsCsv, localIso } from './csv.js';
import { $ } from './page.js';
import { fail, hideError } from './session.js';
import { state } from './state.js';

/** @import { CallPage, FeedCall } from './types.js' */

export const EXPORT_MAX_PAGES = 10;
const PAGE_SIZE = '100';

const button = /** @type {HTMLButtonElement} */ ($('csv'));
const status = $('csv-status');

/** The filtered calls, newest first, and whether more were left unread. @returns {Promise<{ calls: FeedCall[], more: boolean }>} */
async function filteredCalls() {
  /** @type {FeedCall[]} */
  const calls = [];
  /** @type {string | null} */
  let cursor = null;
  for (let page = 0; page < EXPORT_MAX_PAGES; page++) {
    /** @type {CallPage} */
    const answer = await api('calls', { ...state.params, pageSize: PAGE_SIZE, cursor });
    calls.push(...answer.calls);
    cursor = answer.next;
    if (!cursor) return { calls, more: false };
  }
  return { calls, more: true };
}

/** Saves `text` as a file, through a link the page clicks itself. @param {string} text @param {string} name */
function save(text, name) {
  // The byte-order mark tells spreadsheets the file is UTF-8, so names with accents survive.
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function download() {
  button.disabled = true;
  status.textContent = 'Preparing the file…';
  try {
    const { calls, more } = await filteredCalls();
    const day = localIso(new Date()).slice(0, 10);
    save(callsCsv(calls), `calls-${day}.csv`);
    const count = `${calls.length} ${calls.length === 1 ? 'call' : 'calls'}`;
    status.textContent = more
      ? `Saved the newest ${count}; narrow the filters (dates) to export older ones.`
      : `Saved ${count} as a CSV file.`;
    hideError();
  } catch (error) {
    status.textContent = '';
    fail(error, download);
  } finally {
    button.disabled = false;
  }
}

export function watchExport() {
  button.addEventListener('click', download);
}
