// The line's business hours: the variables /menu decides by and reconcile judges calls by.
import { defineSettings, type Env, optionalText } from '../boundary/env';
import { ConfigError } from '../boundary/errors';
import { type BusinessHours, checkTimeZone, parseClosedDates, parseOpenHours } from './hours';

export const HOURS_SETTINGS = defineSettings({
  // Needed when OPEN_HOURS or CLOSED_DATES is set.
  TIME_ZONE: { fallback: '' },
  OPEN_HOURS: { fallback: '' },
  CLOSED_DATES: { fallback: '' },
});

/** The line's hours, or null when it is always open (neither OPEN_HOURS nor CLOSED_DATES set). */
export function readBusinessHours(env: Env): BusinessHours | null {
  const openHours = optionalText(env, HOURS_SETTINGS.OPEN_HOURS);
  const closedDates = optionalText(env, HOURS_SETTINGS.CLOSED_DATES);
  if (!openHours && !closedDates) return null;
  const variable = openHours ? 'OPEN_HOURS' : 'CLOSED_DATES';
  const timeZone = optionalText(env, HOURS_SETTINGS.TIME_ZONE);
  if (!timeZone) throw new ConfigError('TIME_ZONE', `is not set; ${variable} needs it (an IANA name such as America/New_York)`);
  return { timeZone: checkTimeZone(timeZone), open: parseOpenHours(openHours), closedDates: parseClosedDates(closedDates) };
}

/**
 * The hours /menu judged calls by: a mistake in them kept the line open there (it is reported
 * to `onProblem`), so for reconcile no call counts as closed either.
 */
export function readHoursAsTheMenuDid(env: Env, onProblem: (err: ConfigError) => void): BusinessHours | null {
  try {
    return readBusinessHours(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    onProblem(err);
    return null;
  }
}
