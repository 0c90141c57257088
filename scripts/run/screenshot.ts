// Entry of `npm run screenshot` (bundled to dist/scripts/screenshot.js): the picture of the
// feed in the docs, docs/feed.png. The browser tests take none, so that `npm test` leaves the
// tree as it found it; run this when the page's looks change, and commit the picture.
// The local stack on free ports, with the browser tests' calls of every kind, in Debian's
// Chromium (CHROMIUM_PATH to use another).
import { mkdirSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { launchChromium, zoneWhereItIsNoon } from '../../test/browser/browser';
import { feedCalls, seedCalls } from '../../test/feed/calls-fixture';
import { runCommand, UsageError } from '../cli';
import { ROOT, startLocalStack } from '../local-stack';

const USAGE = `Usage: npm run screenshot [-- --out <file.png>]

Signs in to the feed page of a local stack seeded with calls of every kind, and saves a
picture of it, 1280 x 900, to docs/feed.png (or <file.png>).`;

interface Args {
  help: boolean;
  out: string;
}

runCommand<Args>({
  usage: USAGE,
  parse(argv) {
    const args: Args = { help: false, out: join(ROOT, 'docs', 'feed.png') };
    for (let i = 0; i < argv.length; i++) {
      if (argv[i] === '--help' || argv[i] === '-h') args.help = true;
      else if (argv[i] === '--out' && argv[i + 1]) args.out = resolve(argv[++i]);
      else throw new UsageError(`Unknown argument: ${argv[i]}`);
    }
    return args;
  },
  async run({ out }) {
    const now = new Date();
    const stack = await startLocalStack();
    const browser = await launchChromium().catch(async (err: Error) => {
      await stack.stop();
      throw err;
    });
    try {
      const fixture = feedCalls(now);
      await seedCalls(
        stack.airtableConfig,
        fixture.map(({ call }) => call),
      );
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        timezoneId: zoneWhereItIsNoon(now),
        locale: 'en-US',
      });
      const page = await context.newPage();
      await page.goto(`${stack.baseUrl}/index.html`);
      await page.fill('#password', stack.env.FEED_PASSWORD);
      await page.click('#sign-in-form button[type=submit]');
      // Every call listed; a caller's earlier calls are in the thread under their latest, hidden.
      await page
        .locator(`#calls > li`)
        .nth(fixture.length - 1)
        .waitFor({ state: 'attached' });
      await page.locator('#stat-calls').filter({ hasNotText: '–' }).waitFor();
      mkdirSync(dirname(out), { recursive: true });
      await page.screenshot({ path: out });
      console.log(`Saved ${out}`);
      return 0;
    } finally {
      await browser.close();
      await stack.stop();
    }
  },
});
