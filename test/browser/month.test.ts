// The month view and the CSV export in a real browser, against the whole local stack with calls
// on several days of the last month: at desktop width (1280x800) and phone width (390x844), the
// charts are drawn, their tables hold the right numbers, nothing scrolls sideways, and the file
// a download gives has the filtered calls, escaped. Each test opens the page afresh.
import { readFileSync } from 'fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CallRecord } from '../../functions/lib/calls/record';
import { type LocalStack, startLocalStack } from '../../scripts/local-stack';
import { callSid, seedCalls } from '../feed/calls-fixture';
import { eventually, launchChromium, shownText, zoneWhereItIsNoon } from './browser';

const NOW = new Date();
// The page's zone and the business's: it is about noon there now, so "2 hours ago" is today.
const ZONE = zoneWhereItIsNoon(NOW);
const OFFSET_HOURS = 12 - NOW.getUTCHours();
const HOUR = 3600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

const forwarded = (n: number, hoursAgo: number, status: 'answered' | 'no-answer'): CallRecord => ({
  callSid: callSid(0x3000 + n),
  startedAt: ago(hoursAgo),
  from: `+1404555${String(1000 + n)}`,
  choice: 'forward',
  forwardedTo: '+15005550006',
  forwardStatus: status,
  callStatus: 'completed',
  durationSeconds: 30 + n,
});
// A caller whose name and message a spreadsheet would otherwise mangle or run.
const TRICKY_NAME = 'Smith, "J"';
const TRICKY_TRANSCRIPT = '=HYPERLINK("http://example.com","click") call me\nback';
const CALLS: CallRecord[] = [
  { ...forwarded(1, 0.5, 'answered'), callerName: '@risk' },
  forwarded(2, 1, 'no-answer'),
  {
    callSid: callSid(0x3003),
    startedAt: ago(2),
    from: '+13125550142',
    callerName: TRICKY_NAME,
    choice: 'voicemail',
    callStatus: 'completed',
    durationSeconds: 66,
    recordingSid: callSid(0x3003).replace('CA', 'RE'),
    recordingSeconds: 48,
    recordingStatus: 'completed',
    transcriptionStatus: 'completed',
    transcript: TRICKY_TRANSCRIPT,
  },
  forwarded(4, 24, 'no-answer'),
  forwarded(5, 25, 'no-answer'),
  { callSid: callSid(0x3006), startedAt: ago(24 * 5), from: 'anonymous', callStatus: 'completed', durationSeconds: 6 },
  forwarded(7, 24 * 29, 'answered'),
  // Before the 30 days: in the list and the export, not in the month.
  forwarded(8, 24 * 31, 'answered'),
];

/** The local date and weekday (0 Monday) of `date` in ZONE. */
function local(date: Date): { day: string; weekday: number; hour: number } {
  const shifted = new Date(date.getTime() + OFFSET_HOURS * HOUR);
  return { day: shifted.toISOString().slice(0, 10), weekday: (shifted.getUTCDay() + 6) % 7, hour: shifted.getUTCHours() };
}
/** The CSV's time: local, with the zone's offset. */
function csvTime(date: Date): string {
  const shifted = new Date(date.getTime() + OFFSET_HOURS * HOUR);
  const sign = OFFSET_HOURS < 0 ? '-' : '+';
  return `${shifted.toISOString().slice(0, 19)}${sign}${String(Math.abs(OFFSET_HOURS)).padStart(2, '0')}:00`;
}
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** The month table's label of a day, as the page writes it (en-US). */
const dayLabel = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', weekday: 'short' });
const hourLabel = (hour: number) => new Date(Date.UTC(2000, 0, 1, hour)).toLocaleTimeString('en-US', { timeZone: 'UTC', hour: 'numeric' });

let stack: LocalStack;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];

beforeAll(async () => {
  stack = await startLocalStack({ env: { TIME_ZONE: ZONE } });
  await seedCalls(stack.airtableConfig, CALLS);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openFeed(viewport: { width: number; height: number }): Promise<void> {
  pageErrors = [];
  context = await browser.newContext({ viewport, timezoneId: ZONE, locale: 'en-US', acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|net::ERR_FAILED/.test(message.text())) pageErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  await page.goto(`${stack.baseUrl}/index.html`);
  await page.fill('#password', stack.env.FEED_PASSWORD);
  await page.click('#sign-in-form button[type=submit]');
  await page.locator('#calls > li').first().waitFor();
}

afterEach(async () => {
  const violations = await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
  await context.close();
  expect(violations).toEqual([]);
  expect(pageErrors).toEqual([]);
});

/** The cells of a table's rows, as text. */
const tableRows = (selector: string) =>
  page
    .locator(selector)
    .evaluate((table) =>
      Array.from((table as HTMLTableElement).rows, (row) => Array.from(row.cells, (cell) => (cell.textContent ?? '').trim())),
    );

const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe.each([
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
])('the month view at %s width', (_, viewport) => {
  it('draws both charts, says the missed-call rate, and has the numbers in tables', async () => {
    await openFeed(viewport);
    await page.getByRole('button', { name: 'Month' }).click();
    await page.locator('#month .chart-svg').first().waitFor();
    expect(await page.locator('#calls').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Month' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByRole('img', { name: /Calls per day, by outcome: 7 calls in 30 days/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /Calls by hour of the week/ }).count()).toBe(1);
    // 30 days of bars: seven calls stacked in segments, and 7 x 24 hour cells.
    expect(await page.locator('#month .seg').count()).toBe(6);
    expect(await page.locator('#month [class^=heat-]').count()).toBe(168);
    expect(await shownText(page.locator('#missed-rate'))).toBe(
      'Missed-call rate: 43%. 3 of 7 calls rang your phone with nobody answering and no message left.',
    );

    for (const summary of await page.locator('#month summary').all()) await summary.click();
    const days = await tableRows('#month .chart:nth-child(1) table');
    expect(days[0]).toEqual(['Day', 'Answered', 'Missed', 'Voicemail', 'Other', 'Total']);
    expect(days).toHaveLength(1 + 30 + 1);
    const today = local(NOW).day;
    const row = (date: Date) => days.find((cells) => cells[0] === dayLabel(local(date).day));
    expect(days[30][0]).toBe(dayLabel(today));
    expect(row(NOW)).toEqual([dayLabel(today), '1', '1', '1', '0', '3']);
    expect(row(ago(24))).toEqual([dayLabel(local(ago(24)).day), '0', '2', '0', '0', '2']);
    expect(row(ago(24 * 5))).toEqual([dayLabel(local(ago(24 * 5)).day), '0', '0', '0', '1', '1']);
    expect(days[31]).toEqual(['All 30 days', '2', '3', '1', '1', '7']);

    const hours = await tableRows('#month .chart:nth-child(2) table');
    expect(hours[0]).toEqual(['Hour', ...WEEKDAYS]);
    expect(hours).toHaveLength(25);
    const counted = hours.slice(1).reduce((sum, cells) => sum + cells.slice(1).reduce((s, cell) => s + Number(cell), 0), 0);
    expect(counted).toBe(7);
    const atTwoHoursAgo = local(ago(2));
    expect(hours[1 + atTwoHoursAgo.hour][0]).toBe(hourLabel(atTwoHoursAgo.hour));
    expect(Number(hours[1 + atTwoHoursAgo.hour][1 + atTwoHoursAgo.weekday])).toBeGreaterThanOrEqual(1);

    await page.evaluate(() => window.scrollTo(0, 0));
    expect(await noSidewaysScroll()).toBe(true);
    const width = await page
      .locator('#month .chart-svg')
      .first()
      .evaluate((svg) => svg.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(viewport.width);
  });

  it('goes back to the list, and keeps the month for the next look without asking again', async () => {
    await openFeed(viewport);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/month') asked.push(request.url());
    });
    await page.getByRole('button', { name: 'Month' }).click();
    await page.locator('#month .chart-svg').first().waitFor();
    await page.getByRole('button', { name: 'Calls' }).click();
    expect(await page.locator('#calls').isVisible()).toBe(true);
    expect(await page.locator('#month').isVisible()).toBe(false);
    expect(await noSidewaysScroll()).toBe(true);
    await page.getByRole('button', { name: 'Month' }).click();
    await page.locator('#month .chart-svg').first().waitFor();
    expect(asked).toHaveLength(1);
  });

  it('downloads the filtered calls as CSV, escaped and safe to open in a spreadsheet', async () => {
    await openFeed(viewport);
    const saved = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^calls-\d{4}-\d{2}-\d{2}\.csv$/);
      return readFileSync((await download.path())!, 'utf8');
    };

    const all = await saved();
    expect(all.startsWith('\ufeff')).toBe(true);
    const lines = all.slice(1).split('\r\n');
    expect(lines[0]).toBe('"Time","From","Caller name","Outcome","Duration (s)","Voicemail transcript"');
    // Newest first, every call, and an empty line after the last one.
    expect(lines).toHaveLength(1 + CALLS.length + 1);
    expect(lines[1]).toBe(`"${csvTime(ago(0.5))}","'+14045551001","'@risk","answered","31",""`);
    expect(lines[3]).toBe(
      `"${csvTime(ago(2))}","'+13125550142","Smith, ""J""","voicemail","66","'=HYPERLINK(""http://example.com"",""click"") call me\nback"`,
    );
    expect(lines[6]).toBe(`"${csvTime(ago(24 * 5))}","anonymous","","abandoned","6",""`);
    await eventually(async () => expect(await shownText(page.locator('#csv-status'))).toBe('Saved 8 calls as a CSV file.'));

    if (viewport.width < 760) await page.locator('#filters summary').click();
    await page.selectOption('select[name=outcome]', 'missed');
    await eventually(async () => expect(await page.locator('#calls > li').count()).toBe(3));
    const missed = (await saved()).slice(1).split('\r\n');
    expect(missed.slice(1, -1).map((line) => line.split(',')[1])).toEqual(['"\'+14045551002"', '"\'+14045551004"', '"\'+14045551005"']);
    expect(missed.slice(1, -1).every((line) => line.includes('"missed"'))).toBe(true);
    expect(await noSidewaysScroll()).toBe(true);
  });
});
