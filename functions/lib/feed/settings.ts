// The feed's one secret.
import { defineSettings, text, type Env } from '../boundary/env';
import { ConfigError } from '../boundary/errors';

export const FEED_SETTINGS = defineSettings({
  FEED_PASSWORD: { required: true },
});

// The activity feed shows callers' numbers and voicemails to whoever knows this password,
// so a short one would be guessable over the public URL: the feed refuses to run with it.
const FEED_PASSWORD_MIN_LENGTH = 12;

export interface FeedConfig {
  password: string;
}

export function readFeedConfig(env: Env): FeedConfig {
  const password = text(env, FEED_SETTINGS.FEED_PASSWORD);
  if (password.length < FEED_PASSWORD_MIN_LENGTH) {
    // Never echo the value: it is a secret, and this message goes to the log.
    throw new ConfigError('FEED_PASSWORD', `must be at least ${FEED_PASSWORD_MIN_LENGTH} characters long (it has ${password.length})`);
  }
  return { password };
}
