import {
  type CallbackDelivery,
  type Callee,
  type DialOutcome,
  type GatherInput,
  loadCredentials,
  type RecordInput,
  simulateCall,
} from '../emulators/twilio';
import { CALLBACK_RETRY } from '../functions/lib/voice/response';
import { type Command, UsageError } from './cli';
import { LOCAL_MEDIA_PORT, LOCAL_RUNTIME_PORT, LOCAL_SENDGRID_PORT } from './local-stack';

export interface CallArgs {
  help: boolean;
  baseUrl: string;
  voiceUrl: string;
  statusCallbackUrl: string;
  fallbackUrl: string;
  from: string;
  to: string;
  callerName?: string;
  gather: GatherInput[];
  dial: DialOutcome[];
  record?: RecordInput;
  callbacks: CallbackDelivery;
  mediaUrl?: string;
  /** The SendGrid stand-in, asked which alert emails went out. */
  sendgridUrl: string;
  startAt?: Date;
  /** The media stand-in accepts the alert texts, then reports them undelivered with this code. */
  textUndelivered?: number;
}

const USAGE = `Usage: npm run call -- [options]

Plays Twilio's part in one inbound call against the locally running Functions and prints it.

  --url URL                 Functions base URL (default: $CALL_BASE_URL, or http://localhost:$PORT, 3000)
  --voice PATH              voice webhook (default: /menu)
  --status-callback PATH    number's status callback, may carry #rc=..&rp=.. overrides
                            (default: /status#rc=3&rp=5xx,ct,rt)
  --fallback PATH           number's "Primary handler fails" URL (default: /fallback)
  --from E164               caller (default: +14155550123)
  --to E164                 the Twilio number (default: +15025550100)
  --caller-name NAME        send CallerName
  --press KEYS              keys at the next <Gather>, repeatable in order: 1, 123#, silence, hangup
  --dial OUTCOME            next <Dial>, repeatable: no-answer | busy | failed |
                            answered:SECONDS[:caller|:callee][:screen=KEYS[,KEYS…]]
                            (caller/callee = who hangs up, default callee; screen = keys the callee
                            presses at a <Number url> screening <Gather>, default silence)
                            or one phone per <Number>, joined with +, each:
                              accepts[[:AFTER]:SECONDS][:caller|:callee]  a person picks up (after
                                                    AFTER s of ringing, default 4), presses 1 and
                                                    talks SECONDS (default 30)
                              ignores               a person picks up and presses nothing
                              carrier-voicemail[:AFTER]  the carrier's voicemail picks up after
                                                    AFTER s of ringing (default 25)
                              declines              declined or busy: carrier voicemail at once
                              no-answer | busy | unreachable
                            e.g. --dial no-answer+accepts:40+carrier-voicemail, or with several
                            phones in FORWARD_TO: --dial carrier-voicemail:2+accepts:8:45+no-answer
  --record SECONDS[:END]    at <Record>: speak SECONDS, then END = # (default) | hangup | timeout
  --transcript TEXT         transcription text of the recording
  --transcription-failed    the transcription fails
  --duplicate-callbacks     deliver every asynchronous callback twice
  --callbacks ORDER         natural (default) | reverse | shuffle
  --at INSTANT              simulated time the call starts, ISO 8601 with its offset
                            (2026-12-25T10:00:00-05:00): business hours are checked against it
  --text-undelivered CODE   the alert texts are accepted, then reported undelivered with Twilio
                            error CODE (30034: the number is not registered for A2P 10DLC)
  --media-url URL           media and REST stand-in: recordings and the call's records (for
                            npm run reconcile) are reported to it (RecordingUrl stays on
                            api.twilio.com, as Twilio sends it)
                            (default: $CALL_MEDIA_URL or npm start's http://127.0.0.1:3001)
  --sendgrid-url URL        SendGrid stand-in, asked which alert emails went out; the media stand-in
                            is asked for the texts (default: $CALL_SENDGRID_URL or http://127.0.0.1:3003)
  --help                    this text

Credentials: ACCOUNT_SID / AUTH_TOKEN from the environment, else ./.env, else the local defaults.
Exit status: 0 ok, 1 application error / failed callback / loop guard, 2 bad arguments.`;

const KEYS = /^[0-9*#]+$/;
const VALUE_FLAGS = new Set([
  'url',
  'voice',
  'status-callback',
  'fallback',
  'from',
  'to',
  'caller-name',
  'press',
  'dial',
  'record',
  'transcript',
  'callbacks',
  'media-url',
  'sendgrid-url',
  'at',
  'text-undelivered',
]);
const SWITCHES = new Set(['help', 'duplicate-callbacks', 'transcription-failed']);

function parseKeys(value: string, flag: string): GatherInput {
  if (value === 'silence') return null;
  if (value === 'hangup') return 'hangup';
  if (KEYS.test(value)) return value;
  throw new UsageError(`${flag} ${value}: expected keys 0-9 * #, "silence" or "hangup"`);
}

function parseSeconds(value: string, flag: string): number {
  const n = Number(value);
  if (value === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${flag}: "${value}" is not a number of seconds`);
  return n;
}

function parsePhone(value: string, whole: string): Callee {
  const [kind, ...parts] = value.split(':');
  const bad = () =>
    new UsageError(
      `--dial ${whole}: "${value}" is not a phone behaviour (accepts, ignores, carrier-voicemail, declines, no-answer, busy, unreachable)`,
    );
  switch (kind) {
    case 'accepts': {
      // accepts:TALK or accepts:AFTER:TALK, then who hangs up.
      const numbers = parts.filter((part) => /^\d/.test(part));
      const [by, ...rest] = parts.slice(numbers.length);
      if (numbers.length > 2 || rest.length > 0 || (by !== undefined && by !== 'caller' && by !== 'callee')) throw bad();
      const [after, talk] = numbers.length === 2 ? numbers : [undefined, numbers[0]];
      return {
        kind: 'person',
        keys: ['1'],
        talkSeconds: talk === undefined ? 30 : parseSeconds(talk, '--dial'),
        ...(after !== undefined ? { answerAfterSeconds: parseSeconds(after, '--dial') } : {}),
        ...(by ? { hangupBy: by } : {}),
      };
    }
    case 'ignores':
      if (parts.length > 0) throw bad();
      return { kind: 'person', keys: [], talkSeconds: 0 };
    case 'carrier-voicemail':
      if (parts.length > 1) throw bad();
      return { kind: 'carrier-voicemail', ...(parts[0] !== undefined ? { answerAfterSeconds: parseSeconds(parts[0], '--dial') } : {}) };
    case 'declines':
      if (parts.length > 0) throw bad();
      return { kind: 'carrier-voicemail', answerAfterSeconds: 1 };
    case 'no-answer':
    case 'busy':
    case 'unreachable':
      if (parts.length > 0) throw bad();
      return { kind };
    default:
      throw bad();
  }
}

function parseDial(value: string): DialOutcome {
  if (value === 'no-answer' || value === 'busy' || value === 'failed') return { outcome: value };
  if (!value.startsWith('answered')) return { phones: value.split('+').map((phone) => parsePhone(phone, value)) };
  const [kind, talk, ...rest] = value.split(':');
  if (kind !== 'answered' || talk === undefined) {
    throw new UsageError(`--dial ${value}: expected no-answer, busy, failed or answered:SECONDS`);
  }
  const outcome: Extract<DialOutcome, { outcome: 'answered' }> = { outcome: 'answered', talkSeconds: parseSeconds(talk, '--dial') };
  for (const part of rest) {
    if (part === 'caller' || part === 'callee') outcome.hangupBy = part;
    else if (part.startsWith('screen='))
      outcome.screen = part
        .slice(7)
        .split(',')
        .map((k) => parseKeys(k, '--dial screen'));
    else throw new UsageError(`--dial ${value}: unknown part "${part}"`);
  }
  return outcome;
}

function parseRecord(value: string): RecordInput {
  const [seconds, end = '#'] = value.split(':');
  if (end !== '#' && end !== 'hangup' && end !== 'timeout') {
    throw new UsageError(`--record ${value}: the end must be #, hangup or timeout`);
  }
  return { seconds: parseSeconds(seconds, '--record'), end };
}

/** Turns command-line flags into simulator options; throws UsageError on anything it cannot read. */
export function parseCallArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CallArgs {
  const args: CallArgs = {
    help: false,
    // Where `npm start` runs the Functions: PORT moves it there as here.
    baseUrl: env.CALL_BASE_URL || `http://localhost:${Number(env.PORT) || LOCAL_RUNTIME_PORT}`,
    voiceUrl: '/menu',
    statusCallbackUrl: `/status${CALLBACK_RETRY}`,
    fallbackUrl: '/fallback',
    from: '+14155550123',
    to: '+15025550100',
    // Where `npm start` runs the media stand-in, so voicemails play in the feed.
    mediaUrl: env.CALL_MEDIA_URL || `http://127.0.0.1:${LOCAL_MEDIA_PORT}`,
    sendgridUrl: env.CALL_SENDGRID_URL || `http://127.0.0.1:${LOCAL_SENDGRID_PORT}`,
    gather: [],
    dial: [],
    callbacks: {},
  };
  let record: RecordInput | undefined;
  let transcript: string | null | undefined;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-h') {
      args.help = true;
      continue;
    }
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (SWITCHES.has(name)) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      if (name === 'help') args.help = true;
      else if (name === 'duplicate-callbacks') args.callbacks.duplicate = true;
      else transcript = null;
      continue;
    }
    if (!VALUE_FLAGS.has(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq === -1 ? argv[++i] : token.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);

    switch (name) {
      case 'url':
        args.baseUrl = value;
        break;
      case 'voice':
        args.voiceUrl = value;
        break;
      case 'status-callback':
        args.statusCallbackUrl = value;
        break;
      case 'fallback':
        args.fallbackUrl = value;
        break;
      case 'from':
        args.from = value;
        break;
      case 'to':
        args.to = value;
        break;
      case 'caller-name':
        args.callerName = value;
        break;
      case 'press':
        args.gather.push(parseKeys(value, '--press'));
        break;
      case 'dial':
        args.dial.push(parseDial(value));
        break;
      case 'record':
        record = parseRecord(value);
        break;
      case 'transcript':
        transcript = value;
        break;
      case 'at': {
        const at = new Date(value);
        if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || Number.isNaN(at.getTime())) {
          throw new UsageError(`--at ${value}: expected an ISO 8601 date and time such as 2026-12-25T10:00:00-05:00`);
        }
        args.startAt = at;
        break;
      }
      case 'callbacks':
        if (value !== 'natural' && value !== 'reverse' && value !== 'shuffle') {
          throw new UsageError(`--callbacks ${value}: expected natural, reverse or shuffle`);
        }
        args.callbacks.order = value;
        break;
      case 'text-undelivered':
        if (!/^\d{5}$/.test(value)) throw new UsageError(`--text-undelivered ${value}: expected a Twilio error code such as 30034`);
        args.textUndelivered = Number(value);
        break;
      case 'sendgrid-url':
        args.sendgridUrl = value.replace(/\/+$/, '');
        break;
      default:
        args.mediaUrl = value.replace(/\/+$/, '');
    }
  }
  try {
    new URL(args.voiceUrl, args.baseUrl);
  } catch {
    throw new UsageError(`--url ${args.baseUrl}: not a URL`);
  }
  if (record || transcript !== undefined) {
    args.record = { ...(record ?? { seconds: 8, end: '#' }), ...(transcript !== undefined ? { transcript } : {}) };
  }
  return args;
}

/**
 * Tells the media stand-in (possibly another process) what the call left at Twilio: a recording
 * to serve, or the call's records for its REST lists. The call goes on if it cannot be told.
 */
async function tellStandIn(mediaUrl: string, path: string, what: string, body: object): Promise<void> {
  try {
    const res = await fetch(`${mediaUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) console.error(`warning: media stand-in refused ${what}: ${res.status} ${await res.text()}`);
  } catch (err) {
    console.error(`warning: media stand-in at ${mediaUrl} unreachable: ${(err as Error).message}`);
  }
}

/** What one stand-in says it sent; an empty list (and a note) when it cannot be asked. */
async function sentBy<T>(url: string, what: string, key: string): Promise<T[]> {
  try {
    const res = await fetch(url);
    if (res.ok) return ((await res.json()) as Record<string, T[]>)[key] ?? [];
    console.log(`  (the ${what} stand-in answered ${res.status})`);
  } catch {
    console.log(`  (no ${what} stand-in at ${new URL(url).origin})`);
  }
  return [];
}

interface ReportedText {
  from: string;
  to: string;
  body: string;
  status: string;
  errorCode?: number;
}

const FINAL_TEXT = new Set(['delivered', 'undelivered']);

/** The texts about this call once Twilio's reports of them are out (a couple of seconds at most). */
async function textsAbout(mediaUrl: string, callSid: string): Promise<ReportedText[]> {
  for (let waited = 0; ; waited += 200) {
    const texts = (await sentBy<ReportedText>(`${mediaUrl}/__sim/messages`, 'Twilio REST', 'messages')).filter((m) =>
      m.body.includes(callSid),
    );
    if (waited >= 3000 || texts.every((m) => FINAL_TEXT.has(m.status))) return texts;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The owner's alerts about this call, as the stand-ins received them: each carries the call's link. */
async function printAlerts(args: CallArgs, callSid: string): Promise<void> {
  console.log('\nAlerts sent to the owner:');
  const texts = args.mediaUrl ? await textsAbout(args.mediaUrl, callSid) : [];
  const mail = await sentBy<{ from: string; to: string[]; subject: string; text: string }>(
    `${args.sendgridUrl}/__sim/mail`,
    'SendGrid',
    'mail',
  );
  const about = (text: string) => text.includes(callSid);
  const lines = [
    ...texts.map(
      (m) =>
        `  SMS from ${m.from} to ${m.to} (${m.status}${m.errorCode ? `, error ${m.errorCode}` : ''}):\n    ${m.body.replace(/\n/g, '\n    ')}`,
    ),
    ...mail.filter((m) => about(m.text)).map((m) => `  email from ${m.from} to ${m.to.join(', ')}: ${m.subject}`),
  ];
  console.log(lines.length ? lines.join('\n') : '  none');
}

async function placeCall(args: CallArgs): Promise<number> {
  const { mediaUrl } = args;
  if (args.textUndelivered !== undefined) {
    if (!mediaUrl) throw new UsageError('--text-undelivered needs the media stand-in (--media-url)');
    // Every text sent while this call runs (one per owner phone); reset once it is over.
    await tellStandIn(mediaUrl, '/__sim/messages/undeliver', 'the undelivered texts', { count: 10, errorCode: args.textUndelivered });
  }
  const call = await simulateCall({
    ...loadCredentials(),
    baseUrl: args.baseUrl,
    voiceUrl: args.voiceUrl,
    statusCallbackUrl: args.statusCallbackUrl,
    fallbackUrl: args.fallbackUrl,
    from: args.from,
    to: args.to,
    callerName: args.callerName,
    gather: args.gather,
    dial: args.dial,
    record: args.record,
    callbacks: args.callbacks,
    startAt: args.startAt,
    onRecording: mediaUrl
      ? (rec) => tellStandIn(mediaUrl, '/__sim/recordings', rec.recordingSid, { sid: rec.recordingSid, seconds: rec.seconds })
      : undefined,
    restUrl: mediaUrl,
    onCallRecords: mediaUrl ? (records) => tellStandIn(mediaUrl, '/__sim/calls', 'the call records', records) : undefined,
    log: (line) => console.log(line),
  });
  if (args.textUndelivered !== undefined && mediaUrl)
    await tellStandIn(mediaUrl, '/__sim/messages/undeliver', 'the undelivered texts', { count: 0 });
  await printAlerts(args, call.callSid);
  if (call.problems.length === 0) return 0;
  console.log(`\n${call.problems.length} problem(s):`);
  for (const p of call.problems) console.log(`  - ${JSON.stringify(p)}`);
  return 1;
}

/** `npm run call`, run by scripts/run/call.ts. */
export const callCommand: Command<CallArgs> = { usage: USAGE, parse: (argv) => parseCallArgs(argv), run: placeCall };
