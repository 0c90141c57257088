// @ts-check
// The elements of index.html the page works with, and the one way it makes new ones: every
// string from the server (names, numbers, transcripts) is placed with text nodes, never
// parsed as HTML.

/** @typedef {Node | string | null | undefined} Child */

// index.html has every one of these elements: hence the casts that drop null.
/** @param {string} id */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

export const ui = {
  topbar: /** @type {HTMLElement} */ (document.querySelector('.topbar')),
  signIn: $('sign-in'),
  signInForm: /** @type {HTMLFormElement} */ ($('sign-in-form')),
  password: /** @type {HTMLInputElement} */ ($('password')),
  signInMessage: $('sign-in-message'),
  signOut: $('sign-out'),
  newCount: $('new-count'),
  updated: $('updated'),
  news: /** @type {HTMLButtonElement} */ ($('show-news')),
  feed: $('feed'),
  filters: /** @type {HTMLFormElement} */ ($('filter-form')),
  callerError: $('caller-error'),
  error: $('error'),
  errorText: $('error-text'),
  retry: $('retry'),
  loading: $('loading'),
  empty: $('empty'),
  emptyTitle: $('empty-title'),
  emptyHint: $('empty-hint'),
  calls: $('calls'),
  count: $('count'),
  more: /** @type {HTMLButtonElement} */ ($('more')),
  today: $('today-date'),
  healed: $('healed'),
};

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag @param {Record<string, string>} [attributes] @param {...Child} children
 */
export const el = (tag, attributes, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
};
