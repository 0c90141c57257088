// npm run check:config (run by npm run deploy first) refuses a .env the deployed Functions could
// not run on; the local runtime warns about the same limits and refuses the same weak password.
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { feedPasswordWeakness } from '../../functions/lib/feed/settings';
import { configProblems } from '../../scripts/config/check';
import { ALL_SETTINGS } from '../../scripts/config/settings';
import { LOCAL_DEFAULTS, startLocalStack } from '../../scripts/local-stack';

const ROOT = join(__dirname, '..', '..');
const READY = {
  FORWARD_TO: '+14155550123',
  TWILIO_NUMBER: '+14155550100',
  AIRTABLE_TOKEN: 'patExample.secret',
  AIRTABLE_BASE_ID: 'appExample0000001',
  FEED_PASSWORD: 'a long enough feed password',
  ACCOUNT_SID: `AC${'1'.repeat(32)}`,
  AUTH_TOKEN: '2'.repeat(32),
};

it('goes by every declared setting: the same names as docs/configuration.md', () => {
  const documented = [...readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8').matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map(
    ([, name]) => name,
  );
  expect(ALL_SETTINGS.map((setting) => setting.name).sort()).toEqual(documented.sort());
});

it('accepts a complete .env within the limits', () => {
  expect(configProblems(READY)).toEqual([]);
});

it('names a required setting without a value', () => {
  expect(configProblems({ ...READY, FORWARD_TO: ' ', AIRTABLE_TOKEN: '' })).toEqual([
    'FORWARD_TO is required and not set.',
    'AIRTABLE_TOKEN is required and not set.',
  ]);
});

it.each([
  ['password1234', 'FEED_PASSWORD must be at least 20 characters long (it has 12); npm run setup:feed writes a random one.'],
  [
    'password1234password1234',
    'FEED_PASSWORD must use at least 12 different characters (it has 11); npm run setup:feed writes a random one.',
  ],
])('refuses the weak feed password %s without quoting it, as the feed would', (password, problem) => {
  expect(configProblems({ ...READY, FEED_PASSWORD: password })).toEqual([problem]);
});

it('refuses a value over 450 bytes, counted in bytes, naming the variable and its size', () => {
  // 226 characters, 452 bytes in UTF-8.
  const greeting = 'é'.repeat(226);
  expect(configProblems({ ...READY, GREETING: greeting, VOICEMAIL_PROMPT: 'x'.repeat(450) })).toEqual([
    'GREETING is 452 bytes; a Functions environment variable holds at most 450 bytes.',
  ]);
});

it('refuses a context over 3 KB although each value fits, naming the largest variables', () => {
  const long = (n: number) => 'x'.repeat(n);
  const env = {
    ...READY,
    GREETING: long(440),
    MENU_PROMPT: long(440),
    VOICEMAIL_PROMPT: long(440),
    CLOSED_GREETING: long(440),
    OPEN_HOURS: long(420),
    CLOSED_DATES: long(430),
  };
  const problems = configProblems(env);
  expect(problems).toHaveLength(1);
  // A variable counts as it appears in the JSON string: "NAME":"value",
  expect(problems[0]).toBe(
    'The Functions context would be 3185 bytes, over 3000 (Twilio error 82006: invocations may fail); shorten the largest: VOICEMAIL_PROMPT (462 bytes), CLOSED_GREETING (461 bytes), MENU_PROMPT (457 bytes).',
  );
  // The Twilio credentials are not uploaded, so they count once, as Twilio's own.
  expect(configProblems({ ...READY, AUTH_TOKEN: long(2000) })).toEqual([]);
});

it('exits 1 with the problems, before anything is deployed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-config-'));
  const envFile = join(dir, '.env');
  const lines = Object.entries({ ...READY, GREETING: 'x'.repeat(500), FEED_PASSWORD: 'password1234' }).map(
    ([name, value]) => `${name}=${value}`,
  );
  writeFileSync(envFile, lines.join('\n'));
  let failure: { status: number; stderr: string } | undefined;
  try {
    execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'check-config.js'), '--env', envFile], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (err) {
    failure = err as { status: number; stderr: string };
  }
  expect(failure?.status).toBe(1);
  expect(failure?.stderr).toContain('GREETING is 500 bytes; a Functions environment variable holds at most 450 bytes.');
  expect(failure?.stderr).toContain('FEED_PASSWORD must be at least 20 characters long (it has 12)');
  expect(failure?.stderr).not.toContain('password1234');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.deploy).toMatch(/^npm run check:config && /);
});

it('npm start refuses a weak FEED_PASSWORD before starting anything, naming it but not its value', () => {
  let failure: { status: number; stderr: string; stdout: string } | undefined;
  try {
    // The environment wins over .env in npm start, so this is what a weak .env line does too.
    execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'start.js')], {
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, FEED_PASSWORD: 'password1234password1234' },
      timeout: 30_000,
    });
  } catch (err) {
    failure = err as { status: number; stderr: string; stdout: string };
  }
  expect(failure?.status).toBe(1);
  expect(failure?.stderr).toContain('FEED_PASSWORD must use at least 12 different characters (it has 11)');
  expect(`${failure?.stdout}${failure?.stderr}`).not.toContain('password1234');
  expect(failure?.stdout).not.toContain('Phone line running');
});

it('the local stack refuses a weak FEED_PASSWORD, and its own default is strong', async () => {
  await expect(startLocalStack({ env: { FEED_PASSWORD: 'local-feed-password' } })).rejects.toThrow(
    'FEED_PASSWORD must be at least 20 characters long (it has 19); npm run setup:feed writes a random one.',
  );
  expect(feedPasswordWeakness(LOCAL_DEFAULTS.FEED_PASSWORD)).toBeUndefined();
});

it('the local runtime warns about a value over the limit', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const stack = await startLocalStack({ env: { GREETING: 'x'.repeat(460) } });
  await stack.stop();
  expect(warn.mock.calls.flat()).toContain(
    '[config] GREETING is 460 bytes; a Functions environment variable holds at most 450 bytes. Deployed, this would fail.',
  );
  warn.mockRestore();
}, 90_000);
