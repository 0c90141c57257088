// Calling a caller back from the feed, in a real browser against a local stack of its own: the
// row's Call back, the confirm step listing the owner's phones, and then what Twilio's REST
// stand-in saw (the owner's phone rung from the business number, then, once it answered, the
// caller dialled with the business number as caller ID), the row saying so and the call handled.
// A number that must not be called back is refused in words on the row. Each test opens a fresh
// page, at desktop and at phone width.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CallRecord } from '../../functions/lib/calls/record';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { callSid, feedCalls, seedCalls } from '../feed/calls-fixture';
import { eventually, launchChromium, shownText, zoneWhereItIsNoon } from './browser';

const NOW = new Date();
const OWNER_PHONES = ['+15005550006', '+14155550190'];
const PREMIUM: CallRecord = {
  callSid: callSid(0x900),
  startedAt: new Date(NOW.getTime() - 3 * 60_000),
  endedAt: new Date(NOW.getTime() - 2 * 60_000),
  from: '+19005550123',
  to: '+15025550100',
  choice: 'voicemail',
  callStatus: 'completed',
  durationSeconds: 20,
};
const FIXTURE = [...feedCalls(NOW).map(({ call }) => call), PREMIUM];

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let pageErrors: string[];

const expectText = (locator: Locator, text: string | RegExp) =>
  eventually(async () =>
    typeof text === 'string' ? expect(await shownText(locator)).toBe(text) : expect(await shownText(locator)).toMatch(text),
  );

beforeAll(async () => {
  stack = await startLocalStack({ env: { FORWARD_TO: OWNER_PHONES.join(', ') } });
  await seedCalls(stack.airtableConfig, FIXTURE);
  // The business number is the account's own: Twilio's records hold the calls that came in on it.
  stack.media.addCallRecords({
    calls: FIXTURE.filter((call) => call.from?.startsWith('+')).map((call) => ({
      sid: call.callSid,
      direction: 'inbound' as const,
      from: call.from!,
      to: call.to!,
      status: 'completed' as const,
      startTime: call.startedAt!.toUTCString().replace(/GMT$/, '+0000'),
      endTime: call.endedAt!.toUTCString().replace(/GMT$/, '+0000'),
      durationSeconds: call.durationSeconds ?? 0,
    })),
    recordings: [],
    transcriptions: [],
  });
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

async function openFeed(page: Page): Promise<void> {
  await page.goto(`${stack.baseUrl}/index.html`);
  await page.fill('#password', stack.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#calls > li').first().waitFor();
}

const row = (page: Page, sid: string) => page.locator(`#calls > li[data-sid="${sid}"]`);
const storedRows = () => stack.airtable!.records(stack.airtableConfig.baseId, stack.airtableConfig.table).map((record) => record.fields);
const storedRow = (sid: string) => storedRows().find((fields) => fields['Call SID'] === sid)!;

describe.each([
  { width: 1280, height: 800, sid: callSid(3), caller: '+16175550188', phone: 0 },
  { width: 390, height: 844, sid: callSid(4), caller: '+12065550175', phone: 1 },
])('calling back at $width×$height', ({ width, height, sid, caller, phone }) => {
  beforeEach(async () => {
    pageErrors = [];
    context = await browser.newContext({ viewport: { width, height }, timezoneId: zoneWhereItIsNoon(NOW), locale: 'en-US' });
  });

  it("rings the owner's chosen phone from the business number, then the caller with the business caller ID", async () => {
    const page = await newPage();
    await openFeed(page);
    await row(page, sid)
      .getByRole('button', { name: /^Call back/ })
      .click();
    const choice = row(page, sid).getByRole('combobox', { name: 'Your phone to ring first' });
    await choice.waitFor();
    expect(await choice.locator('option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value))).toEqual(
      OWNER_PHONES,
    );
    // Nothing is dialled before the owner confirms.
    expect(stack.media.calls().filter((call) => call.direction !== 'inbound')).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ to: OWNER_PHONES[phone] })]),
    );
    await choice.selectOption(OWNER_PHONES[phone]);
    await row(page, sid).getByRole('button', { name: 'Call now' }).click();

    await expectText(
      row(page, sid).locator('[data-part=call-back] .note-status'),
      /^Calling you at \+1 \d{3}-\d{3}-\d{4}, then the caller$/,
    );
    await expectText(row(page, sid).locator('.handled .tag'), 'Done');
    // The stand-in saw the owner's leg, then, once it answered, the caller's leg dialled from it.
    await eventually(() =>
      expect(stack.media.calls().filter((call) => call.to === caller && call.direction === 'outbound-dial')).toHaveLength(1),
    );
    const callerLeg = stack.media.calls().find((call) => call.to === caller && call.direction === 'outbound-dial')!;
    const ownerLeg = stack.media.calls().find((call) => call.sid === callerLeg.parentCallSid)!;
    expect(ownerLeg).toMatchObject({ direction: 'outbound-api', from: stack.env.TWILIO_NUMBER, to: OWNER_PHONES[phone] });
    expect(callerLeg).toMatchObject({ from: stack.env.TWILIO_NUMBER, to: caller });
    expect(stack.media.callProblems()).toEqual([]);

    // The call log: the call answered is handled, and the call back is a row linked to it.
    expect(storedRow(sid)['Handled At']).toEqual(expect.any(String));
    expect(storedRow(ownerLeg.sid)).toMatchObject({ 'Call Back Of': sid, From: stack.env.TWILIO_NUMBER, To: caller });
    await page.reload();
    await page.locator('#calls > li').first().waitFor();
    await expectText(row(page, ownerLeg.sid).locator('.badge'), 'Call back');
    await expectText(row(page, sid).locator('.handled .tag'), 'Done');
  });

  it('says in words why a premium-rate number is not called back, and offers no call back to a withheld one', async () => {
    const page = await newPage();
    await openFeed(page);
    expect(
      await row(page, callSid(5))
        .getByRole('button', { name: /^Call back/ })
        .count(),
    ).toBe(0);
    await row(page, PREMIUM.callSid)
      .getByRole('button', { name: /^Call back/ })
      .click();
    await row(page, PREMIUM.callSid).getByRole('button', { name: 'Call now' }).click();
    await expectText(row(page, PREMIUM.callSid).locator('[data-part=call-back] .note-status'), /is a premium-rate number/);
    expect(stack.media.calls().filter((call) => call.to === PREMIUM.from)).toEqual([]);
    expect(storedRow(PREMIUM.callSid)['Handled At']).toBeUndefined();
    // Cancel puts the button back.
    await row(page, PREMIUM.callSid).getByRole('button', { name: 'Cancel' }).click();
    await row(page, PREMIUM.callSid)
      .getByRole('button', { name: /^Call back/ })
      .waitFor();
    expect(await page.locator('#error').isHidden()).toBe(true);
  });
});
