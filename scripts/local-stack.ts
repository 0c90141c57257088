// The whole product running on this machine, with no accounts: the Airtable emulator,
// a stand-in for Twilio's media host and REST API, and the real local Twilio runtime (twilio-run)
// serving the built functions and assets, wired to each other. Used by `npm start`
// and by the end-to-end and browser tests, so both exercise the same wiring.
import { type ChildProcess, spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { type AirtableEmulator, startAirtableEmulator } from '../emulators/airtable';
import { type SendGridStandIn, startSendGridStandIn } from '../emulators/sendgrid';
import { type SimulatedCall, type SimulatedCallOptions, simulateCall, startMediaStandIn } from '../emulators/twilio';
import { LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN } from '../emulators/twilio/local-defaults';
import { feedPasswordWeakness } from '../functions/lib/feed/settings';
import { type AirtableConfig, readScheduleTable } from '../functions/lib/store/settings';
import { CALLBACK_RETRY } from '../functions/lib/voice/response';
import { uploadedVariables } from './config/check';
import { limitProblems } from './config/limits';
import { ensureCallTable, ensureScheduleTable } from './setup-airtable';

// This file runs both compiled (dist/scripts) and from source (tests): find the project root.
function projectRoot(from: string): string {
  return existsSync(join(from, 'package.json')) ? from : projectRoot(dirname(from));
}
export const ROOT = projectRoot(__dirname);

export const LOCAL_DEFAULTS = {
  ACCOUNT_SID: LOCAL_ACCOUNT_SID,
  AUTH_TOKEN: LOCAL_AUTH_TOKEN,
  FORWARD_TO: '+15005550006',
  // The number the simulated callers dial.
  TWILIO_NUMBER: '+15025550100',
  AIRTABLE_TOKEN: 'patLocalEmulatorToken.local',
  AIRTABLE_BASE_ID: 'appLocalCallLog01',
  AIRTABLE_TABLE: 'Calls',
  // Strong enough for the feed's own rule (functions/lib/feed/settings.ts), which npm start
  // applies too; local only, and printed by npm start so the owner can sign in.
  FEED_PASSWORD: 'local-only-q7Vm2Xp9Kw4Rt8Lz',
  // The owner's alerts, to the stand-ins: texts to the owner's phone, email through SendGrid's.
  ALERT_SMS_TO: '+15005550006',
  ALERT_EMAIL_TO: 'owner@example.com',
  ALERT_EMAIL_FROM: 'alerts@example.com',
  SENDGRID_API_KEY: 'SG.local-stand-in-key',
} as const;

// npm start's ports (so that `npm run call` finds it without being told). Everything else that
// starts a stack (tests, soak, benches) asks the OS for free ones, and so runs beside it.
export const LOCAL_RUNTIME_PORT = 3000;
export const LOCAL_MEDIA_PORT = 3001;
export const LOCAL_AIRTABLE_PORT = 3002;
export const LOCAL_SENDGRID_PORT = 3003;

export interface LocalStackOptions {
  /** twilio-run port; 0 picks a free one. */
  port?: number;
  /** Ports of the media stand-in, the Airtable emulator and the SendGrid stand-in; 0 picks free ones. */
  mediaPort?: number;
  airtablePort?: number;
  sendgridPort?: number;
  /** Where the emulator and media stand-in keep their data; omitted = in memory. */
  dataDir?: string;
  /** Variables given to the functions, over the local defaults ('' unsets one). */
  env?: Record<string, string>;
  /** Use this Airtable base instead of starting the emulator. */
  realAirtable?: boolean;
  /** Passed to twilio-run: a process per request, as in production (slower). */
  forkProcess?: boolean;
  /** twilio-run's live mode (reload every function on every request); only to measure what it costs. */
  live?: boolean;
  log?: (line: string) => void;
  /** Where the stand-ins show the texts and emails the product sends. */
  alertLog?: (line: string) => void;
}

export interface LocalStack {
  baseUrl: string;
  env: Record<string, string>;
  airtableConfig: AirtableConfig;
  airtable?: AirtableEmulator;
  media: Awaited<ReturnType<typeof startMediaStandIn>>;
  sendgrid: SendGridStandIn;
  call(options?: Partial<SimulatedCallOptions>): Promise<SimulatedCall>;
  stop(): Promise<void>;
  /** Process id of the twilio-run process, whose memory the soak test watches. */
  runtimePid(): number | undefined;
  /** Restarts twilio-run so that it loads freshly built functions (`npm run dev`). */
  restartRuntime(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`twilio-run exited (${child.exitCode}):\n${output()}`);
    try {
      // Any HTTP answer means the runtime is up (the menu answers 400 without a CallSid).
      await fetch(`${url}/menu`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`twilio-run did not start within 60 s:\n${output()}`);
}

function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join('\n');
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const given = { ...LOCAL_DEFAULTS, ...options.env };
  // Refused before anything starts: the feed functions would refuse every request with it.
  const weakness = feedPasswordWeakness(given.FEED_PASSWORD.trim());
  if (weakness) throw new Error(`FEED_PASSWORD ${weakness}.`);

  const media = await startMediaStandIn({
    port: options.mediaPort ?? 0,
    accountSid: given.ACCOUNT_SID,
    authToken: given.AUTH_TOKEN,
    dataDir: options.dataDir,
    log: options.alertLog,
  });
  // Accepts the key and sender the functions are given, as a SendGrid account would.
  const sendgrid = await startSendGridStandIn({
    port: options.sendgridPort ?? 0,
    apiKey: given.SENDGRID_API_KEY,
    verifiedSenders: given.ALERT_EMAIL_FROM ? [given.ALERT_EMAIL_FROM] : [],
    log: options.alertLog,
  });
  const airtable = options.realAirtable
    ? undefined
    : await startAirtableEmulator({ port: options.airtablePort ?? 0, dataDir: options.dataDir, tokens: [given.AIRTABLE_TOKEN] });

  // The media stand-in also plays Twilio's REST API, for reconcile and alert texts.
  // SIMULATED_TIME lets the simulator's X-Simulated-Time stand for now (business hours); it is
  // never set in production.
  const env: Record<string, string> = {
    TWILIO_API_BASE_URL: media.url,
    SENDGRID_API_BASE_URL: sendgrid.url,
    SIMULATED_TIME: 'allow',
    ...given,
    ...(airtable ? { AIRTABLE_ENDPOINT_URL: airtable.url } : {}),
  };
  // The same limits npm run deploy refuses: here a warning, as the local runtime has none of its own.
  for (const problem of limitProblems(uploadedVariables(env))) console.warn(`[config] ${problem} Deployed, this would fail.`);
  const airtableConfig: AirtableConfig = {
    token: env.AIRTABLE_TOKEN,
    baseId: env.AIRTABLE_BASE_ID,
    table: env.AIRTABLE_TABLE,
    endpointUrl: env.AIRTABLE_ENDPOINT_URL || undefined,
  };
  if (airtable) {
    await ensureCallTable(airtableConfig);
    await ensureScheduleTable(airtableConfig, readScheduleTable(env));
  }

  const port = options.port || (await freePort());
  const workDir = mkdtempSync(join(tmpdir(), 'trusted-line-'));
  const envFile = join(workDir, 'local.env');
  writeFileSync(envFile, envFileText(env), { mode: 0o600 });
  let output = '';
  const startRuntime = () =>
    spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'twilio-run', 'bin', 'twilio-run.js'),
        'start',
        '--cwd',
        ROOT,
        '--functions-folder',
        'dist/functions',
        '--assets-folder',
        'dist/assets',
        '--port',
        String(port),
        '--env',
        envFile,
        // twilio-run's default live mode clears the require cache on every request, and the
        // process grows by megabytes a request until it runs out of memory. Functions are
        // loaded once instead, as in production; `npm run dev` restarts the runtime on a rebuild.
        options.live ? '--live' : '--no-live',
        options.forkProcess ? '--fork-process' : '--no-fork-process',
      ],
      { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(line);
  };
  let child = startRuntime();
  const watchOutput = () => {
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  };
  watchOutput();
  const baseUrl = `http://localhost:${port}`;

  const stopRuntime = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
    clearTimeout(timer);
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };

  const stop = async () => {
    await stopRuntime();
    await Promise.all([airtable?.close(), media.close(), sendgrid.close()]);
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    await waitUntilServing(baseUrl, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    baseUrl,
    env,
    airtableConfig,
    airtable,
    media,
    sendgrid,
    stop,
    runtimePid: () => child.pid,
    restartRuntime: async () => {
      await stopRuntime();
      child = startRuntime();
      watchOutput();
      await waitUntilServing(baseUrl, child, () => output);
    },
    call: (callOptions = {}) =>
      simulateCall({
        baseUrl,
        voiceUrl: '/menu',
        statusCallbackUrl: `/status${CALLBACK_RETRY}`,
        fallbackUrl: '/fallback',
        accountSid: env.ACCOUNT_SID,
        authToken: env.AUTH_TOKEN,
        from: '+14155550123',
        to: env.TWILIO_NUMBER,
        onRecording: (recording) => media.register(recording.recordingSid, recording.seconds),
        onCallRecords: (records) => media.addCallRecords(records),
        restUrl: media.url,
        ...callOptions,
      }),
  };
}
