// The feed says when the scheduled reconcile last healed the log, and warns when it stopped: in
// a real browser against the whole local stack, the marker row written as a scheduled run
// writes it, the page's clock Playwright's. Each test opens the page afresh.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { markScheduledRun } from '../../functions/lib/store/schedule-marker';
import { readScheduleTable } from '../../functions/lib/store/settings';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { eventually, launchChromium, shownText, zoneWhereItIsNoon } from './browser';

const MIN = 60_000;
let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const note = () => page.locator('#scheduled-healing');
const scheduledRun = (minutesAgo: number) =>
  markScheduledRun(stack.airtableConfig, readScheduleTable(stack.env), new Date(Date.now() - minutesAgo * MIN));

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

async function signIn(): Promise<void> {
  await page.goto(`${stack.baseUrl}/index.html`);
  await page.fill('#password', stack.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#feed').waitFor({ state: 'visible' });
}

describe('scheduled healing on the page', () => {
  // First: the local stack's base starts with an empty marker table.
  it('says neutrally that no scheduled run was recorded', async () => {
    await signIn();
    await eventually(async () => expect(await shownText(note())).toMatch(/^No scheduled healing recorded yet/), 15_000);
    await expect(note().getAttribute('class')).resolves.not.toMatch(/stopped/);
  }, 60_000);

  it('shows when the schedule last healed, and warns once it has not for five hours', async () => {
    await scheduledRun(80);
    await signIn();
    await eventually(async () => expect(await shownText(note())).toBe('Healed on schedule 1 h 20 min ago.'), 15_000);
    // The page stays open; no scheduled run comes. It asks again before it warns.
    const askedAgain = page.waitForRequest((request) => new URL(request.url()).searchParams.get('include') === 'lastScheduledRun', {
      timeout: 15_000,
    });
    await page.clock.fastForward(4 * 60 * MIN);
    await askedAgain;
    await eventually(
      async () =>
        expect(await shownText(note())).toMatch(/^Scheduled healing stopped: last ran .+, 5 h 20 min ago\. See docs\/reconcile\.md/),
      15_000,
    );
    await expect(note().getAttribute('class')).resolves.toMatch(/stopped/);
  }, 60_000);

  it('warns at once on a page opened after the schedule stopped', async () => {
    await scheduledRun(6 * 60 + 5);
    await signIn();
    await eventually(
      async () => expect(await shownText(note())).toMatch(/^Scheduled healing stopped: last ran .+, 6 h 5 min ago\./),
      15_000,
    );
  }, 60_000);
});
