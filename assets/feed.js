// @ts-check
// The activity feed page: plain JavaScript, no build step, no dependencies.
// Every string from the server (names, numbers, transcripts) is placed with text nodes,
// never parsed as HTML. The feed password lives in sessionStorage for this tab only and
// travels in an Authorization header, never in a URL.
'use strict';

(() => {
  /**
   * The API's JSON, as assets/openapi.json describes it.
   * @typedef {{ calls: FeedCall[], next: string | null }} CallPage
   * @typedef {{ callSid: string, startedAt: string | null, caller: Caller, choice: 'forward' | 'voicemail' | 'none' | 'closed', outcome: Outcome,
   *   afterHours: boolean, forwarding: Forwarding | null, status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled' | null,
   *   durationSeconds: number | null, voicemail: Voicemail | null, alertedAt: string | null, alertFailed: boolean }} FeedCall
   * @typedef {'answered' | 'missed' | 'voicemail' | 'abandoned'} Outcome
   * @typedef {{ number: string | null, name: string | null, location: string | null }} Caller
   * @typedef {{ to: string | null, status: 'answered' | 'not-accepted' | 'no-answer' | 'busy' | 'failed' | 'canceled' | null, talkSeconds: number | null }} Forwarding
   * @typedef {{ recordingSid: string | null, durationSeconds: number | null, audioUrl: string | null, transcript: string | null,
   *   transcriptionStatus: 'completed' | 'failed' | null }} Voicemail
   * @typedef {{ callsSeen: number, restored: number, merged: number, failed: number, more: boolean }} Reconciled
   * @typedef {{ call: FeedCall, li: HTMLLIElement }} Row
   * @typedef {Node | string | null | undefined} Child
   */
  // What an open page costs is Airtable's monthly allowance (README, "What an open feed
  // costs"). The page asks /changes, which reads Twilio's records and no Airtable, whether
  // anything happened: every 15 s while the owner is using the page, every minute when it is
  // left open untouched, at once when it is shown or focused again. It lists the calls (one
  // Airtable request) only when the answer moves, a few seconds later, once the callbacks
  // reporting the news have written their rows.
  const CHECK_ACTIVE_MS = 15000;
  const CHECK_IDLE_MS = 60000;
  // No key, click, scroll or pointer movement for this long: the page is left untouched.
  const IDLE_AFTER_MS = 5 * 60000;
  const SETTLE_MS = 6000;
  // And again this long after, for late callbacks (retries) and alert times, when the list
  // still lacks something Twilio's records say is over.
  const LATE_MS = 60000;
  const CHECK_FAILURES = 3;
  // Healing from Twilio's records: when the page opens and every 10 minutes; sooner when the
  // last run could not finish (Airtable locks a base out for 30 s); later after a failure.
  const RECONCILE_MS = 10 * 60000;
  const RECONCILE_AGAIN_MS = 35000;
  // Most /alerts-due requests in a row.
  const ALERT_ROUNDS = 10;
  const RECONCILE_FAILED_MS = 3 * 60000;
  const TICK_MS = 1000;
  const REQUEST_TIMEOUT_MS = 15000;
  // Today's summary reads at most this many pages of 100 calls.
  const SUMMARY_MAX_PAGES = 10;
  const PASSWORD_KEY = 'feed-password';
  const CALLER = /^\+?\d{2,15}$/;
  // The alerts' link to one call: /index.html#call=CA… (it carries no secret).
  const CALL_LINK = /^#call=(CA[0-9a-fA-F]{32})$/;
  // How many more pages the page reads looking for a linked call that is not on the first.
  const LINK_MAX_PAGES = 3;

  // Elements of index.html, which has every one of them: hence the casts that drop null.
  /** @param {string} id */
  const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const ui = {
    topbar: /** @type {HTMLElement} */ (document.querySelector('.topbar')),
    signIn: $('sign-in'), signInForm: /** @type {HTMLFormElement} */ ($('sign-in-form')),
    password: /** @type {HTMLInputElement} */ ($('password')), signInMessage: $('sign-in-message'),
    signOut: $('sign-out'), updated: $('updated'), feed: $('feed'),
    filters: /** @type {HTMLFormElement} */ ($('filter-form')), callerError: $('caller-error'),
    error: $('error'), errorText: $('error-text'), retry: $('retry'),
    loading: $('loading'), empty: $('empty'), emptyTitle: $('empty-title'), emptyHint: $('empty-hint'),
    calls: $('calls'), count: $('count'), more: /** @type {HTMLButtonElement} */ ($('more')), today: $('today-date'),
    healed: $('healed'),
  };

  const state = {
    password: sessionStorage.getItem(PASSWORD_KEY),
    params: /** @type {Record<string, string>} */ ({}),
    next: /** @type {string | null} */ (null),
    loaded: false,
    rows: /** @type {Map<string, Row>} */ (new Map()), // callSid -> { call, li }
    blobUrls: /** @type {string[]} */ ([]),
    // Bumped whenever the list is thrown away, so that late answers are ignored.
    generation: 0,
    timer: /** @type {number | undefined} */ (undefined),
    refreshing: false,
    // The last answer of /changes, and when to ask it, list the calls, and reconcile next.
    version: /** @type {string | null} */ (null),
    checking: false,
    nextCheckAt: 0,
    refreshAt: /** @type {number | null} */ (null),
    lateAt: /** @type {number | null} */ (null),
    /** Today's calls as last listed. */
    today: /** @type {FeedCall[] | null} */ (null),
    failedChecks: 0,
    alerting: false,
    reconciling: false,
    nextReconcileAt: 0,
    alertsAsked: false,
    lastUsedAt: Date.now(),
    retry: /** @type {(() => unknown) | null} */ (null),
  };

  class ApiError extends Error {
    /** @param {number} status 0 when the service could not be reached @param {string} message */
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // ---------- Talking to the functions ----------

  /** @param {string} password */
  function authorization(password) {
    let binary = '';
    for (const byte of new TextEncoder().encode(`owner:${password}`)) binary += String.fromCharCode(byte);
    return `Basic ${btoa(binary)}`;
  }

  /**
   * A successful answer of the service, or an ApiError with the sentence it gave.
   * @param {string} path
   * @param {Record<string, string | null | undefined> | undefined} params empty values are left out
   * @param {string} accept
   */
  async function request(path, params, accept) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) if (value) query.set(key, value);
    const url = query.toString() ? `${path}?${query}` : path;
    let response;
    try {
      response = await fetch(url, {
        headers: { Authorization: authorization(state.password || ''), Accept: accept },
        cache: 'no-store',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      throw new ApiError(0, "Can't reach the phone line service. Check the connection, then retry.");
    }
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      const message = body && typeof body.error === 'string' ? body.error : `The service answered with an error (${response.status}).`;
      throw new ApiError(response.status, message);
    }
    return response;
  }

  /**
   * @param {string} path
   * @param {Record<string, string | null | undefined>} [params] empty values are left out
   * @returns {Promise<any>} the JSON answer, shaped as assets/openapi.json says
   */
  async function api(path, params) {
    const response = await request(path, params, 'application/json');
    return response.json().catch(() => null);
  }

  // ---------- Formatting ----------

  /**
   * @template {keyof HTMLElementTagNameMap} K
   * @param {K} tag @param {Record<string, string>} [attributes] @param {...Child} children
   */
  const el = (tag, attributes, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    node.append(...children.filter((child) => child !== null && child !== undefined));
    return node;
  };

  /** @param {number} seconds */
  const minutesSeconds = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds) % 60).padStart(2, '0')}`;
  /** @param {Date} date */
  const clock = (date) => date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
  /** @param {Date} date */
  const startOfDay = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

  /** @param {string | null} iso */
  function when(iso) {
    if (!iso) return { main: 'Time unknown', detail: '' };
    const date = new Date(iso);
    const now = new Date();
    const days = Math.round((+startOfDay(now) - +startOfDay(date)) / 86400000);
    if (days === 0) {
      const minutes = Math.max(0, Math.round((+now - +date) / 60000));
      const main = minutes < 1 ? 'Just now' : minutes < 60 ? relative.format(-minutes, 'minute') : relative.format(-Math.floor(minutes / 60), 'hour');
      return { main, detail: clock(date) };
    }
    /** @type {Intl.DateTimeFormatOptions} */
    const options = { weekday: 'short', day: 'numeric', month: 'short' };
    if (date.getFullYear() !== now.getFullYear()) options.year = 'numeric';
    const main = days === 1 ? 'Yesterday' : date.toLocaleDateString(undefined, options);
    return { main, detail: clock(date) };
  }

  const PRIVATE = /^(anonymous|unknown|restricted|private|unavailable)?$/i;

  /** @param {string | null} number */
  function phone(number) {
    if (number === null || PRIVATE.test(number)) return 'Private number';
    const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
    return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : number;
  }

  // Twilio sends "ATLANTA, GA, US": keep codes, soften the city.
  /** @param {string} location */
  const place = (location) => location.replace(/\b([A-Z])([A-Z]{2,})\b/g, (_, first, rest) => first + rest.toLowerCase());

  /** @type {Record<Outcome, string>} */
  const OUTCOME_LABELS = { answered: 'Answered', missed: 'Missed', voicemail: 'Voicemail', abandoned: 'Abandoned' };
  /** @type {Record<string, string>} */
  const FORWARD_RESULTS = {
    'not-accepted': 'picked up, nobody pressed 1',
    'no-answer': 'no answer',
    busy: 'line busy',
    failed: 'could not connect',
    canceled: 'caller hung up while it rang',
  };

  /** @param {FeedCall} call */
  function details(call) {
    const forwarding = call.forwarding;
    const to = forwarding && forwarding.to ? phone(forwarding.to) : 'your phone';
    switch (call.outcome) {
      case 'answered':
        return [`Forwarded to ${to}`, forwarding && forwarding.talkSeconds !== null ? `Talked ${minutesSeconds(forwarding.talkSeconds)}` : null];
      case 'missed':
        return [`Forwarded to ${to}`, forwarding && forwarding.status ? FORWARD_RESULTS[forwarding.status] : 'Ringing…'];
      case 'voicemail':
        if (call.afterHours) return ['Called after hours', 'Left a message'];
        return forwarding ? [`Not answered at ${to}`, 'Left a message'] : ['Chose voicemail', 'Left a message'];
      default:
        if (call.afterHours) return ['Called after hours', 'Hung up without leaving a message'];
        return [call.choice === 'voicemail' ? 'Hung up without leaving a message' : 'Hung up at the menu', null];
    }
  }

  // ---------- Rendering a call ----------

  /** @param {string} name @param {...Child} children */
  const part = (name, ...children) => el('div', { class: name, 'data-part': name }, ...children);

  /** @param {FeedCall} call */
  function whenPart(call) {
    const { main, detail } = when(call.startedAt);
    const time = el('time', call.startedAt ? { datetime: call.startedAt, title: new Date(call.startedAt).toLocaleString() } : {}, main);
    return part('when', time, detail ? el('small', {}, detail) : null);
  }

  /** @param {Caller} caller */
  function callerPart(caller) {
    const number = phone(caller.number);
    // Caller-controlled text sits in <bdi>: direction controls in it (U+202E…) cannot reorder what is around it.
    const second = [caller.name ? el('bdi', {}, number) : null, caller.location ? el('bdi', {}, place(caller.location)) : null].filter((item) => item !== null);
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
      : el('p', { class: 'none', 'data-part': 'transcript' }, voicemail.transcriptionStatus === 'failed' ? 'No transcript: transcription failed.' : 'Transcript on its way.');
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
  function renderCall(call) {
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
      part('len', el('span', { class: 'visually-hidden' }, 'Length '), call.durationSeconds === null ? '–' : minutesSeconds(call.durationSeconds)),
    );
    if (call.voicemail) li.append(messagePart(call, call.voicemail));
    return li;
  }

  /** Redraws a row in place, but leaves a player that has audio alone, so playback goes on. @param {Row} row @param {FeedCall} call */
  function updateRow(row, call) {
    const fresh = renderCall(call);
    const player = row.li.querySelector('[data-part=player]');
    const freshPlayer = fresh.querySelector('[data-part=player]');
    if (player && player.querySelector('audio') && freshPlayer) {
      for (const node of [...row.li.children]) if (!node.contains(player)) node.remove();
      // Both have a message with a transcript, as both have a player.
      const message = /** @type {Element} */ (row.li.querySelector('[data-part=message]'));
      /** @type {Element} */ (message.querySelector('[data-part=transcript]')).replaceWith(/** @type {Element} */ (fresh.querySelector('[data-part=transcript]')));
      for (const node of [...fresh.children]) if (node.getAttribute('data-part') !== 'message') message.before(node);
    } else {
      row.li.replaceChildren(...fresh.childNodes);
    }
    row.li.dataset.outcome = call.outcome;
    row.call = call;
  }

  // ---------- Voicemail audio ----------

  /** @param {string} url @param {HTMLElement} player @param {HTMLButtonElement} button @param {string} label */
  async function play(url, player, button, label) {
    const problem = player.querySelector('.problem');
    if (problem) problem.remove();
    button.disabled = true;
    const text = button.textContent;
    button.textContent = 'Loading…';
    try {
      // The answer is the MP3 itself; a blob: URL keeps the password out of the <audio> element's URL.
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

  // ---------- The list ----------

  function clearList() {
    state.generation++;
    state.rows.clear();
    state.next = null;
    state.loaded = false;
    ui.calls.replaceChildren();
    for (const url of state.blobUrls) URL.revokeObjectURL(url);
    state.blobUrls = [];
  }

  /** @param {FeedCall} call @param {Node | null} before */
  function addRow(call, before) {
    const li = renderCall(call);
    state.rows.set(call.callSid, { call, li });
    ui.calls.insertBefore(li, before);
    return li;
  }

  /** Older calls, at the end of the list. @param {CallPage} page */
  function appendPage(page) {
    for (const call of page.calls) if (!state.rows.has(call.callSid)) addRow(call, null);
    state.next = page.next;
    state.loaded = true;
  }

  function showListState() {
    const count = state.rows.size;
    const filtered = Object.keys(state.params).length > 0;
    ui.loading.hidden = true;
    ui.empty.hidden = count > 0 || !state.loaded;
    ui.emptyTitle.textContent = filtered ? 'No calls match these filters.' : 'No calls yet.';
    ui.emptyHint.textContent = filtered ? ' Clear the filters to see every call.' : ' Calls appear here as soon as someone rings your number.';
    ui.count.textContent = count === 0 ? '' : `Showing ${count} ${count === 1 ? 'call' : 'calls'}${state.next ? ', newest first' : ', that is all of them'}`;
    ui.more.hidden = !state.next;
  }

  /** The first page for the current filters, replacing the list. */
  async function reload() {
    clearList();
    const generation = state.generation;
    ui.loading.hidden = false;
    ui.empty.hidden = true;
    ui.more.hidden = true;
    try {
      const page = await api('calls', state.params);
      if (generation !== state.generation) return;
      appendPage(page);
      const today = todayFrom(page);
      // With filters on, the numbers stay today's, as they were; the next refresh brings them up to date.
      if (today) showSummary(today);
      else if (Object.keys(state.params).length === 0) loadSummary();
      hideError();
      stamp();
    } catch (error) {
      if (generation === state.generation) fail(error, reload);
    } finally {
      if (generation === state.generation) showListState();
    }
    if (generation === state.generation && state.loaded) await showLinkedCall();
  }

  /**
   * Opens the call an alert linked to (#call=CA…): reads a few more pages if it is not among the
   * loaded ones, then scrolls to it, highlights it and moves the focus there. Once per
   * link: the hash is dropped.
   */
  async function showLinkedCall() {
    const match = CALL_LINK.exec(window.location.hash);
    if (!match) return;
    history.replaceState(null, '', window.location.pathname + window.location.search);
    const sid = match[1];
    for (let page = 0; !state.rows.has(sid) && state.next && page < LINK_MAX_PAGES; page++) await loadMore();
    const row = state.rows.get(sid);
    if (!row) {
      ui.healed.textContent = 'The call in the link is not in this list: clear the filters, or load more calls.';
      ui.healed.hidden = false;
      return;
    }
    for (const li of ui.calls.querySelectorAll('.linked')) li.classList.remove('linked');
    row.li.classList.add('linked');
    row.li.setAttribute('tabindex', '-1');
    row.li.scrollIntoView({ block: 'center' });
    row.li.focus({ preventScroll: true });
  }

  /**
   * The service's cursors expire after a few minutes (410): walks the list again from the
   * top, without redrawing it, to the page holding the last row shown, and appends the calls
   * that follow it (from the next page when it ended that one).
   * @param {number} generation
   */
  async function resumeFromTop(generation) {
    const rows = [...state.rows.keys()];
    const last = rows[rows.length - 1];
    /** @type {CallPage} */
    let page = await api('calls', state.params);
    for (;;) {
      if (generation !== state.generation) return;
      const at = page.calls.findIndex((call) => call.callSid === last);
      if (at !== -1 || !page.next) {
        const rest = page.calls.slice(at + 1);
        if (rest.length === 0 && page.next) page = await api('calls', { ...state.params, cursor: page.next });
        else page = { calls: rest, next: page.next };
        if (generation === state.generation) appendPage(page);
        return;
      }
      page = await api('calls', { ...state.params, cursor: page.next });
    }
  }

  async function loadMore() {
    const generation = state.generation;
    ui.more.disabled = true;
    ui.more.textContent = 'Loading…';
    try {
      try {
        const page = await api('calls', { ...state.params, cursor: state.next });
        if (generation !== state.generation) return;
        appendPage(page);
      } catch (error) {
        if (/** @type {ApiError} */ (error).status !== 410) throw error;
        await resumeFromTop(generation);
      }
      hideError();
    } catch (error) {
      if (generation === state.generation) fail(error, loadMore);
    } finally {
      ui.more.disabled = false;
      ui.more.textContent = 'Load more';
      if (generation === state.generation) showListState();
    }
  }

  /** Keeps the row at the top of the view where it is while `change` adds rows above it. @param {() => void} change */
  function keepingScroll(change) {
    const top = ui.topbar.getBoundingClientRect().bottom;
    // The first row the owner can actually see (more than a sliver of it) below the sticky bar.
    const anchor = window.scrollY > 0 ? [...ui.calls.children].find((li) => li.getBoundingClientRect().bottom > top + 1) : undefined;
    const before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected) window.scrollBy(0, anchor.getBoundingClientRect().top - before);
  }

  /** Merges a fresh first page: new calls go in at their place, known ones are updated. @param {CallPage} page */
  function merge(page) {
    if (!state.loaded) {
      appendPage(page);
    } else if (state.rows.size > 0 && page.next && !page.calls.some((call) => state.rows.has(call.callSid))) {
      // More new calls than a page: the gap cannot be filled from here, so start over.
      return reload();
    } else {
      /** @type {HTMLLIElement | null} */
      let previous = null;
      for (const call of page.calls) {
        const row = state.rows.get(call.callSid);
        if (row) {
          if (JSON.stringify(row.call) !== JSON.stringify(call)) updateRow(row, call);
          previous = row.li;
        } else {
          const li = addRow(call, previous ? previous.nextSibling : ui.calls.firstElementChild);
          li.classList.add('fresh');
          li.addEventListener('animationend', () => li.classList.remove('fresh'), { once: true });
          previous = li;
        }
      }
      // Relative times ("5 min ago") move on.
      for (const row of state.rows.values()) /** @type {Element} */ (row.li.querySelector('[data-part=when]')).replaceWith(whenPart(row.call));
    }
    showListState();
  }

  // ---------- Today's summary ----------

  /** Today's calls when this unfiltered first page holds all of them, else null. @param {CallPage} page */
  function todayFrom(page) {
    if (Object.keys(state.params).length > 0) return null;
    const from = +startOfDay(new Date());
    const last = page.calls[page.calls.length - 1];
    const reachesYesterday = last !== undefined && last.startedAt !== null && +new Date(last.startedAt) < from;
    if (page.next && !reachesYesterday) return null;
    return page.calls.filter((call) => call.startedAt !== null && +new Date(call.startedAt) >= from);
  }

  async function todaysCalls() {
    const from = startOfDay(new Date()).toISOString();
    /** @type {FeedCall[]} */
    const calls = [];
    /** @type {string | null} */
    let cursor = null;
    for (let page = 0; page < SUMMARY_MAX_PAGES; page++) {
      const answer = await api('calls', { from, pageSize: '100', cursor });
      calls.push(...answer.calls);
      cursor = answer.next;
      // Signed out meanwhile: stop, rather than ask on with no password.
      if (!cursor || !state.password) break;
    }
    return calls;
  }

  /** @param {FeedCall[]} calls */
  function showSummary(calls) {
    state.today = calls;
    ui.today.textContent = new Date().toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
    const count = (/** @type {Outcome} */ outcome) => String(calls.filter((call) => call.outcome === outcome).length);
    const talks = calls.map((call) => (call.outcome === 'answered' && call.forwarding ? call.forwarding.talkSeconds : null)).filter((seconds) => seconds !== null);
    $('stat-calls').textContent = String(calls.length);
    $('stat-answered').textContent = count('answered');
    $('stat-missed').textContent = count('missed');
    $('stat-voicemail').textContent = count('voicemail');
    $('stat-talk').textContent = talks.length ? minutesSeconds(talks.reduce((a, b) => a + b, 0) / talks.length) : '–';
  }

  async function loadSummary() {
    try {
      showSummary(await todaysCalls());
    } catch (error) {
      fail(error, loadSummary);
    }
  }

  // ---------- Refresh ----------

  function stamp() {
    ui.updated.textContent = `Updated ${new Date().toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', second: '2-digit' })}`;
  }

  /** The first page again, and today's summary: from that same page unless filters are on. */
  async function refresh() {
    if (state.refreshing || !state.password || document.hidden) return;
    state.refreshing = true;
    ui.updated.classList.add('busy');
    const generation = state.generation;
    try {
      const page = await api('calls', state.params);
      const today = todayFrom(page) || (await todaysCalls());
      if (generation !== state.generation) return;
      keepingScroll(() => {
        merge(page);
        showSummary(today);
      });
      hideError();
      stamp();
    } catch (error) {
      if (generation === state.generation) fail(error, refresh);
    } finally {
      state.refreshing = false;
      ui.updated.classList.remove('busy');
    }
  }

  /** @param {Date} date */
  const iso = (date) => date.toISOString();

  /**
   * Whether today's list still lacks what Twilio's records say is over: a row, a final status,
   * a transcript. Only then is the late listing worth an Airtable request.
   * @param {number} finished
   */
  function unsettled(finished) {
    const today = state.today;
    if (!today || today.length < finished) return true;
    return today.some((call) => call.status === null || call.voicemail?.transcriptionStatus === null);
  }

  /** Asks Twilio's records (through /changes) whether anything happened today; lists the calls when it did. */
  async function check() {
    if (state.checking || !state.password) return;
    state.checking = true;
    try {
      /** @type {{ version: string, calls: number }} */
      const answer = await api('changes', { since: iso(startOfDay(new Date())) });
      const now = Date.now();
      const moved = state.version !== null && answer.version !== state.version;
      if (moved || (state.lateAt !== null && now >= state.lateAt && unsettled(answer.calls))) {
        state.refreshAt ??= now + (moved ? SETTLE_MS : 0);
        state.lateAt = moved ? now + LATE_MS : null;
      }
      state.version = answer.version;
      state.failedChecks = 0;
      if (state.retry === check) hideError();
    } catch (error) {
      const { status, message } = /** @type {ApiError} */ (error);
      if (status === 401) return signOut(message);
      // A missed check is made up by the next; at the third in a row, say so and list the calls,
      // and then only every thirtieth, so a lasting failure does not become polling of Airtable.
      const failed = ++state.failedChecks;
      if (failed !== CHECK_FAILURES && failed % (CHECK_FAILURES * 10)) return;
      await refresh();
      fail(new ApiError(status, `Checking for new calls failed: ${message}`), check);
    } finally {
      state.checking = false;
    }
  }

  /** The start of yesterday: the window the page heals and alerts over. */
  function sinceYesterday() {
    const yesterday = startOfDay(new Date());
    yesterday.setDate(yesterday.getDate() - 1);
    return yesterday;
  }

  /** Heals the log from Twilio's records (yesterday and today) and tells the owner what it restored. */
  async function reconcileLog() {
    if (state.reconciling || !state.password) return;
    state.reconciling = true;
    try {
      /** @type {Reconciled} */
      const answer = await api('reconcile', { since: iso(sinceYesterday()) });
      state.nextReconcileAt = Date.now() + (answer.more ? RECONCILE_AGAIN_MS : answer.failed ? RECONCILE_FAILED_MS : RECONCILE_MS);
      const restored = answer.restored;
      if (restored > 0) {
        ui.healed.textContent = `Restored ${restored} ${restored === 1 ? 'call' : 'calls'} from Twilio's records at ${clock(new Date())}${answer.more ? '; more to come.' : '.'}`;
        ui.healed.hidden = false;
        await refresh();
      } else if (answer.more) {
        ui.healed.textContent = "Some calls are still being restored from Twilio's records.";
        ui.healed.hidden = false;
      }
    } catch (error) {
      const { status, message } = /** @type {ApiError} */ (error);
      if (status === 401) signOut(message);
      state.nextReconcileAt = Date.now() + RECONCILE_FAILED_MS;
    } finally {
      state.reconciling = false;
    }
  }

  /** Alerts the callbacks missed: at open, then while a call awaits one or a filter is on. */
  async function sendDueAlerts() {
    if (state.alerting || (state.alertsAsked && !Object.keys(state.params).length && !ui.calls.querySelector('.not-alerted'))) return;
    state.alertsAsked = state.alerting = true;
    let sent = 0;
    try {
      for (let round = 0, more = true; more && round < ALERT_ROUNDS; round++) {
        const answer = await api('alerts-due', { since: iso(sinceYesterday()) });
        if (answer.sent) sent++;
        more = answer.more;
      }
    } catch {
      // Next pass.
    } finally {
      state.alerting = false;
    }
    if (sent) refresh();
  }

  const inUse = () => document.hasFocus() && Date.now() - state.lastUsedAt < IDLE_AFTER_MS;

  /** Runs every second and costs nothing: decides what, if anything, to ask. */
  function tick() {
    if (!state.password || document.hidden) return;
    const now = Date.now();
    if (now >= state.nextCheckAt) {
      state.nextCheckAt = now + (inUse() ? CHECK_ACTIVE_MS : CHECK_IDLE_MS);
      check();
    }
    if (state.refreshAt !== null && now >= state.refreshAt && !state.refreshing) {
      state.refreshAt = null;
      refresh();
    }
    if (now >= state.nextReconcileAt) {
      state.nextReconcileAt = now + RECONCILE_MS;
      reconcileLog().then(sendDueAlerts);
    }
  }

  /** Catches up at once when the owner comes back to the page. */
  function comeBack() {
    state.lastUsedAt = Date.now();
    state.nextCheckAt = 0;
    tick();
  }

  // ---------- Errors, sign-in and sign-out ----------

  /** @param {unknown} error @param {() => unknown} retry */
  function fail(error, retry) {
    const { status, message } = /** @type {ApiError} */ (error);
    if (status === 401) return signOut(message);
    state.retry = retry;
    ui.errorText.textContent = message;
    ui.error.hidden = false;
  }

  function hideError() {
    ui.error.hidden = true;
    state.retry = null;
  }

  function showFeed() {
    ui.signIn.hidden = true;
    ui.feed.hidden = false;
    ui.signOut.hidden = false;
    clearInterval(state.timer);
    state.version = null;
    state.refreshAt = null;
    state.lateAt = null;
    state.nextCheckAt = 0;
    state.nextReconcileAt = 0;
    state.timer = setInterval(tick, TICK_MS);
    tick();
  }

  /** @param {string} message */
  function signOut(message) {
    state.password = null;
    sessionStorage.removeItem(PASSWORD_KEY);
    clearInterval(state.timer);
    clearList();
    hideError();
    ui.filters.reset();
    state.params = {};
    ui.feed.hidden = true;
    ui.signOut.hidden = true;
    ui.updated.textContent = '';
    ui.healed.hidden = true;
    ui.signIn.hidden = false;
    ui.signInMessage.textContent = message || '';
    ui.password.focus();
  }

  /** @param {Event} event */
  async function signIn(event) {
    event.preventDefault();
    const button = /** @type {HTMLButtonElement} */ (ui.signInForm.querySelector('button'));
    if (!ui.password.value) {
      ui.signInMessage.textContent = 'Enter the feed password.';
      return;
    }
    state.password = ui.password.value;
    button.disabled = true;
    button.textContent = 'Signing in…';
    ui.signInMessage.textContent = '';
    try {
      // /changes checks the password without an Airtable request. Only a 401 (wrong password)
      // or a 400 refuses the sign-in: any other answer of the service (a 502 with Twilio's records
      // out of reach, a 503 for missing Twilio credentials) comes after the password was
      // accepted, so the feed opens and shows what it can, with the error where it applies.
      const answer = await api('changes', { since: iso(startOfDay(new Date())) }).catch((error) => {
        const { status, message } = /** @type {ApiError} */ (error);
        // Without FEED_PASSWORD the service answers 503 before any password is checked.
        if (status === 0 || status === 401 || status === 400 || (status === 503 && /FEED_PASSWORD/.test(message))) throw error;
        return { version: null };
      });
      sessionStorage.setItem(PASSWORD_KEY, state.password);
      ui.password.value = '';
      showFeed();
      state.version = answer.version;
      reload();
    } catch (error) {
      const { status, message } = /** @type {ApiError} */ (error);
      if (status === 401) {
        ui.signInMessage.textContent = message;
        state.password = null;
        ui.password.select();
      } else {
        ui.signInMessage.textContent = message;
      }
    } finally {
      button.disabled = false;
      button.textContent = 'Sign in';
    }
  }

  // ---------- Filters ----------

  /** @param {string} value yyyy-mm-dd @param {number} plusDays */
  function localDay(value, plusDays) {
    const [year, month, day] = value.split('-').map(Number);
    return new Date(year, month - 1, day + plusDays).toISOString();
  }

  function applyFilters() {
    const form = /** @type {HTMLFormControlsCollection & Record<'outcome' | 'afterHours', HTMLSelectElement> & Record<'caller' | 'from' | 'to', HTMLInputElement>} */ (
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
    if (caller) params.caller = caller;
    if (form.from.value) params.from = localDay(form.from.value, 0);
    // The "to" day is included: the query's bound is the start of the next day.
    if (form.to.value) params.to = localDay(form.to.value, 1);
    if (JSON.stringify(params) === JSON.stringify(state.params)) return;
    state.params = params;
    reload();
  }

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
  ui.filters.addEventListener('reset', () => setTimeout(applyFilters));

  ui.signInForm.addEventListener('submit', signIn);
  ui.signOut.addEventListener('click', () => signOut(''));
  ui.more.addEventListener('click', loadMore);
  ui.retry.addEventListener('click', () => {
    const retry = state.retry;
    hideError();
    if (retry) retry();
  });
  window.addEventListener('hashchange', () => {
    if (state.password && state.loaded) showLinkedCall();
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) comeBack();
  });
  window.addEventListener('focus', comeBack);
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'scroll', 'wheel']) {
    window.addEventListener(type, () => (state.lastUsedAt = Date.now()), { passive: true, capture: true });
  }

  // On a phone the filters start folded, leaving the screen to the calls.
  if (window.matchMedia('(max-width: 760px)').matches) /** @type {HTMLDetailsElement} */ ($('filters')).open = false;

  if (state.password) {
    showFeed();
    reload();
  } else {
    signOut('');
  }
})();
