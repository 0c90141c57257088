// The list allowance (assets/feed/schedule.js) in a real browser against the whole local stack,
// the page's clock Playwright's: the first news is listed by itself, news past the allowance
// is announced and listed at the owner's click.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sleep } from '../../functions/lib/runtime/timing';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { launchChromium, zoneWhereItIsNoon } from './browser';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stack = await startLocalStack();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: zoneWhereItIsNoon(), locale: 'en-US' });
  page = await context.newPage();
  await page.clock.install();
});
afterEach(() => context?.close());

const row = (callSid: string) => page.locator(`#calls > li[data-sid="${callSid}"]`);
const news = () => page.locator('#show-news');

/** Moves the page's clock on a second at a time (with real time for its requests) until `done`, or `seconds` have passed. */
async function runUntil(done: () => Promise<boolean>, seconds: number): Promise<boolean> {
  for (let s = 0; s < seconds; s++) {
    if (await done()) return true;
    await page.clock.runFor(1000);
    await sleep(60);
  }
  return done();
}

/** A caller who hangs up in the menu: a row, and no alert to list it again. */
const hangUp = (n: number) => stack.call({ from: `+1470555${String(2000 + n)}`, gather: ['hangup'] });

it('lists the first two calls by itself, then says "New calls" and lists the third at the click', async () => {
  await page.goto(`${stack.baseUrl}/index.html`);
  await page.fill('#password', stack.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#feed').waitFor({ state: 'visible' });
  await page.locator('#empty').waitFor({ state: 'visible' });

  for (const n of [1, 2]) {
    const call = await hangUp(n);
    expect(call.problems).toEqual([]);
    expect(await runUntil(async () => (await row(call.callSid).count()) === 1, 90)).toBe(true);
    expect(await news().isHidden()).toBe(true);
  }

  const third = await hangUp(3);
  expect(third.problems).toEqual([]);
  // The allowance is spent: the page says so instead of listing.
  expect(await runUntil(() => news().isVisible(), 90)).toBe(true);
  expect(await row(third.callSid).count()).toBe(0);
  await news().click();
  expect(await runUntil(async () => (await row(third.callSid).count()) === 1, 10)).toBe(true);
  expect(await news().isHidden()).toBe(true);
}, 120_000);
