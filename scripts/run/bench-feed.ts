// `npm run bench:feed`: what an open activity feed costs in Airtable API calls, measured over a
// simulated hour and projected to a month for the reference business (scripts/feed-cost).
// The real page runs in Debian's Chromium against the local stack with its clock fast-forwarded
// (Playwright's clock): the owner uses the page for the first half hour and leaves it open
// untouched for the second; a call comes in every ten minutes (50 a day over 8 hours is about
// 6 an hour), every one alerting the owner: one in two forwarded, unanswered, then a voicemail
// (the most requests a call makes), the other a voicemail at once. Every Airtable request the
// emulator answers is counted.
// `--calls-per-day N` measures a busier (or quieter) line: N calls over the 8 open hours.
//   npm run bench:feed
//   npm run bench:feed -- --calls-per-day 500
import { chromium } from 'playwright-core';
import { sleep } from '../../functions/lib/runtime/timing';
import { MONTHLY_BUDGET, projectMonth, REFERENCE } from '../feed-cost/projection';
import { startLocalStack } from '../local-stack';

const HOUR_MS = 3_600_000;
const STEP_MS = 5000;
const USED_FOR_MS = 30 * 60_000;

/** `--calls-per-day N` (1 to 5,760: at most one call per 5-second step), else the reference business's. */
function callsPerDay(argv: string[]): number {
  const at = argv.indexOf('--calls-per-day');
  if (at === -1) return REFERENCE.callsPerDay;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 5760) throw new Error('--calls-per-day takes a whole number from 1 to 5760');
  return value;
}

async function main(): Promise<number> {
  const perDay = callsPerDay(process.argv.slice(2));
  // The day's calls spread over its open hours, on the 5-second steps of the simulated hour.
  const callEveryMs = Math.max(STEP_MS, Math.round((REFERENCE.openHoursPerDay * HOUR_MS) / perDay / STEP_MS) * STEP_MS);
  const stack = await startLocalStack();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    await page.clock.install();
    // The alert pass's list requests look like the page's own lists in the emulator's log.
    let alertsDueRequests = 0;
    // The page's requests under way: the simulated clock moves on only once they are answered,
    // so that a request taking longer in real time than the step does not time out on the page.
    let pending = 0;
    page.on('request', (request) => {
      pending++;
      if (new URL(request.url()).pathname === '/alerts-due') alertsDueRequests++;
    });
    page.on('requestfinished', () => pending--);
    page.on('requestfailed', () => pending--);
    const step = async () => {
      await page.clock.runFor(STEP_MS);
      await sleep(40); // real time for the page to start what is due
      for (let waited = 0; pending > 0 && waited < 10_000; waited += 10) await sleep(10);
    };
    const log = stack.airtable!.requestLog;
    const twilioBefore = stack.media.restRequests();
    const start = log.length;
    await page.goto(`${stack.baseUrl}/index.html`);
    await page.fill('#password', stack.env.FEED_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.locator('#feed').waitFor({ state: 'visible' });

    // What the callbacks cost: their upserts and the alert step (a record is a PATCH of one row,
    // a read-back a GET of one row: /Calls/rec…). An hour whose callbacks all got through has no
    // reconcile writes, so the PATCHes are the callbacks'.
    const oneRow = (path: string) => /\/rec[A-Za-z0-9]+$/.test(path);
    const isCallback = (r: { method: string; path: string }) => r.method === 'PATCH' || (r.method === 'GET' && oneRow(r.path));
    // Each kind of call's own requests: those made while it was under way.
    const byKind = { forwarded: [] as number[], voicemail: [] as number[] };
    let calls = 0;
    for (let at = 0; at < HOUR_MS; at += STEP_MS) {
      if (at % callEveryMs === (5 * 60_000) % callEveryMs && at > 0) {
        const before = log.length;
        const call = await stack.call({
          from: `+1470555${String(1000 + calls)}`,
          gather: [String(1 + (calls % 2))],
          dial: [{ outcome: 'no-answer' }],
          record: { seconds: 10, transcript: 'Call me back' },
        });
        if (call.problems.length > 0) throw new Error(`call ${calls + 1} had problems: ${JSON.stringify(call.problems)}`);
        byKind[calls % 2 === 0 ? 'forwarded' : 'voicemail'].push(log.slice(before).filter(isCallback).length);
        calls++;
      }
      if (at < USED_FOR_MS && at % 60_000 === 0) await page.mouse.move(100 + (at / 60_000) * 3, 200);
      await step();
    }
    const hour = log.slice(start);
    // The hour's last calls may wait for the page's list allowance (schedule.js): let it run on,
    // uncounted, until they are shown.
    for (let waited = 0; waited < 10 * 60_000 && (await page.locator('#calls > li').count()) < calls; waited += STEP_MS) {
      await step();
    }
    const shown = await page.locator('#calls > li').count();
    const callbackRequests = hour.filter(isCallback).length;
    const alertReads = hour.filter((r) => r.method === 'GET' && oneRow(r.path)).length;
    // What the page costs: its lists, reconcile's reads, and the alert pass's candidate lists.
    const pageRequests = hour.length - callbackRequests;
    const passLists = alertsDueRequests;
    // The page's reads of when the scheduled reconcile last ran (include=lastScheduledRun).
    const scheduleReads = hour.filter((r) => r.method === 'GET' && /\/Schedule\/?$/.test(r.path)).length;
    const lists = hour.filter((r) => r.method === 'GET' && !oneRow(r.path)).length - passLists - scheduleReads;
    const reconcileReads = hour.filter((r) => r.path.endsWith('/listRecords')).length;
    const projection = projectMonth({ pageRequests, callbackRequests, calls }, perDay);

    console.log(`Simulated hour: ${calls} calls, page in use for 30 min then untouched for 30 min; ${shown} calls shown at the end.`);
    console.log(
      `  Airtable requests: ${hour.length} (page: ${lists} lists + ${reconcileReads} reconcile reads + ${passLists} alert-pass lists + ${scheduleReads} last-scheduled-run reads; callbacks: ${callbackRequests - alertReads} writes + ${alertReads} alert read-backs)`,
    );
    const mean = (counts: number[]) => (counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length)).toFixed(1);
    console.log(
      `  Callbacks, Airtable requests a call: ${(callbackRequests / Math.max(1, calls)).toFixed(1)} (forwarded, unanswered, then a voicemail: ${mean(byKind.forwarded)}; a voicemail at once: ${mean(byKind.voicemail)})`,
    );
    console.log(`  Alerts sent: ${stack.media.messages().length} texts, ${stack.sendgrid.mail().length} emails`);
    console.log(`  Twilio REST requests (no Airtable cost): ${stack.media.restRequests() - twilioBefore}`);
    console.log(
      `Projected month (${perDay} calls a day, feed open ${REFERENCE.openHoursPerDay} h on ${REFERENCE.workingDays} days; the page's share is ${pageRequests} an open hour):`,
    );
    console.log(
      `  feed page ${projection.page.toLocaleString('en-US')} + callbacks ${projection.callbacks.toLocaleString('en-US')} = ${projection.total.toLocaleString('en-US')} Airtable calls a month (budget ${MONTHLY_BUDGET.toLocaleString('en-US')})`,
    );
    console.log(`  with the scheduled reconcile on as well: ${projection.withSchedule.toLocaleString('en-US')}`);
    if (shown < calls) throw new Error(`only ${shown} of ${calls} calls reached the page`);
    // The budget is the reference business's; other volumes are measured, not judged.
    return perDay !== REFERENCE.callsPerDay || projection.total <= MONTHLY_BUDGET ? 0 : 1;
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
