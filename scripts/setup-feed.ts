// `npm run setup:feed`: writes a long random FEED_PASSWORD into .env (made from .env.example
// when there is none). A random password is what makes guessing it over the public URL
// hopeless; the feed's own rule (functions/lib/feed/settings.ts) only refuses the weakest.
import { randomBytes } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { parseEnv } from 'util';
import { feedPasswordWeakness } from '../functions/lib/feed/settings';

// 24 random bytes, 192 bits: 32 base64url characters, which need no quoting in .env or a shell.
const PASSWORD_BYTES = 24;

export function randomFeedPassword(): string {
  // A random value falls below the floor (12 different characters of 32) with odds of about
  // 1 in 10^25; drawn again rather than assumed.
  for (;;) {
    const password = randomBytes(PASSWORD_BYTES).toString('base64url');
    if (!feedPasswordWeakness(password)) return password;
  }
}

/** The dotenv text with FEED_PASSWORD set to `password`, every other line as it was. */
export function withFeedPassword(text: string, password: string): string {
  const line = /^[ \t]*(?:export[ \t]+)?FEED_PASSWORD[ \t]*=.*$/m;
  if (line.test(text)) return text.replace(line, `FEED_PASSWORD=${password}`);
  return `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}FEED_PASSWORD=${password}\n`;
}

export interface SetupFeedOptions {
  envFile: string;
  exampleFile: string;
  /** Replace a password that is already strong (rotating it). */
  rotate: boolean;
}

/** What happened, in a sentence that never holds a secret. */
export function setupFeed({ envFile, exampleFile, rotate }: SetupFeedOptions): string {
  const created = !existsSync(envFile);
  const text = readFileSync(created ? exampleFile : envFile, 'utf8');
  const current = ((parseEnv(text) as Record<string, string | undefined>).FEED_PASSWORD ?? '').trim();
  if (current && !feedPasswordWeakness(current) && !rotate) {
    return `${envFile} already has a strong FEED_PASSWORD; kept it. To replace it: npm run setup:feed -- --rotate`;
  }
  // Only the owner may read the file that holds the secrets (a new file; an existing one keeps its mode).
  writeFileSync(envFile, withFeedPassword(text, randomFeedPassword()), created ? { mode: 0o600 } : {});
  const was = created ? `the file made from ${exampleFile}` : current ? 'the old one replaced' : 'it was empty';
  return [
    `${envFile}: a new random FEED_PASSWORD (${PASSWORD_BYTES * 8} bits) written (${was}).`,
    'Sign in to the feed with it (read it from .env); npm run deploy puts it live and ends every session of the old one.',
  ].join('\n');
}
