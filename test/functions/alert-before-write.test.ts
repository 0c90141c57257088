// The alert a transcript sends before its write: decided from Twilio's records of the call,
// claimed only when nobody tried it before, and answered as the record its write carries.
import { alertBeforeWrite, type CallRecordsClient, voicemailAtTwilio } from '../../functions/lib/alerts/before-write';
import type { Senders } from '../../functions/lib/alerts/channels';
import type { AlertClaims, FirstClaim } from '../../functions/lib/alerts/claim';
import type { AlertConfig } from '../../functions/lib/alerts/settings';
import { AlertError } from '../../functions/lib/boundary/errors';

const NOW = new Date('2026-11-20T17:36:00Z');
const CALL_SID = 'CA' + 'd'.repeat(32);
const RECORDING_SID = 'RE' + 'd'.repeat(32);
const ALERTS: AlertConfig = {
  sms: { to: ['+14155550199'] },
  email: { to: ['owner@example.com'], from: 'alerts@example.com', apiKey: 'SG.x', baseUrl: 'http://127.0.0.1:9', attachAudio: false },
  missedCalls: true,
  feedUrl: 'https://line.example',
  timeZone: 'UTC',
  problems: [],
};
const airtable = { token: 'pat.x', baseId: 'appX', table: 'Calls', endpointUrl: 'http://127.0.0.1:9' };

/** Twilio's records of one call: its Call and its recordings. */
function twilioRecords(status: string, recordings: { sid: string; status: string; duration: string | null }[]): CallRecordsClient {
  return {
    calls: () => ({
      fetch: async () => ({
        from: '+14705550123',
        to: '+15025550100',
        callerName: 'DANA SCULLY',
        startTime: new Date(NOW.getTime() - 90_000),
        endTime: new Date(NOW.getTime() - 60_000),
        status,
      }),
    }),
    recordings: { list: async () => recordings },
  };
}
const completedRecording = [{ sid: RECORDING_SID, status: 'completed', duration: '14' }];

function claimsAnswering(first: FirstClaim) {
  const released: { sent: string[]; done: boolean }[] = [];
  const claims: AlertClaims = {
    first: async () => first,
    take: async () => ({ state: 'held' }),
    release: async (_sid, _token, sent, done) => {
      released.push({ sent, done });
    },
  };
  return { claims, released };
}

function senders(failing: string[] = []) {
  const sent: string[] = [];
  const s: Senders = {
    async sms(_from, to, body) {
      if (failing.includes(to)) throw new AlertError(`text to ${to} failed (500)`);
      sent.push(body);
    },
    async email(message) {
      sent.push(message.subject);
    },
  };
  return { senders: s, sent };
}

const transcript = { callSid: CALL_SID, transcriptionStatus: 'completed' as const, transcript: 'Call me back' };

describe("the call as Twilio's records have it", () => {
  it('is the voicemail with its length, who called and when, once the call is over', async () => {
    expect(await voicemailAtTwilio(twilioRecords('completed', completedRecording), CALL_SID, RECORDING_SID)).toMatchObject({
      callStatus: 'completed',
      from: '+14705550123',
      callerName: 'DANA SCULLY',
      startedAt: new Date(NOW.getTime() - 90_000),
      recordingSeconds: 14,
    });
  });

  it.each([
    ['the call is still in progress', 'in-progress', completedRecording],
    ['the recording is still processing', 'completed', [{ sid: RECORDING_SID, status: 'processing', duration: null }]],
    ['the recording is empty', 'completed', [{ sid: RECORDING_SID, status: 'completed', duration: '0' }]],
    ['Twilio holds no such recording', 'completed', [{ sid: 'RE' + 'e'.repeat(32), status: 'completed', duration: '14' }]],
  ])('is nothing to alert from when %s', async (_why, status, recordings) => {
    expect(await voicemailAtTwilio(twilioRecords(status, recordings), CALL_SID, RECORDING_SID)).toBeUndefined();
  });
});

describe('the alert sent before the write', () => {
  const atTwilio = () => voicemailAtTwilio(twilioRecords('completed', completedRecording), CALL_SID, RECORDING_SID);

  it('sends to everyone once claimed, and answers the record for the write', async () => {
    const { claims, released } = claimsAnswering('created');
    const { senders: s, sent } = senders();
    const early = await alertBeforeWrite(
      { airtable, alerts: ALERTS, senders: s, claims, now: () => NOW },
      { ...(await atTwilio())!, ...transcript },
    );
    expect(early).toEqual({ record: { alertsSent: 'sms:+14155550199, email', alertedAt: NOW } });
    expect(sent[0]).toContain('New voicemail from DANA SCULLY (+14705550123) on Fri, Nov 20, 5:34 PM UTC, 14 s.');
    expect(sent[0]).toContain('Transcript: "Call me back"');
    expect(released).toEqual([{ sent: ['sms:+14155550199', 'email'], done: true }]);
  });

  it('leaves an alert someone already claimed, or a claim Sync cannot answer, to the protocol after the write', async () => {
    for (const first of ['exists', 'unavailable'] as const) {
      const { claims } = claimsAnswering(first);
      const { senders: s, sent } = senders();
      expect(
        await alertBeforeWrite({ airtable, alerts: ALERTS, senders: s, claims, now: () => NOW }, { ...(await atTwilio())!, ...transcript }),
      ).toBeUndefined();
      expect(sent).toEqual([]);
    }
  });

  it('without a claim at Twilio, or with too little of the invocation left, sends nothing', async () => {
    const { senders: s, sent } = senders();
    const call = { ...(await atTwilio())!, ...transcript };
    expect(await alertBeforeWrite({ airtable, alerts: ALERTS, senders: s, now: () => NOW }, call)).toBeUndefined();
    const { claims } = claimsAnswering('created');
    expect(
      await alertBeforeWrite({ airtable, alerts: ALERTS, senders: s, claims, now: () => NOW, deadline: Date.now() + 3000 }, call),
    ).toBeUndefined();
    expect(sent).toEqual([]);
  });

  it('answers a failed recipient as the first failed attempt, with the error its callback answers 503 with', async () => {
    const { claims, released } = claimsAnswering('created');
    const { senders: s } = senders(['+14155550199']);
    const early = await alertBeforeWrite(
      { airtable, alerts: ALERTS, senders: s, claims, now: () => NOW },
      { ...(await atTwilio())!, ...transcript },
    );
    expect(early?.record).toEqual({ alertsSent: 'email', alertAttempts: 1, alertRetryAt: NOW });
    expect(early?.failure).toBeInstanceOf(AlertError);
    expect(early?.failure?.message).toMatch(/voicemail alert \(attempt 1 of 6, .*\): text to \+14155550199 failed \(500\)/);
    expect(released).toEqual([{ sent: ['email'], done: false }]);
  });
});
