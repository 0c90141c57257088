// Which phone's end moves a caller nobody took to voicemail, and the verdict it keeps at Twilio
// (the stand-in's Sync, through the real SDK) for the caller's final status to write.
import twilio from 'twilio';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { lastPhoneVerdict, type PhoneCall, type TwilioClient } from '../../functions/lib/forwarding/phones';
import { claimVerdict, keptVerdict } from '../../functions/lib/forwarding/ring-record';
import { atApiBase } from '../../functions/lib/twilio/api';
import { CALL_SID } from '../support/invoke';

const phone = (n: number, status: string, endedAt: string): PhoneCall => ({
  sid: `CA${n.toString(16).padStart(32, '0')}`,
  to: `+1415555010${n}`,
  status,
  startTime: null,
  dateUpdated: new Date(endedAt),
});

describe('the phone whose end moves the caller', () => {
  it('is the one that ended last, whatever order the callbacks come in', () => {
    const calls = [phone(1, 'busy', '2026-11-20T15:00:01Z'), phone(2, 'no-answer', '2026-11-20T15:00:20Z')];
    expect(lastPhoneVerdict(calls, calls[1].sid)).toBe('no-answer');
    expect(lastPhoneVerdict(calls, calls[0].sid)).toBeUndefined();
  });

  it('is none while a phone still rings', () => {
    const calls = [phone(1, 'no-answer', '2026-11-20T15:00:20Z'), phone(2, 'ringing', '2026-11-20T15:00:00Z')];
    expect(lastPhoneVerdict(calls, calls[0].sid)).toBeUndefined();
  });

  it('may be either of two that rang out in the same second: whichever callback finds both ended', () => {
    // Twilio's times have whole seconds. The first callback may have found the other still ringing,
    // so the second must act, whichever SID sorts first.
    const calls = [phone(1, 'no-answer', '2026-11-20T15:00:20Z'), phone(2, 'no-answer', '2026-11-20T15:00:20Z')];
    expect(lastPhoneVerdict(calls, calls[0].sid)).toBe('no-answer');
    expect(lastPhoneVerdict(calls, calls[1].sid)).toBe('no-answer');
  });
});

describe("the verdict's claim at Twilio", () => {
  const ACCOUNT = `AC${'d'.repeat(32)}`;
  let standIn: MediaStandIn;
  // The SDK the Functions runtime gives (the runtime types' own copy of the package).
  let client: TwilioClient;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeEach(async () => {
    standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: 'verdict-token' });
    client = atApiBase(twilio(ACCOUNT, 'verdict-token'), standIn.url) as unknown as TwilioClient;
    lines.length = 0;
  });
  afterEach(() => standIn.close());

  const [first, second] = [phone(1, 'no-answer', '2026-11-20T15:00:20Z'), phone(2, 'no-answer', '2026-11-20T15:00:20Z')];

  it('lets one phone move the caller; its own retry may move them again, the other may not', async () => {
    expect(await claimVerdict(client, CALL_SID, first.sid, { verdict: 'no-answer' }, log)).toBe('kept');
    expect(await claimVerdict(client, CALL_SID, second.sid, { verdict: 'no-answer' }, log)).toBe('taken');
    expect(await claimVerdict(client, CALL_SID, first.sid, { verdict: 'no-answer' }, log)).toBe('kept');
    expect(await keptVerdict(client, CALL_SID)).toEqual({ verdict: 'no-answer' });
  });

  it('keeps the one phone that rang', async () => {
    await claimVerdict(client, CALL_SID, first.sid, { verdict: 'busy', forwardedTo: first.to }, log);
    expect(await keptVerdict(client, CALL_SID)).toEqual({ verdict: 'busy', forwardedTo: first.to });
  });

  it('has nothing for a caller who was not forwarded', async () => {
    expect(await keptVerdict(client, CALL_SID)).toBeUndefined();
  });

  it('says when Sync could not keep it, so the phone writes the verdict itself', async () => {
    standIn.setSyncUnavailable(true);
    expect(await claimVerdict(client, CALL_SID, first.sid, { verdict: 'no-answer' }, log)).toBe('unkept');
    expect(lines.join('\n')).toMatch(/not kept at Twilio/);
    await expect(keptVerdict(client, CALL_SID)).rejects.toThrow();
  });
});
