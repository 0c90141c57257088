// `npm run bench:scale`: how the line holds up as it gets busy. First, healing: bursts of 40,
// 200 and 1,000 calls whose callbacks were all lost, healed by the feed's /reconcile asked as
// the page asks it, under Airtable's real limit (5 requests per second per base, then 30 s
// locked out): the time to complete, rows a second, the longest answer, 429s after the first.
// Then, unless --healing-only, what an open feed costs an hour at 50, 500 and 2,000 calls a
// day (`npm run bench:feed -- --calls-per-day N`, a simulated hour each; some 10 minutes in all).
//   npm run bench:scale
//   npm run bench:scale -- --healing-only
import { spawnSync } from 'child_process';
import { join } from 'path';
import { healAsThePageDoes } from '../feed-cost/heal-loop';
import { missedThenVoicemail } from '../feed-cost/twilio-history';
import { startLocalStack } from '../local-stack';

const BURSTS = [40, 200, 1000];
const VOLUMES = [50, 500, 2000];
const NOW = new Date('2026-11-23T15:00:00Z');

async function healing(): Promise<boolean> {
  console.log('Healing a burst whose callbacks were all lost (Airtable at 5 requests/s, 30 s lockout):');
  let ok = true;
  for (const calls of BURSTS) {
    // A fresh stack each time: Twilio's records and the table hold only this burst.
    const stack = await startLocalStack();
    try {
      stack.media.addCallRecords(missedThenVoicemail(calls, stack.env.TWILIO_NUMBER, 0x100000, new Date(NOW.getTime() - 40 * 60_000)));
      stack.airtable!.setRateLimit({ enabled: true, perSecond: 5, lockoutMs: 30_000 });
      const h = await healAsThePageDoes(stack, NOW);
      ok &&= h.finished && h.failed === 0 && h.longestAnswerMs < 9000 && h.lockoutsAfterTheFirst === 0;
      console.log(
        `  ${String(calls).padStart(5)} calls: ${h.finished ? 'complete' : 'NOT complete'} after ${h.seconds.toFixed(0)} s, ${h.asks} asks, ` +
          `${h.restored} rows restored (${(h.restored / h.seconds).toFixed(1)} rows/s), longest answer ${(h.longestAnswerMs / 1000).toFixed(1)} s, ` +
          `${h.lockoutsAfterTheFirst} 429s after the first, ${h.airtableRequests} Airtable requests`,
      );
    } finally {
      await stack.stop();
    }
  }
  return ok;
}

function feedCost(): void {
  console.log('\nAn open feed, by volume (a simulated hour each):');
  for (const perDay of VOLUMES) {
    const run = spawnSync(process.execPath, [join(__dirname, 'bench-feed.js'), '--calls-per-day', String(perDay)], { encoding: 'utf8' });
    const share = /page's share is (\d+) an open hour/.exec(run.stdout)?.[1];
    const month = /feed page ([\d,]+) \+ callbacks ([\d,]+) = ([\d,]+)/.exec(run.stdout);
    console.log(
      share && month
        ? `  ${String(perDay).padStart(5)} calls a day: the page ${share} Airtable requests an open hour; a month: page ${month[1]} + callbacks ${month[2]} = ${month[3]}`
        : `  ${perDay} calls a day: bench:feed failed:\n${run.stdout}${run.stderr}`,
    );
  }
}

async function main(): Promise<number> {
  const ok = await healing();
  if (!process.argv.includes('--healing-only')) feedCost();
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
