// `npm run build`: bundles each Twilio Function into one self-contained file, the way
// `twilio serverless:deploy` uploads it: our own modules inlined (so no deployed file
// requires another by relative path, and no helper module becomes a Function of its own),
// npm packages (twilio, airtable) left as imports that Twilio's build installs from
// package.json. Also bundles the command-line scripts and the feed page's script, and copies
// the static assets.
// Type-checking is `npm run typecheck` (tsc), which `npm run build` runs first.
// `node scripts/build.mjs --watch` rebuilds on every change of the code (used by `npm run dev`).

import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as esbuild from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');

const functionEntries = readdirSync(join(root, 'functions'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(root, 'functions', name));

// Each command's entry (scripts/run/*.ts) becomes dist/scripts/<command>.js.
const toolEntries = [
  ...readdirSync(join(root, 'scripts', 'run')).map((name) => ({
    in: join(root, 'scripts', 'run', name),
    out: join('scripts', name.replace(/\.ts$/, '')),
  })),
  { in: join(root, 'emulators', 'airtable', 'cli.ts'), out: join('emulators', 'airtable', 'cli') },
];

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The Functions runtime is node22 (.twilioserverlessrc); this machine's Node is 20.
  target: 'node20',
  packages: 'external',
  // A stack trace in the Functions log points at the TypeScript line.
  sourcemap: 'inline',
  sourcesContent: false,
  logLevel: 'warning',
};

// The page's scripts and styles are served minified: their JSDoc types and comments are for
// the type-checker and the reader (tsconfig.assets.json), not for the owner's phone.
const MINIFIED = { '.js': 'js', '.css': 'css' };

// The feed page's modules (assets/feed/) are served only as the one bundle below.
const FEED_MODULES = join(root, 'assets', 'feed');

async function copyAssets() {
  cpSync(join(root, 'assets'), join(dist, 'assets'), { recursive: true, filter: (source) => source !== FEED_MODULES });
  for (const name of readdirSync(join(root, 'assets'))) {
    const loader = MINIFIED[extname(name)];
    if (!loader) continue;
    const { code } = await esbuild.transform(readFileSync(join(root, 'assets', name), 'utf8'), { loader, minify: true, target: 'es2022' });
    writeFileSync(join(dist, 'assets', name), code);
  }
}

const copyAssetsPlugin = { name: 'copy-assets', setup: (build) => build.onEnd(copyAssets) };

// A watch build runs beside a serving runtime, which must never find the folder empty.
if (!watch) rmSync(dist, { recursive: true, force: true });
// The feed page loads one classic script (index.html, under a CSP of script-src 'self'): its
// modules and nothing else, inlined into one function, minified.
const feedPage = {
  entryPoints: [join(FEED_MODULES, 'main.js')],
  outfile: join(dist, 'assets', 'feed.js'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  minify: true,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: functionEntries, outdir: join(dist, 'functions'), plugins: [copyAssetsPlugin] },
  { ...common, entryPoints: toolEntries, outdir: dist },
  feedPage,
];

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
