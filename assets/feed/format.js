// @ts-check
// What the page says about a call, as text: times, numbers, places, what happened.
/** @import { FeedCall, Outcome } from './types.js' */

/** @param {number} seconds */
export const minutesSeconds = (seconds) => `${Math.floor(seconds / 60)}:${String(Math.round(seconds) % 60).padStart(2, '0')}`;
/** @param {Date} date */
export const clock = (date) => date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });
/** @param {Date} date */
export const startOfDay = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

/** The start of the day before `now`'s: the window the page heals and alerts over. @param {Date} now */
export function startOfYesterday(now) {
  const yesterday = startOfDay(now);
  yesterday.setDate(yesterday.getDate() - 1);
  return yesterday;
}

/** A day picked in a date input (yyyy-mm-dd), `plusDays` later, from local midnight. @param {string} value @param {number} plusDays */
export function localDay(value, plusDays) {
  const [year, month, day] = value.split('-').map(Number);
  return new Date(year, month - 1, day + plusDays).toISOString();
}

/** @param {string | null} iso @param {Date} now */
export function when(iso, now) {
  if (!iso) return { main: 'Time unknown', detail: '' };
  const date = new Date(iso);
  const days = Math.round((+startOfDay(now) - +startOfDay(date)) / 86400000);
  if (days === 0) {
    const minutes = Math.max(0, Math.round((+now - +date) / 60000));
    const main =
      minutes < 1 ? 'Just now' : minutes < 60 ? relative.format(-minutes, 'minute') : relative.format(-Math.floor(minutes / 60), 'hour');
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
export function phone(number) {
  if (number === null || PRIVATE.test(number)) return 'Private number';
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : number;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** A `tel:` link for a number the phone can dial (E.164 only: nothing else reaches the href), or null. @param {string | null} number */
export const telHref = (number) => (number !== null && E164.test(number) ? `tel:${number}` : null);

// Twilio sends "ATLANTA, GA, US": keep codes, soften the city.
/** @param {string} location */
export const place = (location) => location.replace(/\b([A-Z])([A-Z]{2,})\b/g, (_, first, rest) => first + rest.toLowerCase());

/** @type {Record<Outcome, string>} */
export const OUTCOME_LABELS = {
  answered: 'Answered',
  missed: 'Missed',
  voicemail: 'Voicemail',
  abandoned: 'Abandoned',
  blocked: 'Blocked',
};
/** @type {Record<string, string>} */
const FORWARD_RESULTS = {
  'not-accepted': 'picked up, nobody pressed 1',
  'no-answer': 'no answer',
  busy: 'line busy',
  failed: 'could not connect',
  canceled: 'caller hung up while it rang',
};

/** What happened, and a detail of it. @param {FeedCall} call @returns {[string, string | null]} */
export function details(call) {
  const forwarding = call.forwarding;
  const to = forwarding?.to ? phone(forwarding.to) : 'your phone';
  switch (call.outcome) {
    case 'answered':
      return [
        `Forwarded to ${to}`,
        forwarding && forwarding.talkSeconds !== null ? `Talked ${minutesSeconds(forwarding.talkSeconds)}` : null,
      ];
    case 'missed':
      return [`Forwarded to ${to}`, forwarding?.status ? FORWARD_RESULTS[forwarding.status] : 'Ringing…'];
    case 'voicemail':
      if (call.afterHours) return ['Called after hours', 'Left a message'];
      return forwarding ? [`Not answered at ${to}`, 'Left a message'] : ['Chose voicemail', 'Left a message'];
    case 'blocked':
      return ['Rejected: the number is blocked', null];
    default:
      if (call.afterHours) return ['Called after hours', 'Hung up without leaving a message'];
      return [call.choice === 'voicemail' ? 'Hung up without leaving a message' : 'Hung up at the menu', null];
  }
}
