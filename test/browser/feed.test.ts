// The activity feed in a real browser, against the whole local stack: twilio-run serving
// dist/, the Airtable emulator seeded with calls of every kind, and the media stand-in.
// Each test opens the page afresh (a new browser context: no session, no state left by
// another test), and each page is checked after its test for breaches of the
// Content-Security-Policy and script errors. No test changes the seeded calls but the one
// that adds a call, which has a stack of its own.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CallRecord } from '../../functions/lib/calls/record';
import { recordCallFacts } from '../../functions/lib/store/writes';
import { LOCAL_DEFAULTS, type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { callSid, feedCalls, seedCalls, XSS_NAME } from '../feed/calls-fixture';
import { eventually, launchChromium, shownText, zoneWhereItIsNoon } from './browser';

const NOW = new Date();
const FIXTURE = feedCalls(NOW);
// Older answered calls, so that the list has more than one page of 50.
const OLDER: CallRecord[] = Array.from({ length: 51 }, (_, i) => ({
  callSid: callSid(0x1000 + i),
  startedAt: new Date(NOW.getTime() - (10 + i) * 86400_000),
  from: `+1303555${String(1000 + i)}`,
  choice: 'forward',
  forwardedTo: '+15005550006',
  forwardStatus: 'answered',
  forwardTalkSeconds: 60,
  callStatus: 'completed',
  durationSeconds: 75,
}));
// A caller name and place carrying bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066…).
const BIDI_NAME = '\u202Eevil\u2066';
const BIDI_PLACE = 'PARIS\u202B, FR';
Object.assign(OLDER[0], { callerName: BIDI_NAME, callerLocation: BIDI_PLACE });
// A call outside business hours, and one whose phone picked up but did not accept it: older
// than the fixture's, newer than OLDER.
const CLOSED: CallRecord = {
  callSid: callSid(0x2000),
  startedAt: new Date(NOW.getTime() - 9.5 * 86400_000),
  from: '+13125550190',
  choice: 'closed',
  callStatus: 'completed',
  durationSeconds: 35,
  recordingSid: callSid(0x2000).replace('CA', 'RE'),
  recordingSeconds: 20,
  recordingStatus: 'completed',
};
const NOT_ACCEPTED: CallRecord = {
  callSid: callSid(0x2001),
  startedAt: new Date(NOW.getTime() - 9.6 * 86400_000),
  from: '+13125550191',
  choice: 'forward',
  forwardedTo: '+15005550006',
  forwardStatus: 'not-accepted',
  forwardTalkSeconds: 0,
  callStatus: 'completed',
  durationSeconds: 40,
};
const CALLS = [...FIXTURE.map(({ call }) => call), CLOSED, NOT_ACCEPTED, ...OLDER];
const OUTCOMES = [...FIXTURE.map(({ expected }) => expected), 'voicemail', 'missed', ...OLDER.map(() => 'answered')];
const TOTAL = CALLS.length;
/** How many rows a filter on `outcome` shows: the first page of 50. */
const shownWith = (outcome: string) => Math.min(50, OUTCOMES.filter((each) => each === outcome).length);
// It is about noon in the page's zone, so the calls of the last 12 hours are today's.
const TODAY = FIXTURE.filter(({ call }) => NOW.getTime() - call.startedAt!.getTime() < 12 * 3600_000).length;

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dialogs: string[];
let pageErrors: string[];

const rows = () => page.locator('#calls > li');
const row = (sid: string) => page.locator(`#calls > li[data-sid="${sid}"]`);
const stat = (name: string) => page.locator(`#stat-${name}`);

const expectText = (locator: Locator, text: string | RegExp) =>
  eventually(async () =>
    typeof text === 'string' ? expect(await shownText(locator)).toBe(text) : expect(await shownText(locator)).toMatch(text),
  );
const expectCount = (locator: Locator, count: number) => eventually(async () => expect(await locator.count()).toBe(count));

/** Plays the message of `sid`'s row: the player that takes the button's place. */
async function playMessage(sid: string): Promise<Locator> {
  const message = row(sid).locator('.message');
  await message.getByRole('button', { name: /^Play message/ }).click();
  const audio = message.locator('audio');
  await audio.waitFor();
  return audio;
}

async function signIn(password: string): Promise<void> {
  await page.fill('#password', password);
  await page.click('#sign-in-form button[type=submit]');
}

/** The local stack with every call of this file in its log, and the fixture's recordings. */
async function startSeededStack(): Promise<LocalStack> {
  const started = await startLocalStack();
  await seedCalls(started.airtableConfig, CALLS);
  for (const { call } of FIXTURE) {
    if (call.recordingSid && call.recordingSeconds) started.media.register(call.recordingSid, call.recordingSeconds);
  }
  return started;
}

/** The feed page of `on`, signed out, in a browser context of its own. */
async function openPage(on: LocalStack = stack, hash = ''): Promise<void> {
  await page.goto(`${on.baseUrl}/index.html${hash}`);
  await page.locator('#sign-in').waitFor();
}

/** The feed page of `on`, signed in, with its first page of calls listed. */
async function openFeed(on: LocalStack = stack): Promise<void> {
  await openPage(on);
  await signIn(on.env.FEED_PASSWORD);
  await rows().first().waitFor();
}

beforeAll(async () => {
  stack = await startSeededStack();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

beforeEach(async () => {
  dialogs = [];
  pageErrors = [];
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: zoneWhereItIsNoon(NOW), locale: 'en-US' });
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // A 401 or an aborted request is logged by Chrome itself; anything else is a fault of the page.
    if (message.type() === 'error' && !/Failed to load resource|net::ERR_FAILED/.test(message.text())) pageErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
});

// Every page broke no rule of the Content-Security-Policy and raised no script error; and no
// fault or short cursor lifetime a test set outlives it.
afterEach(async () => {
  stack.airtable!.clearFaults();
  stack.airtable!.setCursorLifetime(5 * 60_000);
  const violations = page.url().startsWith('http')
    ? await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)
    : [];
  await context.close();
  expect(violations).toEqual([]);
  expect(pageErrors).toEqual([]);
  expect(dialogs).toEqual([]);
});

describe('the activity feed', () => {
  // The page's "now" is the seeded calls' now, however long the stack took to start ("12 min. ago").
  beforeEach(() => page.clock.setFixedTime(NOW));

  it('asks for the feed password, and brings the form back with a message after a wrong one', async () => {
    await openPage();
    expect(await page.locator('#feed').isHidden()).toBe(true);
    await signIn('not the password');
    await expectText(page.locator('#sign-in-message'), 'That password is not right.');
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('signs in and lists the newest calls with outcome badges in colour and words', async () => {
    await openFeed();
    expect(await rows().count()).toBe(50);
    expect(await rows().evaluateAll((items) => items.slice(0, 9).map((li) => (li as HTMLElement).dataset.sid))).toEqual(
      FIXTURE.map(({ call }) => call.callSid),
    );
    const badges = await page
      .locator('#calls .badge')
      .evaluateAll((items) =>
        items.slice(0, 9).map((badge) => ({ text: badge.textContent, background: getComputedStyle(badge).backgroundColor })),
      );
    expect(badges.map((badge) => badge.text)).toEqual(FIXTURE.map(({ expected }) => expected[0].toUpperCase() + expected.slice(1)));
    const colourOf = (label: string) => badges.find((badge) => badge.text === label)?.background;
    expect(new Set(['Answered', 'Missed', 'Voicemail', 'Abandoned'].map(colourOf)).size).toBe(4);

    const answered = row(callSid(1));
    await expectText(answered.locator('.who'), /ACME CORP\s*\+1 404-555-0101 · Atlanta, GA, US/);
    await expectText(answered.locator('.what'), /Forwarded to \+1 500-555-0006\s*Talked 3:12/);
    await expectText(answered.locator('.len'), 'Length 3:35');
    await expectText(answered.locator('.when time'), '12 min. ago');
    await expectText(row(callSid(7)).locator('.when time'), 'Yesterday');
    await expectText(row(callSid(5)).locator('.who'), 'Private number');
    await expectText(row(callSid(5)).locator('.what'), 'Hung up at the menu');
    await expectText(row(callSid(3)).locator('.what'), /no answer/);
    await expectText(row(callSid(2)).locator('blockquote'), /Your order is ready/);
    await expectText(row(callSid(7)).locator('.message'), /transcription failed/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
  });

  it('shows caller-supplied markup as text and runs none of it', async () => {
    await openFeed();
    await expectText(row(callSid(4)).locator('.who strong'), XSS_NAME);
    await expectText(row(callSid(4)).locator('blockquote'), '<script>alert("transcript")</script> please call back');
    expect(await page.locator('#calls img, #calls script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('isolates caller text, so direction controls in it cannot reorder the row around it', async () => {
    await openFeed();
    const who = row(OLDER[0].callSid).locator('.who');
    const isolated = who.locator('bdi');
    await expectCount(isolated, 3);
    const texts = await isolated.evaluateAll((nodes) => nodes.map((node) => [node.textContent, getComputedStyle(node).unicodeBidi]));
    expect(texts).toEqual([
      [BIDI_NAME, 'isolate'],
      ['+1 303-555-1000', 'isolate'],
      ['Paris\u202B, FR', 'isolate'],
    ]);
  });

  it("summarises today's calls", async () => {
    await openFeed();
    await expectText(stat('calls'), '6');
    await expectText(stat('answered'), '1');
    await expectText(stat('missed'), '1');
    await expectText(stat('voicemail'), '2');
    await expectText(stat('talk'), '3:12');
  });

  it("loads older calls on demand, even after the list's cursor has expired", async () => {
    await openFeed();
    await expectText(page.locator('#count'), 'Showing 50 calls, newest first');
    // Airtable's list cursors expire after a few minutes; here, after one second.
    stack.airtable!.setCursorLifetime(1000);
    await page.waitForTimeout(1500);
    const more = page.waitForResponse((response) => response.url().includes('cursor='));
    await page.click('#more');
    expect((await more).status()).toBe(410);
    await expectCount(rows(), TOTAL);
    stack.airtable!.setCursorLifetime(5 * 60_000);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.locator('#more').isHidden()).toBe(true);
    await expectText(page.locator('#count'), `Showing ${TOTAL} calls, that is all of them`);
  });

  it('plays a voicemail in an inline player', async () => {
    await openFeed();
    const audio = await playMessage(callSid(2));
    expect(await audio.getAttribute('src')).toMatch(/^blob:/);
    await page.waitForFunction((el) => (el as HTMLAudioElement).duration > 0, await audio.elementHandle());
    expect(await audio.evaluate((el) => (el as HTMLAudioElement).duration)).toBeCloseTo(48, 0);
  });

  it('filters by outcome, caller number and date, and says when nothing matches', async () => {
    await openFeed();
    await page.selectOption('select[name=outcome]', 'voicemail');
    await expectCount(rows(), shownWith('voicemail'));
    expect(await rows().evaluateAll((items) => items.every((li) => (li as HTMLElement).dataset.outcome === 'voicemail'))).toBe(true);

    await page.selectOption('select[name=outcome]', '');
    await page.fill('input[name=caller]', '(404) 555');
    await expectCount(rows(), 2);
    await page.fill('input[name=caller]', '404 abc');
    await expectText(page.locator('#caller-error'), 'Type 2 to 15 digits of the number.');
    await page.fill('input[name=caller]', '999999');
    await expectText(page.locator('#empty'), 'No calls match these filters. Clear the filters to see every call.');

    await page.click('button[type=reset]');
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await page.fill('input[name=from]', today);
    await page.fill('input[name=to]', today);
    await expectCount(rows(), TODAY);
    await page.click('button[type=reset]');
    await expectCount(rows(), 50);
  });

  it('shows an error banner with retry when the network or the list function fails', async () => {
    await openFeed();
    await page.route('**/calls?**', (route) => route.abort());
    await page.selectOption('select[name=outcome]', 'missed');
    await page.locator('#error').waitFor({ state: 'visible' });
    await expectText(page.locator('#error-text'), /Can't reach the phone line service/);
    await page.unroute('**/calls?**');
    await page.click('#retry');
    await page.locator('#error').waitFor({ state: 'hidden' });
    await expectCount(rows(), shownWith('missed'));

    stack.airtable!.injectFault({ status: 503, count: 2, method: 'GET' });
    await page.selectOption('select[name=outcome]', 'answered');
    await expectText(page.locator('#error-text'), 'The call log (Airtable) is not answering right now. Try again in a moment.');
    await page.click('#retry');
    await page.locator('#error').waitFor({ state: 'hidden' });
    await expectCount(rows(), shownWith('answered'));
    await page.selectOption('select[name=outcome]', '');
  });

  it('brings the sign-in form back, with the message, when the password stops working', async () => {
    await openFeed();
    await page.route('**/calls?**', (route) =>
      route.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'That password is not right.' }) }),
    );
    await page.selectOption('select[name=outcome]', 'abandoned');
    await expectText(page.locator('#sign-in-message'), 'That password is not right.');
    expect(await page.locator('#feed').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.unroute('**/calls?**');
  });

  it('keeps only a session token, and returns to the sign-in form, saying why, when the session ends', async () => {
    await openFeed();
    const kept = await page.evaluate(() => Object.values(sessionStorage));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(kept[0]).not.toContain(stack.env.FEED_PASSWORD);
    // Thirteen hours on, for the functions (the local stack lets X-Simulated-Time stand for now):
    // the token, good for twelve, has ended.
    const later = new Date(NOW.getTime() + 13 * 3600_000).toISOString();
    await page.route('**/calls?**', (route) => route.continue({ headers: { ...route.request().headers(), 'x-simulated-time': later } }));
    await page.selectOption('select[name=outcome]', 'missed');
    await expectText(page.locator('#sign-in-message'), 'Your session has ended; sign in again.');
    expect(await page.locator('#feed').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.unroute('**/calls?**');
    await signIn(stack.env.FEED_PASSWORD);
    await expectCount(rows(), 50);
  });

  it('signs in when the change check answers 503 for missing Twilio credentials: only a 401 or 400 refuses the password', async () => {
    await openPage();
    // What /changes answers, after accepting the password, when ACCOUNT_SID is not set.
    await page.route('**/changes?**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'Not configured: ACCOUNT_SID. The function log says what to fix.' }),
      }),
    );
    await signIn(stack.env.FEED_PASSWORD);
    await expectCount(rows(), 50);
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    expect(await shownText(page.locator('#sign-in-message'))).toBe('');
    await page.unroute('**/changes?**');
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
  });

  it('can be used by keyboard alone', async () => {
    await openPage();
    await page.focus('#password');
    await page.keyboard.type(stack.env.FEED_PASSWORD);
    await page.keyboard.press('Enter');
    await rows().first().waitFor();
    const play = row(callSid(4)).getByRole('button', { name: /^Play message/ });
    for (let i = 0; i < 60 && !(await play.evaluate((button) => button === document.activeElement)); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await row(callSid(4)).locator('audio').waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('AUDIO');
  });

  it('marks calls outside business hours with a badge and filters on them; a phone that was not accepted is missed', async () => {
    const [closed, notAccepted] = [CLOSED, NOT_ACCEPTED];
    await openFeed();
    await page.selectOption('select[name=afterHours]', 'true');
    await expectCount(rows(), 1);
    await expectText(row(closed.callSid).locator('.outcome'), /Voicemail\s*After hours/);
    await expectText(row(closed.callSid).locator('.what'), /Called after hours\s*Left a message/);
    await page.selectOption('select[name=afterHours]', '');
    await expectText(row(notAccepted.callSid).locator('.outcome'), 'Missed');
    await expectText(row(notAccepted.callSid).locator('.what'), /Forwarded to \+1 500-555-0006\s*picked up, nobody pressed 1/);
  });

  it.each(['light', 'dark'] as const)('keeps text readable in the %s theme (contrast of at least 4.5:1)', async (colorScheme) => {
    await openFeed();
    await page.emulateMedia({ colorScheme });
    const ratios = await page.evaluate(() => {
      const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = (color: string) => {
        const [r, g, b] = rgb(color)
          .map((v) => v / 255)
          .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const background = (el: Element | null): string => {
        for (; el; el = el.parentElement) {
          const color = getComputedStyle(el).backgroundColor;
          if (rgb(color)[3] !== 0) return color;
        }
        return 'rgb(255, 255, 255)';
      };
      const selectors = [
        '.badge.answered',
        '.badge.missed',
        '.badge.voicemail',
        '.badge.abandoned',
        '.badge.after-hours',
        '.when small',
        '.who small',
        '.stat dt',
        '.filters label',
        '.heads span',
        '.play',
        '.tag.new',
        '.handled .mark-done',
        '.note-part .link',
        '.new-count',
        '#count',
        'footer a',
      ];
      return selectors.map((selector) => {
        const el = document.querySelector(selector)!;
        const [a, b] = [luminance(getComputedStyle(el).color), luminance(background(el))].sort((x, y) => y - x);
        return [selector, Math.round(((a + 0.05) / (b + 0.05)) * 10) / 10] as const;
      });
    });
    for (const [selector, ratio] of ratios) expect([selector, ratio >= 4.5]).toEqual([selector, true]);
  });

  it('fits a phone-width screen', async () => {
    await openFeed();
    await page.setViewportSize({ width: 375, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  });

  it('signs out, forgetting the password', async () => {
    await openFeed();
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator('#calls > li').count()).toBe(0);
  });

  it('opens the call an alert links to, once signed in: scrolled to, highlighted and focused', async () => {
    const missed = callSid(3);
    await openPage(stack, `#call=${missed}`);
    await signIn(LOCAL_DEFAULTS.FEED_PASSWORD);
    await eventually(async () => expect(await row(missed).getAttribute('class')).toMatch(/\blinked\b/));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sid'))).toBe(missed);
    expect(await row(missed).isVisible()).toBe(true);
    const box = (await row(missed).boundingBox())!;
    expect(box.y).toBeGreaterThan(0);
    expect(box.y + box.height).toBeLessThan(900);
    // Whether the owner was told: the voicemail's alert went out, the missed call's failed on
    // every attempt and was given up; a missed call three days old, outside the page's alert
    // pass (the last day), is still owed one.
    expect(await shownText(row(missed).locator('[data-part=alert]'))).toBe('Alert failed');
    expect(await shownText(row(callSid(8)).locator('[data-part=alert]'))).toBe('Owner not alerted yet');
    expect(await shownText(row(callSid(2)).locator('[data-part=alert]'))).toMatch(/^Owner alerted \d{1,2}:\d\d [AP]M$/);
    expect(await row(callSid(1)).locator('[data-part=alert]').count()).toBe(0);
  });

  it("says when the alert's text was accepted by Twilio but never delivered, with the code in words, in the error colour", async () => {
    await openFeed();
    // The voicemail's alert went out (the email did), but Twilio reported its text undelivered: 30034.
    const voicemail = row(callSid(2));
    expect(await shownText(voicemail.locator('[data-part=alert]'))).toMatch(/^Owner alerted /);
    const note = voicemail.locator('[data-part=text-alert]');
    expect(await shownText(note)).toBe('Text not delivered: 30034 — the number is not registered for A2P 10DLC');
    expect(await note.evaluate((node) => getComputedStyle(node).color)).toBe('rgb(140, 29, 24)');
    // No report, no note.
    expect(await row(callSid(3)).locator('[data-part=text-alert]').count()).toBe(0);
  });

  it('follows a second link in the open page, reading older pages to find its call', async () => {
    await openFeed();
    const older = OLDER[OLDER.length - 1].callSid;
    expect(await row(older).count()).toBe(0);
    await page.evaluate((sid) => (window.location.hash = `call=${sid}`), older);
    await eventually(async () => expect(await row(older).getAttribute('class')).toMatch(/\blinked\b/));
    expect(await page.locator('#calls > li.linked').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-sid'))).toBe(older);
    // Followed once: the link leaves the address, so a reload does not scroll back to it.
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    await page.selectOption('select[name=outcome]', 'missed');
    await eventually(async () => expect(await page.locator('#calls > li.linked').count()).toBe(0));
    await page.selectOption('select[name=outcome]', '');
    await eventually(async () => expect(await row(older).count()).toBe(0));
  });

  it('says so, without the error banner, when the linked call is not in the list', async () => {
    await openFeed();
    const unknown = 'CA' + 'f'.repeat(32);
    await page.evaluate((sid) => (window.location.hash = `call=${sid}`), unknown);
    await page.locator('#healed').waitFor({ state: 'visible' });
    expect(await page.textContent('#healed')).toMatch(/The call in the link is not in this list/);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    await page.click('#sign-out');
  });
});

// Adds a call, and changes another: on a stack of its own, so that the other tests' calls stay
// as seeded; and on the page's own running clock, which the page's schedule needs.
describe('the activity feed, while a call comes in', () => {
  let changing: LocalStack;
  beforeAll(async () => {
    changing = await startSeededStack();
  }, 120_000);
  afterAll(() => changing?.stop());

  it('adds a new call at the top on refresh, keeping the scroll position, the open filters and the playing message', async () => {
    await openFeed(changing);
    const audio = await playMessage(callSid(2));
    await audio.evaluate((el) => (el as HTMLAudioElement).play());
    const playing = (await audio.elementHandle())!;
    await page.waitForFunction((el) => (el as HTMLAudioElement).currentTime > 0, playing);
    // Scroll so that the missed call is the first row below the sticky top bar.
    await row(callSid(3)).evaluate((li) => {
      const topbar = document.querySelector('.topbar')!.getBoundingClientRect().bottom;
      window.scrollTo(0, li.getBoundingClientRect().top + window.scrollY - topbar);
    });
    const before = await row(callSid(3)).evaluate((li) => li.getBoundingClientRect().top);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    // Meanwhile a late transcript changes the row that is playing.
    await recordCallFacts(changing.airtableConfig, { callSid: callSid(2), transcript: 'A corrected transcript' });
    const call = await changing.call({
      from: '+12125550199',
      callerName: 'NEW CALLER',
      gather: ['2'],
      record: { seconds: 6, transcript: 'Fresh message' },
    });
    expect(call.problems).toEqual([]);
    const fresh = row(call.callSid);
    // The page checks every 15 s while in use and lists 6 s after news: well inside its 60 s bound.
    await fresh.waitFor({ state: 'attached', timeout: 40_000 }).catch(async (err) => {
      console.log(
        await page.locator('#updated').innerText(),
        await page.locator('#error').isVisible(),
        await page.locator('#error-text').innerText(),
        await rows().count(),
        JSON.stringify(
          changing.airtable!.records(changing.airtableConfig.baseId, 'Calls').filter((r) => r.fields['Call SID'] === call.callSid),
        ),
      );
      throw err;
    });

    expect(await rows().first().getAttribute('data-sid')).toBe(call.callSid);
    await expectText(fresh.locator('.badge'), 'Voicemail');
    await expectText(fresh.locator('blockquote'), 'Fresh message');
    expect(await row(callSid(3)).evaluate((li) => li.getBoundingClientRect().top)).toBeCloseTo(before, 0);
    expect(await page.locator('#filters').evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    await expectText(row(callSid(2)).locator('blockquote'), 'A corrected transcript');
    expect(await playing.evaluate((el) => ({ paused: (el as HTMLAudioElement).paused, connected: el.isConnected }))).toEqual({
      paused: false,
      connected: true,
    });
    await expectText(stat('calls'), '7');
    await expectText(stat('voicemail'), '3');
  }, 60_000);
});
