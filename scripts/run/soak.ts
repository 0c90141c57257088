// `npm run soak`: the local stack under a day's worth of use, bounded: requests across the
// feed and the webhooks, with the twilio-run process's memory (RSS) printed before and
// after. Growth must stay under 50 MB, or a feed left open would kill the stack.
//   npm run soak -- [--requests 1200] [--live]   (--live: twilio-run's default mode, for comparison)
import { readFileSync } from 'fs';
import { signTwilioRequest } from '../../emulators/twilio';
import { type LocalStack, startLocalStack } from '../local-stack';

const GROWTH_BUDGET_MB = 50;
const WARM_UP = 60;

function rssMegabytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024;
}

const hex = (n: number) => n.toString(16).padStart(32, '0');

/** One request of the mix: the feed's list, each TwiML step of a call, and the status callback. */
function request(stack: LocalStack, i: number): Promise<Response> {
  const callSid = `CA${hex(i)}`;
  const post = (path: string, params: Record<string, string>) => {
    const url = `${stack.baseUrl}${path}`;
    return fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': signTwilioRequest(stack.env.AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params),
    });
  };
  const auth = `Basic ${Buffer.from(`owner:${stack.env.FEED_PASSWORD}`).toString('base64')}`;
  switch (i % 6) {
    case 0:
      return fetch(`${stack.baseUrl}/calls?pageSize=50`, { headers: { Authorization: auth } });
    case 1:
      return post('/menu', { CallSid: callSid, From: '+14155550123', To: '+15025550100', CallStatus: 'ringing' });
    case 2:
      return post('/menu-choice', { CallSid: callSid, Digits: String(1 + (i % 2)), From: '+14155550123' });
    case 3:
      return post('/voicemail', { CallSid: callSid });
    case 4:
      return post('/voicemail-done', { CallSid: callSid, RecordingDuration: '12' });
    default:
      return post('/status', { CallSid: callSid, CallStatus: 'completed', CallDuration: '30', From: '+14155550123', To: '+15025550100' });
  }
}

async function send(stack: LocalStack, from: number, count: number): Promise<number> {
  let failures = 0;
  for (let i = from; i < from + count; i += 4) {
    const batch = Array.from({ length: Math.min(4, from + count - i) }, (_, k) => request(stack, i + k));
    for (const response of await Promise.all(batch)) {
      await response.arrayBuffer();
      if (!response.ok) failures++;
    }
  }
  return failures;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const requests = Number(argv[argv.indexOf('--requests') + 1]) || 1200;
  const live = argv.includes('--live');
  const stack = await startLocalStack({ live });
  try {
    const pid = stack.runtimePid();
    if (pid === undefined) throw new Error('twilio-run is not running');
    await send(stack, 0, WARM_UP);
    const before = rssMegabytes(pid);
    const started = Date.now();
    const failures = await send(stack, WARM_UP, requests);
    const after = rssMegabytes(pid);
    const growth = after - before;
    console.log(
      `twilio-run (${live ? 'live mode' : '--no-live'}): ${requests} requests across /calls, /menu, /menu-choice, /voicemail, /voicemail-done, /status in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures} failed`,
    );
    console.log(
      `RSS before: ${before.toFixed(1)} MB   after: ${after.toFixed(1)} MB   growth: ${growth.toFixed(1)} MB (budget < ${GROWTH_BUDGET_MB} MB)`,
    );
    return growth < GROWTH_BUDGET_MB && failures === 0 ? 0 : 1;
  } finally {
    await stack.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
