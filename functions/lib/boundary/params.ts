// Validation of webhook parameters at the boundary. Handlers declare the parameters
// they read as a schema and receive a typed, trusted object; anything else the
// request carries (Twilio adds parameters without notice) is ignored.

import { sidPattern } from '../twilio/values';
import { BadRequest } from './errors';

export type Field<T> = (raw: string | undefined, name: string) => T;
export type Schema = Record<string, Field<unknown>>;
export type Params<S extends Schema> = { [K in keyof S]: ReturnType<S[K]> };
/** The same, with a parameter that may be absent as an optional key: what a caller of a mapping may leave out. */
export type ParamsEvent<S extends Schema> = { [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]> } & {
  [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: ReturnType<S[K]>;
};

function present(raw: string | undefined, name: string): string {
  if (raw === undefined || raw === '') throw new BadRequest(`${name} is required`);
  return raw;
}

export function sid(prefix: 'CA' | 'CF' | 'RE' | 'TR' | 'SM'): Field<string> {
  const pattern = sidPattern(prefix);
  return (raw, name) => {
    const value = present(raw, name);
    if (!pattern.test(value)) throw new BadRequest(`${name} must be ${prefix} followed by 32 hexadecimal characters`);
    return value;
  };
}

export function wholeNumber(min = 0, max = Number.MAX_SAFE_INTEGER): Field<number> {
  return (raw, name) => {
    const value = present(raw, name);
    if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new BadRequest(`${name} must be a whole number from ${min} to ${max}`);
    }
    return Number(value);
  };
}

export function oneOf<T extends string>(values: readonly T[]): Field<T> {
  return (raw, name) => {
    const value = present(raw, name);
    if (!(values as readonly string[]).includes(value)) throw new BadRequest(`${name} must be one of ${values.join(', ')}`);
    return value as T;
  };
}

/** Free text from Twilio (numbers, names, transcripts): bounded, never interpreted. */
export function text(maxLength = 4096): Field<string> {
  return (raw, name) => {
    const value = present(raw, name);
    if (value.length > maxLength) throw new BadRequest(`${name} is longer than ${maxLength} characters`);
    return value;
  };
}

/**
 * Descriptive free text (a caller's name, city…): never a reason to refuse a callback, whose
 * other facts Twilio would not send again after a 4xx. Longer text is cut to `maxLength`
 * and the cut is logged.
 */
export function truncatedText(maxLength: number): Field<string> {
  return (raw, name) => {
    const value = present(raw, name);
    if (value.length <= maxLength) return value;
    console.warn(`${name} is ${value.length} characters long: kept the first ${maxLength}`);
    return value.slice(0, maxLength);
  };
}

// Recording media lives on Twilio's API host (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file).
const TWILIO_MEDIA_URL =
  /^https:\/\/api\.twilio\.com\/2010-04-01\/Accounts\/AC[0-9a-fA-F]{32}\/Recordings\/RE[0-9a-fA-F]{32}(\.(wav|mp3))?$/;

/**
 * A recording URL on Twilio's API host over https, or undefined: the call log shows it as a
 * clickable link, so any other URL (another host, credentials in it, plain http) is dropped
 * and logged rather than stored, and the callback's other facts are still written.
 */
export function twilioMediaUrl(): Field<string | undefined> {
  return (raw, name) => {
    const value = present(raw, name);
    if (TWILIO_MEDIA_URL.test(value)) return value;
    console.warn(`${name} is not a recording on https://api.twilio.com: not stored`);
    return undefined;
  };
}

// Airtable's date fields and JavaScript's Date both handle these years; outside them
// arithmetic on the date can throw a RangeError.
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

export function rfc2822Date(): Field<Date> {
  return (raw, name) => {
    const value = present(raw, name);
    const date = new Date(value);
    const time = date.getTime();
    if (Number.isNaN(time) || time < EARLIEST || time > LATEST) {
      throw new BadRequest(`${name} must be a date from the year 2000 on, such as "Fri, 20 Aug 2010 01:13:42 +0000"`);
    }
    return date;
  };
}

export function optional<T>(field: Field<T>): Field<T | undefined>;
export function optional<T>(field: Field<T>, fallback: T): Field<T>;
export function optional<T>(field: Field<T>, fallback?: T): Field<T | undefined> {
  return (raw, name) => (raw === undefined || raw === '' ? fallback : field(raw, name));
}

export function parseParams<S extends Schema>(event: Record<string, unknown>, schema: S): Params<S> {
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema)) {
    const raw = event[name];
    if (raw !== undefined && typeof raw !== 'string') throw new BadRequest(`${name} must be a single text value`);
    result[name] = field(raw, name);
  }
  return result as Params<S>;
}

/**
 * Like parseParams, for the feed's own endpoints, whose callers are ours: a parameter the schema
 * does not know is a mistake worth a 400, not something to ignore. `request` is the runtime's
 * own entry (headers and cookies).
 */
export function parseOnlyParams<S extends Schema>(event: Record<string, unknown>, schema: S): Params<S> {
  const unknown = Object.keys(event).find((key) => key !== 'request' && !Object.hasOwn(schema, key));
  if (unknown !== undefined) {
    throw new BadRequest(`Unknown parameter "${unknown.slice(0, 40)}". Known parameters: ${Object.keys(schema).join(', ')}`);
  }
  return parseParams(event, schema);
}
