// @ts-check
// How many of the calls listed are new (not marked done): in the page's title, so it shows on the
// tab, and in the header.
import { ui } from './page.js';
import { state } from './state.js';

const TITLE = 'Calls';

export function showNewCount() {
  let count = 0;
  for (const row of state.rows.values()) if (row.call.handledAt === null) count++;
  document.title = count === 0 ? TITLE : `(${count} new) ${TITLE}`;
  ui.newCount.hidden = count === 0;
  ui.newCount.textContent = `${count} new`;
}
