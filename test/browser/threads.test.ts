// One caller, one thread, and search, in a real browser against the local stack, at desktop and
// phone width, each test on a fresh page: a caller's repeat calls grouped under the latest
// ("3 calls today") and opened, the history of a number from its row, search by a word of a
// message and by name, and the list emptied while a search loads.
import { readFileSync } from 'fs';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import type { CallRecord } from '../../functions/lib/calls/record';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { callSid, feedCalls, recordingSid, seedCalls } from '../feed/calls-fixture';
import { eventually, launchChromium, shownText, zoneWhereItIsNoon } from './browser';

const NOW = new Date();
const FIXTURE = feedCalls(NOW).map(({ call }) => call);
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const MARIA = '+15125550123';
// Maria rang three times today: a voicemail about the sofa, a missed call, then a hang-up.
const THREAD: CallRecord[] = [
  { callSid: callSid(0x4001), startedAt: ago(3), from: MARIA, callerName: 'MARIA LOPEZ', callStatus: 'completed', durationSeconds: 5 },
  {
    callSid: callSid(0x4002),
    startedAt: ago(40),
    from: MARIA,
    callerName: 'MARIA LOPEZ',
    choice: 'forward',
    forwardedTo: '+15005550006',
    forwardStatus: 'no-answer',
    callStatus: 'completed',
    durationSeconds: 30,
  },
  {
    callSid: callSid(0x4003),
    startedAt: ago(140),
    from: MARIA,
    callerName: 'MARIA LOPEZ',
    choice: 'voicemail',
    callStatus: 'completed',
    durationSeconds: 40,
    recordingSid: recordingSid(0x4003),
    recordingSeconds: 25,
    recordingStatus: 'completed',
    transcriptionStatus: 'completed',
    transcript: 'Hi, it is Maria about the blue sofa delivery, is Thursday still fine?',
  },
];
// More withheld callers: withheld numbers are nobody's, never one thread.
const WITHHELD: CallRecord[] = [
  { callSid: callSid(0x4004), startedAt: ago(50), from: 'anonymous', callStatus: 'completed', durationSeconds: 4 },
  // ANONYMOUS spelled on the keypad: how some networks pass a withheld caller ID on.
  { callSid: callSid(0x4005), startedAt: ago(55), from: '+266696687', callStatus: 'completed', durationSeconds: 4 },
  { callSid: callSid(0x4006), startedAt: ago(65), from: '+266696687', callStatus: 'completed', durationSeconds: 7 },
];
const [LATEST, MIDDLE, FIRST] = THREAD.map((call) => call.callSid);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

const row = (sid: string) => page.locator(`#calls > li[data-sid="${sid}"]`);
const sidsInOrder = () => page.locator('#calls > li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.sid));
const visibleSids = () =>
  page.locator('#calls > li:not([hidden])').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.sid));
const expectText = (locator: Locator, text: string | RegExp) =>
  eventually(async () =>
    typeof text === 'string' ? expect(await shownText(locator)).toBe(text) : expect(await shownText(locator)).toMatch(text),
  );

beforeAll(async () => {
  stack = await startLocalStack();
  await seedCalls(stack.airtableConfig, [...FIXTURE, ...THREAD, ...WITHHELD]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

afterEach(async () => {
  await context?.close();
  expect(pageErrors).toEqual([]);
});

/** axe-core's violations, its source evaluated through the DevTools protocol, which the page's CSP does not govern. */
async function axeViolations(): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}\n;0`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe;
    const { violations } = await axe.run(document);
    return (violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
}

/** A fresh page of its own, with the checks every page gets: no script error, no CSP breach. */
async function newPage(width: number, height: number): Promise<void> {
  pageErrors = [];
  context = await browser.newContext({ viewport: { width, height }, timezoneId: zoneWhereItIsNoon(NOW), locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|net::ERR_FAILED/.test(message.text())) pageErrors.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`));
  });
}

async function openFeed(on: LocalStack = stack): Promise<void> {
  await page.goto(`${on.baseUrl}/index.html`);
  await page.fill('#password', on.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#calls > li').first().waitFor();
}

describe.each([
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
])('threads and search at $width×$height', ({ width, height }) => {
  beforeEach(() => newPage(width, height));

  it('has no axe-core violation with a thread open, a search typed and the history shown', async () => {
    await openFeed();
    await row(LATEST).locator('.thread-toggle').click();
    await page.fill('#search', 'm');
    await page
      .locator('#search-error')
      .filter({ hasText: /Search/ })
      .waitFor();
    await page.fill('#search', '');
    await row(LATEST).locator('.thread-toggle').waitFor();
    expect(await axeViolations()).toEqual([]);
    await row(LATEST)
      .getByRole('button', { name: /^History/ })
      .click();
    await page.getByRole('dialog').locator('.history-call').first().waitFor();
    expect(await axeViolations()).toEqual([]);
  });

  it('groups a caller\'s calls under the latest, "3 calls today", and opens the thread to show the earlier ones below it', async () => {
    await openFeed();
    // Seen as "▸ 3 calls today"; heard as "3 calls today from MARIA LOPEZ".
    const toggle = row(LATEST).getByRole('button', { name: '3 calls today from MARIA LOPEZ', exact: true });
    await expectText(toggle, /^▸ 3 calls today\b/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await row(MIDDLE).isHidden()).toBe(true);
    expect(await row(FIRST).isHidden()).toBe(true);
    expect((await visibleSids()).filter((sid) => THREAD.some((call) => call.callSid === sid))).toEqual([LATEST]);

    await toggle.click();
    await eventually(async () => expect(await toggle.getAttribute('aria-expanded')).toBe('true'));
    expect(await row(MIDDLE).isVisible()).toBe(true);
    expect(await row(FIRST).isVisible()).toBe(true);
    // The latest on top, the earlier ones right below it, newest first.
    const order = await sidsInOrder();
    expect(order.slice(order.indexOf(LATEST), order.indexOf(LATEST) + 3)).toEqual([LATEST, MIDDLE, FIRST]);
    await expectText(row(FIRST).locator('blockquote'), /blue sofa/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    await toggle.click();
    await eventually(async () => expect(await row(MIDDLE).isHidden()).toBe(true));
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // Over more than today: "2 calls". Withheld callers stay apart, with no thread and no history.
    await expectText(row(callSid(1)).getByRole('button', { name: '2 calls from ACME CORP', exact: true }), /^▸ 2 calls\b/);
    expect(await row(callSid(9)).isHidden()).toBe(true);
    for (const sid of [callSid(5), ...WITHHELD.map((call) => call.callSid)]) {
      expect(await row(sid).isVisible()).toBe(true);
      expect(await row(sid).locator('.thread-toggle, .history-open').count()).toBe(0);
    }
  });

  it("opens the caller's history from a row, by keyboard, and gives the focus back when it closes", async () => {
    await openFeed();
    const history = row(callSid(1)).getByRole('button', { name: 'History of calls from ACME CORP' });
    await history.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Calls from ACME CORP/ });
    await dialog.waitFor();
    await expectText(dialog.locator('.history-status'), '2 calls, newest first, that is all of them');
    expect(await dialog.locator('.history-call').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.sid))).toEqual([
      callSid(1),
      callSid(9),
    ]);
    await expectText(dialog.locator('.history-call[aria-current=true] .history-when'), /this call$/);
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await history.evaluate((button) => button === document.activeElement)).toBe(true);

    // From an earlier call of a thread too: the history holds every call of the number.
    await row(LATEST).locator('.thread-toggle').click();
    await row(FIRST)
      .getByRole('button', { name: /^History/ })
      .click();
    const maria = page.getByRole('dialog', { name: /^Calls from MARIA LOPEZ/ });
    await expectText(maria.locator('.history-status'), '3 calls, newest first, that is all of them');
    await expectText(maria.locator('.history-call[aria-current=true]'), /blue sofa/);
    await maria.getByRole('button', { name: 'Close' }).click();
    await maria.waitFor({ state: 'hidden' });
  });

  it("opens the thread of an earlier call an alert links to, and focuses that call's row", async () => {
    await page.goto(`${stack.baseUrl}/index.html#call=${MIDDLE}`);
    await page.fill('#password', stack.env.FEED_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await eventually(async () => expect(await row(MIDDLE).getAttribute('class')).toMatch(/\blinked\b/));
    expect(await row(MIDDLE).isVisible()).toBe(true);
    expect(await row(LATEST).locator('.thread-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sid'))).toBe(MIDDLE);
  });

  it('finds a call by a word of its message', async () => {
    await openFeed();
    await page.fill('#search', 'SOFA');
    await eventually(async () => expect(await sidsInOrder()).toEqual([FIRST]));
    await expectText(row(FIRST).locator('blockquote'), /blue sofa delivery/);
    await page.fill('#search', 'print shop');
    await eventually(async () => expect(await sidsInOrder()).toEqual([callSid(2)]));
  });

  it('finds calls by name, grouped as one thread, and says when nothing matches', async () => {
    await openFeed();
    await page.fill('#search', 'maria');
    await eventually(async () => expect(await sidsInOrder()).toEqual([LATEST, MIDDLE, FIRST]));
    expect(await visibleSids()).toEqual([LATEST]);
    await expectText(row(LATEST).locator('.thread-toggle'), /^▸ 3 calls today\b/);
    await page.fill('#search', 'nobody by this name');
    await expectText(page.locator('#empty'), 'No calls match this search. Try other words or fewer digits, or clear the search.');
  });

  it('empties the list while a search loads, and ignores the late answer of an earlier search', async () => {
    await openFeed();
    const held: Route[] = [];
    await page.route('**/calls?*q=maria*', (route) => {
      held.push(route);
    });
    await page.fill('#search', 'maria');
    await eventually(() => expect(held).toHaveLength(1));
    await expectText(page.locator('#loading'), 'Searching…');
    expect(await page.locator('#calls > li').count()).toBe(0);

    // A new search while the first is still out: its answer is the list, the older one's is dropped.
    await page.fill('#search', 'sofa');
    await eventually(async () => expect(await sidsInOrder()).toEqual([FIRST]));
    await held[0].continue();
    await page.waitForTimeout(500);
    expect(await sidsInOrder()).toEqual([FIRST]);
    await page.unroute('**/calls?*q=maria*');
  });

  it("shows the service's refusal of a search under the box, not as an error banner", async () => {
    await openFeed();
    await page.fill('#search', 'm');
    await expectText(
      page.locator('#search-error'),
      'Search (q) takes 2 to 100 characters: a name, part of a number, or words of a message',
    );
    expect(await page.locator('#search').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error').isHidden()).toBe(true);
    await page.fill('#search', 'ma');
    await eventually(async () => expect(await sidsInOrder()).toEqual([LATEST, MIDDLE, FIRST]));
    expect(await shownText(page.locator('#search-error'))).toBe('');
  });
});

// A call comes in from a caller with a thread open: on a stack of its own, as it adds a call, and on
// the page's own running clock, which the page's schedule needs.
describe('a thread while its caller rings again', () => {
  let changing: LocalStack;
  beforeAll(async () => {
    changing = await startLocalStack();
    await seedCalls(changing.airtableConfig, [...FIXTURE, ...THREAD, ...WITHHELD]);
  }, 120_000);
  afterAll(() => changing?.stop());
  beforeEach(() => newPage(1280, 800));

  it('puts the new call on top of the thread, "4 calls today", keeping the thread open and the scroll where it was', async () => {
    await openFeed(changing);
    const toggle = row(LATEST).locator('.thread-toggle');
    await toggle.click();
    await eventually(async () => expect(await row(FIRST).isVisible()).toBe(true));
    // Scroll so that the missed call is the first row below the sticky top bar.
    await row(callSid(3)).evaluate((li) => {
      const topbar = document.querySelector('.topbar')!.getBoundingClientRect().bottom;
      window.scrollTo(0, li.getBoundingClientRect().top + window.scrollY - topbar);
    });
    const before = await row(callSid(3)).evaluate((li) => li.getBoundingClientRect().top);

    const call = await changing.call({
      from: MARIA,
      callerName: 'MARIA LOPEZ',
      gather: ['2'],
      record: { seconds: 6, transcript: 'Me again' },
    });
    expect(call.problems).toEqual([]);
    // The page checks every 15 s while in use and lists 6 s after news.
    await row(call.callSid).waitFor({ state: 'attached', timeout: 40_000 });
    const head = row(call.callSid).getByRole('button', { name: '4 calls today from MARIA LOPEZ', exact: true });
    await eventually(async () => expect(await head.getAttribute('aria-expanded')).toBe('true'));
    const order = await sidsInOrder();
    expect(order.slice(order.indexOf(call.callSid), order.indexOf(call.callSid) + 4)).toEqual([call.callSid, LATEST, MIDDLE, FIRST]);
    expect(await row(LATEST).locator('.thread-toggle').count()).toBe(0);
    expect(await row(LATEST).isVisible()).toBe(true);
    expect(await row(callSid(3)).evaluate((li) => li.getBoundingClientRect().top)).toBeCloseTo(before, 0);
  }, 60_000);
});
