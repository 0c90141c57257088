// Reading the Environment's variables (the function context). Each domain declares the
// variables it reads in its own settings module (`defineSettings`), with their defaults and
// whether `npm run deploy` needs them; docs/configuration.md and .env.example are checked
// against those declarations by a test. Every problem names the variable to fix.
import { ConfigError } from './errors';

export type Env = Record<string, unknown>;

/** One environment variable: its name, its default, and whether the owner must set it. */
export interface Setting {
  readonly name: string;
  /** The value used when the variable is empty; absent when there is none. */
  readonly fallback?: string;
  /** The owner must set it before deploying (`required: true` in .env.example). */
  readonly required: boolean;
}

interface Declaration {
  fallback?: string;
  required?: boolean;
}

/**
 * A domain's variables, keyed by name.
 *
 * @example
 * export const VOICE_SETTINGS = defineSettings({ GREETING: { fallback: 'Thanks for calling.' } });
 * text(env, VOICE_SETTINGS.GREETING); // 'Thanks for calling.' when GREETING is empty
 */
export function defineSettings<K extends string>(declared: Record<K, Declaration>): { readonly [N in K]: Setting } {
  const entries = Object.entries<Declaration>(declared).map(([name, { fallback, required = false }]) => [
    name,
    { name, fallback, required },
  ]);
  return Object.fromEntries(entries) as { [N in K]: Setting };
}

export const isSet = (env: Env, setting: Setting): boolean =>
  typeof env[setting.name] === 'string' && (env[setting.name] as string).trim() !== '';

/** The trimmed value, else the declared default, else '' for an optional one; a required one without a value throws. */
export function text(env: Env, setting: Setting): string {
  const raw = env[setting.name];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value) return value;
  if (setting.fallback !== undefined) return setting.fallback;
  throw new ConfigError(setting.name, 'is not set');
}

/** Like `text`, but '' rather than an error when the variable is empty and has no default. */
export const optionalText = (env: Env, setting: Setting): string => (isSet(env, setting) ? text(env, setting) : (setting.fallback ?? ''));

/** A URL that is only a scheme and host: the base the clients append their own paths to. */
export function origin(env: Env, setting: Setting): string {
  const value = optionalText(env, setting);
  if (value && !/^https?:\/\/[^/]+$/.test(value)) {
    throw new ConfigError(setting.name, `must be a scheme and host with no path or trailing slash (got "${value}")`);
  }
  return value;
}

export function integer(env: Env, setting: Setting, min: number, max: number, fallback = setting.fallback): number {
  const raw = text(env, { ...setting, fallback });
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(setting.name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

/** `true` or `false` (any case), else a ConfigError naming the variable. */
export function flag(env: Env, setting: Setting): boolean {
  const raw = text(env, setting).toLowerCase();
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(setting.name, `must be true or false (got "${raw}")`);
  return raw === 'true';
}

/**
 * A list of values separated by commas or spaces, each checked against `pattern`, without
 * repeats. Empty entries (a trailing comma, two commas in a row) are ignored, never refused.
 */
export function list(env: Env, setting: Setting, pattern: RegExp, what: string): string[] {
  const values = optionalText(env, setting)
    .split(/[\s,]+/)
    .filter(Boolean);
  if (values.length === 0) throw new ConfigError(setting.name, 'is not set');
  const bad = values.find((value) => !pattern.test(value));
  if (bad !== undefined) throw new ConfigError(setting.name, `must be ${what}, separated by commas (got "${bad}")`);
  return [...new Set(values)];
}

export const PHONE_NUMBERS = 'phone numbers in E.164 form such as +14155550123';
