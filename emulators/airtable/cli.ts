// Runs the Airtable emulator on its own:
//   node dist/emulators/airtable/cli.js [--port 3002] [--host 127.0.0.1] [--data-dir DIR]
//        [--rate-limit [PER_SECOND]] [--latency MS] [--token TOKEN ...]
// The first line on stdout is the URL to use as the client's endpointUrl; request logs
// go to stderr.
import { type AirtableEmulatorOptions, startAirtableEmulator } from './index';

const USAGE = 'usage: cli [--port N] [--host HOST] [--data-dir DIR] [--rate-limit [PER_SECOND]] [--latency MS] [--token TOKEN]...';

function parseArgs(argv: string[]): AirtableEmulatorOptions {
  const options: AirtableEmulatorOptions = { log: (line) => process.stderr.write(`${line}\n`) };
  const number = (flag: string, value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${flag} needs a non-negative number`);
    return parsed;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const next = (): string => {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
      return value;
    };
    switch (flag) {
      case '--port':
        options.port = number(flag, next());
        break;
      case '--host':
        options.host = next();
        break;
      case '--data-dir':
        options.dataDir = next();
        break;
      case '--latency':
        options.latencyMs = number(flag, next());
        break;
      case '--token':
        options.tokens = [...(options.tokens ?? []), next()];
        break;
      case '--rate-limit': {
        // The per-second figure is optional: `--rate-limit` alone means Airtable's 5.
        const value = inline ?? (/^\d+$/.test(argv[i + 1] ?? '') ? argv[++i] : undefined);
        options.rateLimit = { enabled: true, ...(value !== undefined ? { perSecond: number(flag, value) } : {}) };
        break;
      }
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: AirtableEmulatorOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startAirtableEmulator(options);
  console.log(emulator.url);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
