// @ts-check
// What the open page holds: the list shown, the filters, and the schedule of its requests.

import { ui } from './page.js';
import { initialPlan } from './schedule.js';
/** @import { FeedCall, Row } from './types.js' */

export const state = {
  params: /** @type {Record<string, string>} */ ({}),
  next: /** @type {string | null} */ (null),
  loaded: false,
  rows: /** @type {Map<string, Row>} */ (new Map()), // callSid -> { call, li }
  blobUrls: /** @type {string[]} */ ([]),
  // Bumped whenever the list is thrown away, so that late answers are ignored.
  generation: 0,
  timer: /** @type {number | undefined} */ (undefined),
  refreshing: false,
  checking: false,
  /** Today's calls as last listed. */
  today: /** @type {FeedCall[] | null} */ (null),
  /** The same calls by SID, and the day they are of (summary.js). */
  day: /** @type {import('./day.js').Day | null} */ (null),
  alerting: false,
  reconciling: false,
  /** Where the next reconcile goes on from: where the last one stopped, or the calls changed since it finished. */
  reconcileCursor: /** @type {string | null} */ (null),
  alertsAsked: false,
  /** When the scheduled reconcile last ran, and when the page asked (scheduled-healing.js). */
  scheduled: /** @type {import('./scheduled-healing.js').Known} */ ({ lastRun: undefined, askedAt: null }),
  /** When to ask what (schedule.js). */
  plan: initialPlan(Date.now()),
  retry: /** @type {(() => unknown) | null} */ (null),
};

export const filtered = () => Object.keys(state.params).length > 0;

/** Throws the list away, with the audio it fetched. */
export function clearList() {
  state.generation++;
  state.rows.clear();
  state.next = null;
  state.loaded = false;
  ui.calls.replaceChildren();
  for (const url of state.blobUrls) URL.revokeObjectURL(url);
  state.blobUrls = [];
}
