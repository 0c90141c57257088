// Calls of every kind the feed must show, as the call log records them, with start times
// relative to `now` so that "today" means something in the browser tests too.

import type { CallRecord } from '../../functions/lib/calls/record';
import type { AirtableConfig } from '../../functions/lib/store/settings';
import { recordCallFacts } from '../../functions/lib/store/writes';

export const XSS_NAME = '<img src=x onerror=alert(1)>';

const sid = (prefix: 'CA' | 'RE', n: number) => `${prefix}${n.toString(16).padStart(32, '0')}`;
export const callSid = (n: number) => sid('CA', n);
export const recordingSid = (n: number) => sid('RE', n);

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
const OWNER = '+15005550006';

/** One call per kind, newest first; `expected` is what the feed must call it. */
export function feedCalls(now: Date): { call: CallRecord; expected: 'answered' | 'missed' | 'voicemail' | 'abandoned' }[] {
  const at = (minutes: number) => ({ startedAt: minutesAgo(now, minutes), endedAt: minutesAgo(now, minutes - 1) });
  return [
    {
      expected: 'answered',
      call: {
        callSid: callSid(1),
        ...at(12),
        from: '+14045550101',
        to: '+15025550100',
        callerName: 'ACME CORP',
        callerLocation: 'ATLANTA, GA, US',
        choice: 'forward',
        forwardedTo: OWNER,
        forwardStatus: 'answered',
        forwardTalkSeconds: 192,
        callStatus: 'completed',
        durationSeconds: 215,
      },
    },
    {
      expected: 'voicemail',
      call: {
        callSid: callSid(2),
        ...at(25),
        from: '+13125550142',
        to: '+15025550100',
        callerLocation: 'CHICAGO, IL, US',
        choice: 'voicemail',
        callStatus: 'completed',
        durationSeconds: 66,
        recordingSid: recordingSid(2),
        recordingSeconds: 48,
        recordingStatus: 'completed',
        transcriptionStatus: 'completed',
        transcript: 'Hi, this is Dana from the print shop. Your order is ready, call me back on 312 555 0142.',
        alertedAt: minutesAgo(now, 24),
        alertsSent: 'sms:+15005550006, email',
        // Twilio accepted the text, then reported it undelivered: the sender is not registered for A2P 10DLC.
        textFailedTo: '+15005550006',
        textErrorCode: 30034,
      },
    },
    {
      expected: 'missed',
      call: {
        callSid: callSid(3),
        ...at(47),
        from: '+16175550188',
        to: '+15025550100',
        callerName: 'J SMITH',
        choice: 'forward',
        forwardedTo: OWNER,
        forwardStatus: 'no-answer',
        forwardTalkSeconds: 0,
        callStatus: 'completed',
        durationSeconds: 31,
        // Its alert failed on every attempt allowed (lib/alerts/rule.ts): given up.
        alertAttempts: 6,
        alertRetryAt: minutesAgo(now, 5),
      },
    },
    {
      expected: 'voicemail',
      call: {
        callSid: callSid(4),
        ...at(75),
        from: '+12065550175',
        to: '+15025550100',
        callerName: XSS_NAME,
        choice: 'forward',
        forwardedTo: OWNER,
        forwardStatus: 'busy',
        callStatus: 'completed',
        durationSeconds: 52,
        recordingSid: recordingSid(4),
        recordingSeconds: 9,
        recordingStatus: 'completed',
        transcriptionStatus: 'completed',
        transcript: '<script>alert("transcript")</script> please call back',
      },
    },
    {
      expected: 'abandoned',
      call: { callSid: callSid(5), ...at(95), from: 'anonymous', to: '+15025550100', callStatus: 'completed', durationSeconds: 6 },
    },
    {
      expected: 'abandoned',
      call: {
        callSid: callSid(6),
        ...at(130),
        from: '+19175550111',
        to: '+15025550100',
        choice: 'voicemail',
        callStatus: 'completed',
        durationSeconds: 12,
        recordingSid: recordingSid(6),
        recordingSeconds: 0,
        recordingStatus: 'absent',
      },
    },
    {
      expected: 'voicemail',
      call: {
        callSid: callSid(7),
        ...at(60 * 26),
        from: '+14155550123',
        to: '+15025550100',
        choice: 'voicemail',
        callStatus: 'completed',
        durationSeconds: 38,
        recordingSid: recordingSid(7),
        recordingSeconds: 18,
        recordingStatus: 'completed',
        transcriptionStatus: 'failed',
      },
    },
    {
      expected: 'missed',
      call: {
        callSid: callSid(8),
        ...at(60 * 24 * 3),
        from: '+442075550199',
        to: '+15025550100',
        callerLocation: 'LONDON, GB',
        choice: 'forward',
        forwardedTo: OWNER,
        forwardStatus: 'failed',
        callStatus: 'completed',
        durationSeconds: 14,
      },
    },
    {
      expected: 'answered',
      call: {
        callSid: callSid(9),
        ...at(60 * 24 * 9),
        from: '+14045550101',
        to: '+15025550100',
        callerName: 'ACME CORP',
        choice: 'forward',
        forwardedTo: OWNER,
        forwardStatus: 'answered',
        forwardTalkSeconds: 65,
        callStatus: 'completed',
        durationSeconds: 80,
      },
    },
  ];
}

/** Writes calls the way the product does: one upsert per call, oldest first. */
export async function seedCalls(config: AirtableConfig, calls: CallRecord[]): Promise<void> {
  for (const call of [...calls].reverse()) await recordCallFacts(config, call);
}
