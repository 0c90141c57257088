// npm run setup:feed writes a long random FEED_PASSWORD into .env, and prints no secret.
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseEnv } from 'util';
import { feedPasswordWeakness } from '../../functions/lib/feed/settings';

const ROOT = join(__dirname, '..', '..');
const example = readFileSync(join(ROOT, '.env.example'), 'utf8');

const setup = (envFile: string, ...args: string[]) =>
  execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'setup-feed.js'), '--env', envFile, ...args], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
const read = (envFile: string) => parseEnv(readFileSync(envFile, 'utf8')) as Record<string, string>;
const tempEnv = () => join(mkdtempSync(join(tmpdir(), 'setup-feed-')), '.env');

it('creates .env from .env.example with a random 32-character password, readable by the owner only', () => {
  const envFile = tempEnv();
  const printed = setup(envFile);
  const { FEED_PASSWORD, ...rest } = read(envFile);
  expect(FEED_PASSWORD).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(feedPasswordWeakness(FEED_PASSWORD)).toBeUndefined();
  expect(rest).toEqual(Object.fromEntries(Object.entries(parseEnv(example)).filter(([name]) => name !== 'FEED_PASSWORD')));
  expect(readFileSync(envFile, 'utf8').replace(/^FEED_PASSWORD=.*$/m, 'FEED_PASSWORD=')).toBe(example);
  expect(statSync(envFile).mode & 0o777).toBe(0o600);
  expect(printed).toMatch(/a new random FEED_PASSWORD \(192 bits\) written/);
  expect(printed).not.toContain(FEED_PASSWORD);
});

it('keeps a strong password unless asked to rotate it; a new one each time', () => {
  const envFile = tempEnv();
  setup(envFile);
  const first = read(envFile).FEED_PASSWORD;
  expect(setup(envFile)).toMatch(/already has a strong FEED_PASSWORD; kept it/);
  expect(read(envFile).FEED_PASSWORD).toBe(first);
  const printed = setup(envFile, '--rotate');
  const second = read(envFile).FEED_PASSWORD;
  expect(second).not.toBe(first);
  expect(feedPasswordWeakness(second)).toBeUndefined();
  expect(printed).toMatch(/the old one replaced/);
  expect(printed).not.toContain(second);
});

it('replaces a weak password in an existing .env, leaving every other line alone and unprinted', () => {
  const envFile = tempEnv();
  const lines = [
    '# mine',
    'AIRTABLE_TOKEN=patSecret.value',
    'FEED_PASSWORD="password1234"',
    'SENDGRID_API_KEY=SG.secret',
    'GREETING="Hi there"',
    '',
  ];
  writeFileSync(envFile, lines.join('\n'));
  const printed = setup(envFile);
  const after = readFileSync(envFile, 'utf8').split('\n');
  expect(after.filter((line) => !line.startsWith('FEED_PASSWORD='))).toEqual(lines.filter((line) => !line.startsWith('FEED_PASSWORD=')));
  expect(feedPasswordWeakness(read(envFile).FEED_PASSWORD)).toBeUndefined();
  for (const secret of ['patSecret', 'SG.secret', 'password1234']) expect(printed).not.toContain(secret);
});

it('adds the password to a .env that has no FEED_PASSWORD line', () => {
  const envFile = tempEnv();
  writeFileSync(envFile, 'GREETING=Hello');
  setup(envFile);
  expect(readFileSync(envFile, 'utf8')).toMatch(/^GREETING=Hello\nFEED_PASSWORD=[A-Za-z0-9_-]{32}\n$/);
});
