// The owner's inbox in a real browser, against a local stack of its own (these tests change the
// calls): numbers to call back, Done and "Mark new" with the count of new calls, "Needs attention",
// notes that survive a reload, a note changed in two tabs, and no axe-core violation signed out or
// in. Each test opens fresh pages, at desktop and at phone width.
import { readFileSync } from 'fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { callSid, feedCalls, seedCalls, XSS_NAME } from '../feed/calls-fixture';
import { eventually, launchChromium, shownText, zoneWhereItIsNoon } from './browser';

const NOW = new Date();
const FIXTURE = feedCalls(NOW);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let pageErrors: string[];

const expectText = (locator: Locator, text: string | RegExp) =>
  eventually(async () =>
    typeof text === 'string' ? expect(await shownText(locator)).toBe(text) : expect(await shownText(locator)).toMatch(text),
  );

beforeAll(async () => {
  stack = await startLocalStack();
  await seedCalls(
    stack.airtableConfig,
    FIXTURE.map(({ call }) => call),
  );
  for (const { call } of FIXTURE) {
    if (call.recordingSid && call.recordingSeconds) stack.media.register(call.recordingSid, call.recordingSeconds);
  }
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

/** A page of its own, with the checks every page gets: no script error, no CSP breach. */
async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|net::ERR_FAILED/.test(message.text())) pageErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    pageErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return page;
}

/** The feed, signed in (in this tab: the session is per tab), with its calls listed. */
async function openFeed(page: Page): Promise<void> {
  await page.goto(`${stack.baseUrl}/index.html`);
  await page.fill('#password', stack.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#calls > li').first().waitFor();
}

const row = (page: Page, sid: string) => page.locator(`#calls > li[data-sid="${sid}"]`);
const newCount = async (page: Page) => Number((/^\((\d+) new\)/.exec(await page.title()) ?? [0, 0])[1]);
const storedRow = (sid: string) =>
  stack.airtable!.records(stack.airtableConfig.baseId, stack.airtableConfig.table).find((record) => record.fields['Call SID'] === sid)!
    .fields;

/**
 * axe-core's violations on the page as it is now. The page's CSP refuses an added script tag,
 * inline or from another origin, so axe's source is evaluated through the DevTools protocol, which
 * the CSP does not govern; the page's own policy stays as it is.
 */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}\n;0`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }).axe;
    const { violations } = await axe.run(document);
    return (violations as { id: string; nodes: { target: string[] }[] }[]).map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
  });
}

// Each viewport works on calls of its own, so that the runs at both widths start from the same log.
describe.each([
  { width: 1280, height: 800, calls: { done: 1, note: 3, conflict: 4 } },
  { width: 390, height: 844, calls: { done: 2, note: 6, conflict: 7 } },
])('the inbox at $width×$height', ({ width, height, calls }) => {
  beforeEach(async () => {
    pageErrors = [];
    context = await browser.newContext({ viewport: { width, height }, timezoneId: zoneWhereItIsNoon(NOW), locale: 'en-US' });
  });

  it('has no axe-core violation, signed out or signed in with calls listed', async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/index.html`);
    await page.locator('#sign-in').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await openFeed(page);
    await page.locator('#calls .play').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('makes every caller number a tel: link to the E.164 number, and withheld numbers none', async () => {
    const page = await newPage();
    await openFeed(page);
    for (const { call } of FIXTURE) {
      const links = row(page, call.callSid).locator('.who a');
      if (call.from && /^\+\d+$/.test(call.from)) {
        await expect(links.getAttribute('href')).resolves.toBe(`tel:${call.from}`);
      } else {
        expect(await links.count()).toBe(0);
      }
    }
    await expectText(row(page, callSid(1)).locator('.who a'), '+1 404-555-0101');
    // The caller-supplied name stays text, next to its number's link.
    const named = FIXTURE.find(({ call }) => call.callerName === XSS_NAME);
    if (named) expect(await row(page, named.call.callSid).locator('.who strong').innerText()).toBe(XSS_NAME);
  });

  it('marks a call done in one tap: the row says so, the new count drops, and both survive a reload', async () => {
    const page = await newPage();
    await openFeed(page);
    const sid = callSid(calls.done);
    const before = await newCount(page);
    expect(before).toBeGreaterThan(0);
    await expectText(page.locator('#new-count'), `${before} new`);
    await expectText(row(page, sid).locator('.handled .tag'), 'New');
    await row(page, sid).getByRole('button', { name: /^Done/ }).click();
    await expectText(row(page, sid).locator('.handled .tag'), 'Done');
    await expectText(page.locator('#new-count'), `${before - 1} new`);
    expect(await newCount(page)).toBe(before - 1);
    expect(storedRow(sid)['Handled At']).toEqual(expect.any(String));
    // The focus stays where the owner tapped: on the row's button, now the one that undoes it.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Mark new/);

    await page.reload();
    await page.locator('#calls > li').first().waitFor();
    await expectText(row(page, sid).locator('.handled .tag'), 'Done');
    expect(await newCount(page)).toBe(before - 1);

    // "Needs attention" lists only the new calls.
    if (!(await page.locator('#filters').evaluate((details) => (details as HTMLDetailsElement).open))) await page.click('#filters summary');
    await page.selectOption('select[name=handled]', 'false');
    await eventually(async () => {
      expect(await row(page, sid).count()).toBe(0);
      const badges = await page.locator('#calls .handled .tag').allInnerTexts();
      expect([badges.length, new Set(badges)]).toEqual([before - 1, new Set(['New'])]);
    });

    // And back: the call is new again.
    await page.selectOption('select[name=handled]', '');
    await row(page, sid)
      .getByRole('button', { name: /^Mark new/ })
      .click();
    await expectText(row(page, sid).locator('.handled .tag'), 'New');
    expect(await newCount(page)).toBe(before);
    expect(storedRow(sid)['Handled At']).toBeUndefined();
  });

  it('keeps a note on a call, as text, across a reload', async () => {
    const page = await newPage();
    await openFeed(page);
    const sid = callSid(calls.note);
    const note = `Called back at 3. ${XSS_NAME}\nSecond line`;
    await row(page, sid)
      .getByRole('button', { name: /^Add note/ })
      .click();
    await row(page, sid)
      .getByRole('textbox', { name: /^Note on the call from/ })
      .fill(note);
    await row(page, sid).getByRole('button', { name: 'Save note' }).click();
    await eventually(async () => expect(await row(page, sid).locator('.note-text').innerText()).toBe(note));
    expect(storedRow(sid).Notes).toBe(note);

    await page.reload();
    await page.locator('#calls > li').first().waitFor();
    expect(await row(page, sid).locator('.note-text').innerText()).toBe(note);
    expect(await row(page, sid).locator('.note-text img').count()).toBe(0);
    await expect(
      row(page, sid)
        .getByRole('button', { name: /^Edit note/ })
        .isVisible(),
    ).resolves.toBe(true);
  });

  it('says so when another tab changed the note first, shows both, and saves this one only when asked again', async () => {
    const [first, second] = [await newPage(), await newPage()];
    await openFeed(first);
    await openFeed(second);
    const sid = callSid(calls.conflict);
    const box = (page: Page) => row(page, sid).getByRole('textbox', { name: /^Note on the call from/ });
    for (const page of [first, second])
      await row(page, sid)
        .getByRole('button', { name: /^Add note/ })
        .click();

    await box(first).fill('Tab one: ordered the part');
    await row(first, sid).getByRole('button', { name: 'Save note' }).click();
    await eventually(async () => expect(await row(first, sid).locator('.note-text').innerText()).toBe('Tab one: ordered the part'));

    await box(second).fill('Tab two: will call Monday');
    await row(second, sid).getByRole('button', { name: 'Save note' }).click();
    await expectText(row(second, sid).locator('.note-status'), /^This note was changed in another tab\./);
    await expectText(row(second, sid).locator('.note-theirs blockquote'), 'Tab one: ordered the part');
    expect(await box(second).inputValue()).toBe('Tab two: will call Monday');
    expect(storedRow(sid).Notes).toBe('Tab one: ordered the part');

    // Having seen the other note, the owner keeps this one.
    await row(second, sid).getByRole('button', { name: 'Save note' }).click();
    await eventually(async () => expect(await row(second, sid).locator('.note-text').innerText()).toBe('Tab two: will call Monday'));
    expect(storedRow(sid).Notes).toBe('Tab two: will call Monday');
    expect(await first.locator('#error').isHidden()).toBe(true);
  });
});

// Another tab's changes arrive with the next refresh of the list, which the page makes when
// Twilio's records move (a call comes in): at desktop width only, as it waits for that refresh.
describe('the inbox in a tab left open', () => {
  beforeEach(async () => {
    pageErrors = [];
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: zoneWhereItIsNoon(NOW), locale: 'en-US' });
  });

  it("shows another tab's Done on its next refresh, leaving a note being written alone", async () => {
    const [other, open] = [await newPage(), await newPage()];
    await openFeed(other);
    await openFeed(open);
    const sid = callSid(8);
    await row(open, sid)
      .getByRole('button', { name: /^Add note/ })
      .click();
    await row(open, sid)
      .getByRole('textbox', { name: /^Note on the call from/ })
      .fill('Half-written');
    await row(other, sid).getByRole('button', { name: /^Done/ }).click();
    await expectText(row(other, sid).locator('.handled .tag'), 'Done');
    const before = await newCount(open);

    const call = await stack.call({ from: '+12125550199', gather: ['2'], record: { seconds: 6, transcript: 'Fresh message' } });
    expect(call.problems).toEqual([]);
    // The page checks every 15 s while in use and lists 6 s after news.
    await row(open, call.callSid).waitFor({ state: 'attached', timeout: 40_000 });
    await expectText(row(open, sid).locator('.handled .tag'), 'Done');
    // One call came in, one went out of "new".
    expect(await newCount(open)).toBe(before);
    expect(
      await row(open, sid)
        .getByRole('textbox', { name: /^Note on the call from/ })
        .inputValue(),
    ).toBe('Half-written');
  }, 60_000);
});
