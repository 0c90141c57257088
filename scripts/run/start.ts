// `npm start`: the whole product on this machine. With no .env it runs on safe local
// defaults (Airtable emulator, local credentials); with real Airtable credentials in
// .env it writes to that base instead. Data lives in .data/ so the feed survives restarts.
import { spawn } from 'child_process';
import { copyFileSync, watch } from 'fs';
import { join } from 'path';
import { CALLBACK_RETRY } from '../../functions/lib/voice/response';
import { readEnvFile } from '../env-file';
import {
  LOCAL_AIRTABLE_PORT,
  LOCAL_DEFAULTS,
  LOCAL_MEDIA_PORT,
  LOCAL_RUNTIME_PORT,
  LOCAL_SENDGRID_PORT,
  type LocalStack,
  ROOT,
  startLocalStack,
} from '../local-stack';

const SECRET = /TOKEN|PASSWORD|SECRET|API_KEY/;

/**
 * `npm run dev`: esbuild rebuilds on every change of the code, and the runtime is restarted
 * on a new build (it loads each function once, see local-stack.ts); assets are copied as
 * they change and served at once.
 */
function rebuildOnChange(stack: LocalStack): void {
  const builder = spawn(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--watch'], { cwd: ROOT, stdio: 'inherit' });
  process.on('exit', () => builder.kill());
  let pending: NodeJS.Timeout | undefined;
  watch(join(ROOT, 'dist', 'functions'), () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      stack.restartRuntime().then(
        () => console.log('[dev] functions rebuilt; runtime restarted'),
        (err: Error) => console.error(`[dev] runtime did not restart: ${err.message}`),
      );
    }, 300);
  });
  // The feed page's modules (assets/feed/) are bundled by the watching build instead.
  watch(join(ROOT, 'assets'), (_event, file) => {
    if (file && file !== 'feed') copyFileSync(join(ROOT, 'assets', file), join(ROOT, 'dist', 'assets', file));
  });
  console.log('[dev] watching functions/, scripts/, emulators/ and assets/ for changes');
}

async function main(): Promise<void> {
  // Empty entries (as copied from .env.example) mean "use the default".
  const fromFile = Object.fromEntries(Object.entries(readEnvFile(join(ROOT, '.env'))).filter(([, value]) => value !== ''));
  // A variable .env.example names may also come from the environment, which wins over .env
  // (`FORWARD_TO=+15005550006,+15005550007 npm start`), as in `npm run call` and `npm run reconcile`;
  // the rest of the shell's environment is not given to the functions.
  const names = Object.keys(readEnvFile(join(ROOT, '.env.example')));
  const fromShell = Object.fromEntries(names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  const settings = { ...fromFile, ...fromShell };
  const realAirtable = Boolean(settings.AIRTABLE_TOKEN && settings.AIRTABLE_BASE_ID && !settings.AIRTABLE_ENDPOINT_URL);
  const stack = await startLocalStack({
    // Fixed ports so that `npm run call` finds the media stand-in without being told.
    port: Number(process.env.PORT) || LOCAL_RUNTIME_PORT,
    mediaPort: LOCAL_MEDIA_PORT,
    airtablePort: LOCAL_AIRTABLE_PORT,
    sendgridPort: LOCAL_SENDGRID_PORT,
    dataDir: join(ROOT, '.data'),
    env: settings,
    realAirtable,
    log: (line) => console.log(`[twilio-run] ${line}`),
    // The owner's alerts as they go out: texts through the REST stand-in, email through SendGrid's.
    alertLog: (line) => console.log(`[alert] ${line}`),
  });

  const usingDefaults = Object.keys(LOCAL_DEFAULTS).filter((key) => !(key in settings));
  console.log('');
  console.log(`Phone line running at ${stack.baseUrl}`);
  console.log(`  Voice URL ("A call comes in"):       ${stack.baseUrl}/menu`);
  console.log(`  Call status changes:                 ${stack.baseUrl}/status${CALLBACK_RETRY}`);
  console.log(`  Activity feed:                       ${stack.baseUrl}/index.html`);
  console.log(`  Twilio media and REST stand-in:      ${stack.media.url} (what npm run reconcile reads; alert texts)`);
  console.log(`  SendGrid stand-in:                   ${stack.sendgrid.url} (alert emails; both show here as [alert] lines)`);
  console.log(
    `  Airtable:                            ${realAirtable ? `your base ${stack.env.AIRTABLE_BASE_ID}` : `local emulator at ${stack.env.AIRTABLE_ENDPOINT_URL} (data in .data/)`}`,
  );
  if (usingDefaults.length) {
    console.log('\nLocal defaults in use (set them in .env or the environment to change):');
    for (const key of usingDefaults) {
      const value = stack.env[key];
      // The feed password is a local default the owner needs to sign in; real secrets are never printed.
      const shown = SECRET.test(key) && key !== 'FEED_PASSWORD' ? '(local value)' : value;
      console.log(`  ${key}=${shown}`);
    }
  }
  if (process.argv.includes('--watch')) rebuildOnChange(stack);
  console.log('\nPlace a simulated call in another terminal:  npm run call -- --press 2 --record 12');
  console.log('Stop with Ctrl+C.');

  const shutdown = () => {
    stack.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
