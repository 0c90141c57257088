// Blocking a number from its row, in a real browser against a local stack of its own: the owner
// confirms, the row offers Unblock, the number's next simulated call is rejected before the
// menu, alerts nobody, and is listed as Blocked under the Blocked filter. At desktop and at
// phone width, each with a caller of its own.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { eventually, launchChromium, shownText } from './browser';

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let pageErrors: string[];
let dialogs: string[];

beforeAll(async () => {
  stack = await startLocalStack();
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

/** A page that accepts the confirmation it asks for (and records it), with no script error or CSP breach. */
async function newPage(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|net::ERR_FAILED/.test(message.text())) pageErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.accept();
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return page;
}

async function openFeed(page: Page): Promise<void> {
  await page.goto(`${stack.baseUrl}/index.html`);
  await page.fill('#password', stack.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#calls > li').first().waitFor();
}

/** The number as the page writes it (its button's name ends with it). */
const local = (number: string) => `+1 ${number.slice(2, 5)}-${number.slice(5, 8)}-${number.slice(8)}`;
const row = (page: Page, sid: string) => page.locator(`#calls > li[data-sid="${sid}"]`);
const storedRow = (sid: string) =>
  stack.airtable!.records(stack.airtableConfig.baseId, stack.airtableConfig.table).find((record) => record.fields['Call SID'] === sid)!
    .fields;

describe.each([
  { width: 1280, height: 800, caller: '+14045550131' },
  { width: 390, height: 844, caller: '+14045550132' },
])('blocking at $width×$height', ({ width, height, caller }) => {
  beforeEach(async () => {
    pageErrors = [];
    dialogs = [];
    context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  });

  it('blocks a number from its row: its next call is rejected, alerts nobody, and is listed under Blocked', async () => {
    const first = await stack.call({ from: caller, gather: ['2'], record: { seconds: 6, end: '#' } });
    const page = await newPage();
    await openFeed(page);
    const button = row(page, first.callSid).locator('[data-part=block] button');
    expect(await shownText(button)).toBe(`Block ${local(caller)}`);
    await button.click();
    await eventually(async () =>
      expect(await shownText(row(page, first.callSid).locator('[data-part=block] button'))).toBe(`Unblock ${local(caller)}`),
    );
    expect(dialogs).toEqual([expect.stringMatching(/^confirm: Block \+1 404-555-013\d\? /)]);

    const next = await stack.call({ from: caller, gather: ['1'] });
    expect(next.transcript.join('\n')).toMatch(/Twilio rejects the call/);
    expect(storedRow(next.callSid)).toMatchObject({ Choice: 'blocked' });
    expect(stack.media.messages().filter((m) => m.body.includes(next.callSid))).toEqual([]);

    // At phone width the filters start folded away.
    if ((await page.locator('#filters').getAttribute('open')) === null) await page.click('#filters > summary');
    await page.selectOption('select[name=outcome]', 'blocked');
    await eventually(async () => {
      const sids = await page.locator('#calls > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-sid')));
      expect(sids).toContain(next.callSid);
      expect(sids).not.toContain(first.callSid);
    }, 10_000);
    expect(await shownText(row(page, next.callSid).locator('.badge').first())).toBe('Blocked');
    expect(await shownText(row(page, next.callSid).locator('[data-part=what]'))).toMatch(/^Rejected: the number is blocked/);
    // The blocked call's row offers to unblock the number.
    expect(await shownText(row(page, next.callSid).locator('[data-part=block] button'))).toBe(`Unblock ${local(caller)}`);
  });
});
