// @ts-check
// The filter form: outcome, after hours, new or done, caller number and days, and the search
// box beside it, as the list's query.
import { localDay } from './format.js';
import { reload } from './list.js';
import { ui } from './page.js';
import { clearSearch, clearSearchError, searchText, watchSearch } from './search.js';
import { state } from './state.js';

const CALLER = /^\+?\d{2,15}$/;

function applyFilters() {
  const form =
    /** @type {HTMLFormControlsCollection & Record<'outcome' | 'afterHours' | 'handled', HTMLSelectElement> & Record<'caller' | 'from' | 'to', HTMLInputElement>} */ (
      ui.filters.elements
    );
  const caller = form.caller.value.replace(/[\s().-]/g, '');
  const callerOk = caller === '' || CALLER.test(caller);
  form.caller.setAttribute('aria-invalid', String(!callerOk));
  ui.callerError.textContent = callerOk ? '' : 'Type 2 to 15 digits of the number.';
  if (!callerOk) return;
  /** @type {Record<string, string>} */
  const params = {};
  if (form.outcome.value) params.outcome = form.outcome.value;
  if (form.afterHours.value) params.afterHours = form.afterHours.value;
  // "Needs attention" is handled=false: the service filters, so the list and its pages hold only new calls.
  if (form.handled.value) params.handled = form.handled.value;
  if (caller) params.caller = caller;
  if (form.from.value) params.from = localDay(form.from.value, 0);
  // The "to" day is included: the query's bound is the start of the next day.
  if (form.to.value) params.to = localDay(form.to.value, 1);
  // The service checks the search's length and says what is wrong (search.js).
  const q = searchText();
  if (q) params.q = q;
  clearSearchError();
  if (JSON.stringify(params) === JSON.stringify(state.params)) return;
  state.params = params;
  reload();
}

/** Lists again as the owner changes a filter: at once, or after a pause in typing a number. */
export function watchFilters() {
  /** @type {number | undefined} */
  let typing;
  ui.filters.addEventListener('input', (event) => {
    clearTimeout(typing);
    typing = setTimeout(applyFilters, /** @type {HTMLInputElement} */ (event.target).name === 'caller' ? 400 : 0);
  });
  ui.filters.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters();
  });
  // "Clear filters" clears the search too: the list is then every call again.
  ui.filters.addEventListener('reset', () => {
    clearSearch();
    setTimeout(applyFilters);
  });
  watchSearch(applyFilters);
}
