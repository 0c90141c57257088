// `npm run bench:cold-start`: modules and milliseconds each built Function adds on a cold
// load, over what the Functions runtime already holds. Caller-path functions must stay
// within the module budget: that load time is silence for a caller.
import { readdirSync } from 'fs';
import { join } from 'path';
import { CALLER_PATH, CALLER_PATH_MODULE_BUDGET, measureColdLoad } from '../cold-load';
import { ROOT } from '../local-stack';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): number {
  const dir = join(ROOT, 'dist', 'functions');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.js'))
    .sort();
  let overBudget = 0;
  console.log(`Cold load of each function (median of ${RUNS} fresh processes), beyond what the runtime holds:\n`);
  console.log(`${'function'.padEnd(20)}${'path'.padEnd(10)}${'modules'.padStart(8)}${'ms'.padStart(8)}  packages`);
  for (const file of files) {
    const name = file.replace(/(\.protected)?\.js$/, '');
    const runs = Array.from({ length: RUNS }, () => measureColdLoad(join(dir, file), ROOT));
    const callerPath = CALLER_PATH.includes(name);
    const role = callerPath ? 'caller' : file.includes('.protected.') ? 'callback' : 'feed';
    const modules = runs[0].modules;
    const over = callerPath && modules > CALLER_PATH_MODULE_BUDGET;
    if (over) overBudget++;
    console.log(
      `${`/${name}`.padEnd(20)}${role.padEnd(10)}${String(modules).padStart(8)}` +
        `${median(runs.map((run) => run.milliseconds))
          .toFixed(1)
          .padStart(8)}  ${runs[0].packages.join(', ') || '-'}${over ? '  OVER BUDGET' : ''}`,
    );
  }
  console.log(
    `\nBudget: at most ${CALLER_PATH_MODULE_BUDGET} modules for a caller-path function. ${overBudget ? `${overBudget} over.` : 'All within.'}`,
  );
  return overBudget ? 1 : 0;
}

process.exitCode = main();
