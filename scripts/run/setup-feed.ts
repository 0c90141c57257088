// `npm run setup:feed`: a long random feed password in .env (see scripts/setup-feed.ts).
import { join } from 'path';
import { runCommand, UsageError } from '../cli';
import { ROOT } from '../local-stack';
import { setupFeed } from '../setup-feed';

runCommand({
  usage: [
    'Usage: npm run setup:feed [-- --rotate] [-- --env <file>]',
    '',
    'Writes a long random FEED_PASSWORD into .env (or <file>), creating it from .env.example when missing.',
    'A strong password already there is kept unless --rotate is given. Nothing secret is printed.',
  ].join('\n'),
  parse(argv) {
    const at = argv.indexOf('--env');
    if (at !== -1 && !argv[at + 1]) throw new UsageError('--env needs a file');
    const unknown = argv.filter((arg, i) => !['--rotate', '--env', '--help', '-h'].includes(arg) && !(at !== -1 && i === at + 1));
    if (unknown.length > 0) throw new UsageError(`Unknown argument: ${unknown[0]}`);
    return {
      help: argv.includes('--help') || argv.includes('-h'),
      rotate: argv.includes('--rotate'),
      envFile: at === -1 ? join(ROOT, '.env') : argv[at + 1],
    };
  },
  async run({ envFile, rotate }) {
    console.log(setupFeed({ envFile, exampleFile: join(ROOT, '.env.example'), rotate }));
    return 0;
  },
});
