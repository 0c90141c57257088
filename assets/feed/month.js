// @ts-check
// The month at a glance: the Month view beside the list, with the last 30 days' calls per day by
// outcome, the missed-call rate and the busiest hours of the week, from /month. Each chart has its
// numbers in a real table ("Show as table"), for a screen reader and for whoever wants them. The
// answer is kept 10 minutes, so going back and forth costs no Airtable request.
import { api } from './api.js';
import { heatGrid, stackedBars } from './charts.js';
import { $, el, ui } from './page.js';
import { fail, hideError } from './session.js';

/** @typedef {import('../../functions/lib/feed/month').MonthView} MonthView */
/** @typedef {import('../../functions/lib/feed/month').MonthDay} MonthDay */
/** @typedef {import('./page.js').Child} Child */

const KEEP_MS = 10 * 60_000;
/** @type {{ key: 'answered' | 'missed' | 'voicemail' | 'other', label: string }[]} */
const SERIES = [
  { key: 'answered', label: 'Answered' },
  { key: 'missed', label: 'Missed' },
  { key: 'voicemail', label: 'Voicemail' },
  { key: 'other', label: 'Other' },
];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAY_NAMES = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

const section = $('month');
const nav = $('views');
const callsButton = $('view-calls');
const monthButton = $('view-month');

/** @type {{ at: number, view: MonthView } | null} */
let kept = null;
let generation = 0;

/** A local date of the answer (YYYY-MM-DD) in words; read at noon UTC so no zone moves its day. @param {string} date @param {boolean} [long] */
const dayLabel = (date, long = false) =>
  new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    ...(long ? { weekday: 'short' } : {}),
  });
/** @param {number} hour */
const hourLabel = (hour) => new Date(Date.UTC(2000, 0, 1, hour)).toLocaleTimeString(undefined, { timeZone: 'UTC', hour: 'numeric' });
/** @param {number} count */
const calls = (count) => `${count} ${count === 1 ? 'call' : 'calls'}`;

/** @param {Child[]} heads @param {Child[][]} rows @param {string} caption @param {Child[]} [foot] */
function table(caption, heads, rows, foot) {
  const line = (/** @type {Child[]} */ cells, /** @type {'td' | 'th'} */ tag) =>
    el('tr', {}, ...cells.map((cell, i) => (i === 0 ? el('th', { scope: tag === 'th' ? 'col' : 'row' }, cell) : el(tag, {}, cell))));
  return el(
    'table',
    { class: 'numbers' },
    el('caption', {}, caption),
    el('thead', {}, line(heads, 'th')),
    el('tbody', {}, ...rows.map((cells) => line(cells, 'td'))),
    foot ? el('tfoot', {}, line(foot, 'td')) : null,
  );
}

/** A chart with its caption and, behind a disclosure, its table. @param {string} title @param {Element} chart @param {HTMLTableElement} numbers @param {...Child} extra */
function figure(title, chart, numbers, ...extra) {
  const disclosure = el(
    'details',
    { class: 'as-table' },
    el('summary', {}, 'Show as table'),
    el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': `${title}, as a table` }, numbers),
  );
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), ...extra, chart, disclosure);
}

/** @param {MonthView} view */
function missedSentence(view) {
  if (view.missedRate === null) return 'No calls in these 30 days.';
  const percent = Math.round(view.missedRate * 100);
  return `Missed-call rate: ${percent}%. ${view.totals.missed} of ${calls(view.totals.calls)} rang your phone with nobody answering and no message left.`;
}

/** @param {MonthView} view */
function busiestSentence(view) {
  let best = { day: 0, hour: 0, count: 0 };
  for (const [day, hours] of view.hours.entries()) {
    for (const [hour, count] of hours.entries()) if (count > best.count) best = { day, hour, count };
  }
  if (best.count === 0) return 'No calls to show by hour yet.';
  return `Busiest hour: ${WEEKDAY_NAMES[best.day]} ${hourLabel(best.hour)} to ${hourLabel((best.hour + 1) % 24)}, ${calls(best.count)} in these 30 days.`;
}

/** @param {MonthView} view */
function daysFigure(view) {
  const bars = view.days.map((day) => ({
    label: dayLabel(day.date),
    long: dayLabel(day.date, true),
    values: Object.fromEntries(SERIES.map(({ key }) => [key, day[key]])),
  }));
  const total = (/** @type {MonthDay} */ day) => SERIES.reduce((sum, { key }) => sum + day[key], 0);
  const chart = stackedBars({
    label: `Calls per day, by outcome: ${calls(view.totals.calls)} in 30 days`,
    bars,
    series: SERIES,
    tickEvery: 7,
  });
  const legend = el('ul', { class: 'legend' }, ...SERIES.map(({ key, label }) => el('li', { class: key }, label)));
  const numbers = table(
    'Calls per day, by outcome',
    ['Day', ...SERIES.map(({ label }) => label), 'Total'],
    view.days.map((day) => [dayLabel(day.date, true), ...SERIES.map(({ key }) => String(day[key])), String(total(day))]),
    ['All 30 days', ...SERIES.map(({ key }) => String(view.totals[key])), String(view.totals.calls)],
  );
  return figure('Calls per day', chart, numbers, legend);
}

/** @param {MonthView} view */
function hoursFigure(view) {
  const chart = heatGrid({
    label: `Calls by hour of the week. ${busiestSentence(view)}`,
    rows: WEEKDAYS,
    columns: view.hours[0].map((_, hour) => hourLabel(hour)),
    columnTicks: 6,
    values: view.hours,
    describe: (day, hour) => `${WEEKDAY_NAMES[day]} ${hourLabel(hour)}: ${calls(view.hours[day][hour])}`,
  });
  const numbers = table(
    'Calls by hour of the week',
    ['Hour', ...WEEKDAYS],
    view.hours[0].map((_, hour) => [hourLabel(hour), ...view.hours.map((hours) => String(hours[hour]))]),
  );
  return figure('Busiest hours of the week', chart, numbers, el('p', { class: 'busiest' }, busiestSentence(view)));
}

/** @param {MonthView} view @param {number} at */
function render(view, at) {
  const range = `${dayLabel(view.firstDay)} – ${dayLabel(view.lastDay)} · ${view.timeZone} time`;
  const asOf = new Date(at).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  section.replaceChildren(
    el('div', { class: 'summary-head' }, el('h2', { id: 'month-title' }, 'Last 30 days'), el('span', {}, range)),
    el('p', { class: 'rate', id: 'missed-rate' }, missedSentence(view)),
    view.partial ? el('p', { class: 'note stopped' }, 'Counted from the newest 2,000 calls only: this month had more.') : '',
    el('div', { class: 'charts' }, daysFigure(view), hoursFigure(view)),
    el('p', { class: 'note' }, `As of ${asOf}.`),
  );
}

async function load() {
  const asked = ++generation;
  if (kept && Date.now() - kept.at < KEEP_MS) return render(kept.view, kept.at);
  section.replaceChildren(
    el('h2', { id: 'month-title' }, 'Last 30 days'),
    el('p', { class: 'state', role: 'status' }, 'Counting the calls…'),
  );
  try {
    /** @type {MonthView} */
    const view = await api('month');
    if (asked !== generation) return;
    kept = { at: Date.now(), view };
    render(view, kept.at);
    hideError();
  } catch (error) {
    if (asked === generation) fail(error, load);
  }
}

/** @param {boolean} month */
function showView(month) {
  ui.feed.classList.toggle('month-view', month);
  callsButton.setAttribute('aria-pressed', String(!month));
  monthButton.setAttribute('aria-pressed', String(month));
  if (month) void load();
  else generation++;
}

export function watchMonth() {
  callsButton.addEventListener('click', () => showView(false));
  monthButton.addEventListener('click', () => showView(true));
  // An alert's link opens its call in the list.
  window.addEventListener('hashchange', () => {
    if (window.location.hash.startsWith('#call=')) showView(false);
  });
  // The views belong to a signed-in page: they come and go with the sign-out button, and
  // a sign-out forgets the month and goes back to the list.
  new MutationObserver(() => {
    nav.hidden = ui.signOut.hidden;
    if (!ui.signOut.hidden) return;
    showView(false);
    kept = null;
    section.replaceChildren();
  }).observe(ui.signOut, { attributes: true, attributeFilter: ['hidden'] });
}
