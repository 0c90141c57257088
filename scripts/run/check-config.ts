// `npm run check:config`: refuses a .env the deployed Functions could not run on (npm run deploy
// runs it first). Exit 1 with a line per problem, each naming the variable.
import { join } from 'path';
import { runCommand, UsageError } from '../cli';
import { configProblems } from '../config/check';
import { readEnvFile } from '../env-file';
import { ROOT } from '../local-stack';

runCommand({
  usage:
    'Usage: npm run check:config [-- --env <file>]\n\nChecks .env (or <file>) before npm run deploy uploads it: required settings, and the Functions limits (450 bytes a variable, 3 KB of context).',
  parse(argv) {
    const at = argv.indexOf('--env');
    if (at !== -1 && !argv[at + 1]) throw new UsageError('--env needs a file');
    return { help: argv.includes('--help') || argv.includes('-h'), envFile: at === -1 ? join(ROOT, '.env') : argv[at + 1] };
  },
  async run({ envFile }) {
    const problems = configProblems(readEnvFile(envFile));
    for (const problem of problems) console.error(problem);
    if (problems.length > 0) {
      console.error(`\n.env has ${problems.length} problem(s); fix it before deploying.`);
      return 1;
    }
    console.log('.env is ready to deploy.');
    return 0;
  },
});
