// The feed's one secret, and the floor it must clear.
import { defineSettings, type Env, text } from '../boundary/env';
import { ConfigError } from '../boundary/errors';

export const FEED_SETTINGS = defineSettings({
  FEED_PASSWORD: { required: true },
});

// The activity feed shows callers' numbers and voicemails to whoever knows this password, over
// a public URL that answers every guess (the Functions keep no state to count failures with).
// What makes guessing hopeless is a long random password, which `npm run setup:feed` writes
// (32 base64url characters, 192 bits). A chosen one must at least be long and varied: this
// floor refuses the short, repeated and dictionary-like ones (`password1234password1234` has
// 11 different characters); it is a floor, not a measure of strength.
export const FEED_PASSWORD_MIN_LENGTH = 20;
export const FEED_PASSWORD_MIN_DISTINCT = 12;

/** Why this password is too weak for the feed, or undefined. Never quotes the value: it is a secret. */
export function feedPasswordWeakness(password: string): string | undefined {
  const characters = [...password];
  if (characters.length < FEED_PASSWORD_MIN_LENGTH) {
    return `must be at least ${FEED_PASSWORD_MIN_LENGTH} characters long (it has ${characters.length}); npm run setup:feed writes a random one`;
  }
  const distinct = new Set(characters).size;
  if (distinct < FEED_PASSWORD_MIN_DISTINCT) {
    return `must use at least ${FEED_PASSWORD_MIN_DISTINCT} different characters (it has ${distinct}); npm run setup:feed writes a random one`;
  }
  return undefined;
}

export interface FeedConfig {
  password: string;
}

export function readFeedConfig(env: Env): FeedConfig {
  const password = text(env, FEED_SETTINGS.FEED_PASSWORD);
  const weakness = feedPasswordWeakness(password);
  // The message goes to the log and names the variable, never its value.
  if (weakness) throw new ConfigError('FEED_PASSWORD', weakness);
  return { password };
}
