// The asynchronous callbacks against the Airtable emulator, through the real client.
import twilio from 'twilio';
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { CALL_SID, CHILD_SID, invoke as invokeAlone, RECORDING_SID } from '../support/invoke';

const BASE = 'appTestCallLog001';
const ACCOUNT = `AC${'c'.repeat(32)}`;
const TOKEN = 'callbacks-token';
let emulator: AirtableEmulator;
let standIn: MediaStandIn;
let env: Record<string, string>;

beforeEach(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patTest.secret'] });
  emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
  // Twilio's side: its records of the call, which the call's final status reads.
  standIn = await startMediaStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
  env = { AIRTABLE_TOKEN: 'patTest.secret', AIRTABLE_BASE_ID: BASE, AIRTABLE_ENDPOINT_URL: emulator.url, TWILIO_API_BASE_URL: standIn.url };
});
afterEach(async () => {
  await emulator.close();
  await standIn.close();
});

/** A callback as the Functions runtime runs it, with the account's client. */
const invoke = (name: string, event: Record<string, unknown>, environment: Record<string, string | undefined>) =>
  invokeAlone(name, event, environment, twilio(ACCOUNT, TOKEN));

const rows = () => emulator.records(BASE, 'Calls').map((record) => record.fields);

const statusEvent = {
  CallSid: CALL_SID,
  CallStatus: 'completed',
  CallDuration: '49',
  Duration: '1',
  Timestamp: 'Fri, 20 Nov 2026 15:00:49 +0000',
  From: '+14705550123',
  To: '+15025550100',
  CallerName: 'ACME CORP',
  CallerCity: 'ATLANTA',
  CallerState: 'GA',
  CallerCountry: 'US',
  FromCity: 'ATLANTA',
  Direction: 'inbound',
  ApiVersion: '2010-04-01',
};
const forwardEvent = {
  CallSid: CHILD_SID,
  ParentCallSid: CALL_SID,
  CallStatus: 'no-answer',
  To: '+14155550199',
  Direction: 'outbound-dial',
};
const recordingEvent = {
  CallSid: CALL_SID,
  RecordingSid: RECORDING_SID,
  RecordingStatus: 'completed',
  RecordingDuration: '14',
  RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC${'0'.repeat(32)}/Recordings/${RECORDING_SID}`,
  choice: 'forward',
};
const transcriptionEvent = { CallSid: CALL_SID, TranscriptionStatus: 'completed', TranscriptionText: 'Hi, please call me back.' };

const completeRow = {
  'Call SID': CALL_SID,
  'Call Status': 'completed',
  Duration: 49,
  'Started At': '2026-11-20T15:00:00.000Z',
  'Ended At': '2026-11-20T15:00:49.000Z',
  From: '+14705550123',
  To: '+15025550100',
  'Caller Name': 'ACME CORP',
  'Caller Location': 'ATLANTA, GA, US',
  Choice: 'forward',
  'Forwarded To': '+14155550199',
  'Forward Status': 'no-answer',
  'Forward Talk Time': 0,
  'Forward Call SID': CHILD_SID,
  'Recording SID': RECORDING_SID,
  'Recording Status': 'completed',
  'Recording Duration': 14,
  'Recording URL': recordingEvent.RecordingUrl,
  Transcript: 'Hi, please call me back.',
  'Transcription Status': 'completed',
};

const deliveries: Array<[string, Record<string, string>]> = [
  ['forward-status.protected', forwardEvent],
  ['recording-status.protected', recordingEvent],
  ['transcription.protected', transcriptionEvent],
  ['status.protected', statusEvent],
];

// The <Dial> leg as Twilio keeps it once it ended: the caller's final status reads how forwarding ended from it.
const twilioRecordsTheLeg = () =>
  standIn.addCallRecords({
    calls: [
      {
        sid: CHILD_SID,
        parentCallSid: CALL_SID,
        direction: 'outbound-dial',
        from: statusEvent.From,
        to: forwardEvent.To,
        status: 'no-answer',
        startTime: 'Fri, 20 Nov 2026 15:00:08 +0000',
        endTime: 'Fri, 20 Nov 2026 15:00:28 +0000',
        durationSeconds: 0,
      },
    ],
    recordings: [],
    transcriptions: [],
  });

describe('call log callbacks', () => {
  it('build one complete row from the four callbacks', async () => {
    twilioRecordsTheLeg();
    for (const [name, event] of deliveries) expect((await invoke(name, event, env)).status).toBe(204);
    expect(rows()).toEqual([completeRow]);
  });

  it("leave the unanswered leg's verdict to the call's final status, which reads Twilio's record of it", async () => {
    twilioRecordsTheLeg();
    await invoke('forward-status.protected', forwardEvent, env);
    expect(rows()).toEqual([]);
    await invoke('status.protected', statusEvent, env);
    expect(rows()).toEqual([
      expect.objectContaining({
        Choice: 'forward',
        'Forward Status': 'no-answer',
        'Forwarded To': forwardEvent.To,
        'Forward Call SID': CHILD_SID,
      }),
    ]);
  });

  it('write the call all the same when Twilio cannot say how forwarding ended', async () => {
    const unreachable = { ...env, TWILIO_API_BASE_URL: 'http://127.0.0.1:9' };
    expect((await invoke('status.protected', statusEvent, unreachable)).status).toBe(204);
    expect(rows()).toEqual([expect.objectContaining({ 'Call Status': 'completed', Duration: 49 })]);
    expect(rows()[0]['Forward Status']).toBeUndefined();
  });

  it('converge to the same row when callbacks arrive reversed and duplicated', async () => {
    twilioRecordsTheLeg();
    for (const [name, event] of [...deliveries].reverse()) {
      await invoke(name, event, env);
      await invoke(name, event, env);
    }
    expect(rows()).toEqual([completeRow]);
  });

  it('record an answered forward with its talk time', async () => {
    await invoke('forward-status.protected', { ...forwardEvent, CallStatus: 'completed', CallDuration: '125' }, env);
    expect(rows()).toEqual([expect.objectContaining({ 'Forward Status': 'answered', 'Forward Talk Time': 125, Choice: 'forward' })]);
  });

  it('ignore intermediate statuses that could overwrite a final one', async () => {
    await invoke('status.protected', statusEvent, env);
    const late = await invoke('status.protected', { ...statusEvent, CallStatus: 'in-progress' }, env);
    expect(late.status).toBe(204);
    await invoke('forward-status.protected', { ...forwardEvent, CallStatus: 'ringing' }, env);
    expect(rows()).toEqual([expect.objectContaining({ 'Call Status': 'completed' })]);
    expect(rows()[0]['Forward Status']).toBeUndefined();
  });

  it('record an absent (empty) voicemail without a URL', async () => {
    await invoke(
      'recording-status.protected',
      { CallSid: CALL_SID, RecordingSid: RECORDING_SID, RecordingStatus: 'absent', choice: 'voicemail' },
      env,
    );
    expect(rows()).toEqual([
      { 'Call SID': CALL_SID, Choice: 'voicemail', 'Recording SID': RECORDING_SID, 'Recording Status': 'absent', 'Recording Duration': 0 },
    ]);
  });

  it('keep caller-supplied text as plain data', async () => {
    const name = `x", {Call SID}) & '<img src=x onerror=alert(1)>`;
    await invoke('status.protected', { ...statusEvent, CallerName: name }, env);
    expect(rows()[0]['Caller Name']).toBe(name);
  });

  it('answer 400 and write nothing for a malformed Call SID', async () => {
    const answer = await invoke('status.protected', { ...statusEvent, CallSid: 'CA-not-a-sid' }, env);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/CallSid must be CA followed by 32 hexadecimal characters/);
    const noParent = await invoke('forward-status.protected', { ...forwardEvent, ParentCallSid: undefined }, env);
    expect(noParent.status).toBe(400);
    expect(noParent.body).toBe('ParentCallSid is required');
    expect(rows()).toEqual([]);
  });

  it('answer 503 when Airtable keeps failing, so Twilio retries, and succeed on the retry', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    emulator.injectFault({ status: 503, count: 2 });
    expect((await invoke('status.protected', statusEvent, env)).status).toBe(503);
    expect(rows()).toEqual([]);
    expect((await invoke('status.protected', statusEvent, env)).status).toBe(204);
    expect(rows()).toHaveLength(1);
  });

  it('retry a single Airtable failure inside the function', async () => {
    emulator.injectFault({ status: 502, count: 1 });
    expect((await invoke('transcription.protected', transcriptionEvent, env)).status).toBe(204);
    expect(rows()).toEqual([expect.objectContaining({ Transcript: 'Hi, please call me back.' })]);
  });

  it('answer 503 at once on a rate limit instead of waiting out the lockout', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    emulator.injectFault({ status: 429, count: 1 });
    const started = Date.now();
    expect((await invoke('status.protected', statusEvent, env)).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('give up within the time budget when Airtable does not answer', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    emulator.injectFault({ status: 503, count: 5, hang: true });
    const started = Date.now();
    expect((await invoke('status.protected', statusEvent, env)).status).toBe(503);
    // Well inside the Functions' 10-second limit.
    expect(Date.now() - started).toBeLessThan(7000);
  });

  it('answer 500 and name the fix when the table lacks a field', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    emulator.createTable(BASE, { name: 'Old Calls', fields: TABLE_FIELDS.filter((field) => field.name !== 'Transcript') });
    const answer = await invoke('transcription.protected', transcriptionEvent, { ...env, AIRTABLE_TABLE: 'Old Calls' });
    expect(answer.status).toBe(500);
    expect(errors.mock.calls.flat().join(' ')).toMatch(/UNKNOWN_FIELD_NAME.*npm run setup:airtable/);
  });

  it.each(['-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', 'Thu, 01 Jan 1970 00:00:00 +0000'])(
    'answer 400, never 500, for a Timestamp outside any call (%p), and write nothing',
    async (Timestamp) => {
      const answer = await invoke('status.protected', { ...statusEvent, Timestamp }, env);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(/Timestamp must be a date/);
      expect(rows()).toEqual([]);
    },
  );

  it('cut an over-long caller name or place to length, log it, and still write the status and duration', async () => {
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const answer = await invoke(
      'status.protected',
      { ...statusEvent, CallerName: 'N'.repeat(5000), CallerCity: 'C'.repeat(500), CallerCountry: 'UNITEDSTATES' },
      env,
    );
    expect(answer.status).toBe(204);
    const [row] = rows();
    expect(row).toMatchObject({ 'Call Status': 'completed', Duration: 49, 'Caller Name': 'N'.repeat(256) });
    expect(row['Caller Location']).toBe(`${'C'.repeat(128)}, GA, UNITEDST`);
    expect(warnings.mock.calls.flat().join(' ')).toMatch(/CallerName is 5000 characters long/);
  });

  it('still answer 400 for an over-long or malformed required identifier', async () => {
    expect((await invoke('status.protected', { ...statusEvent, CallSid: CALL_SID + 'ff' }, env)).status).toBe(400);
    expect(rows()).toEqual([]);
  });

  it.each([
    'https://user:pass@evil.example/',
    'https://evil.example/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00112233445566778899aabbccddeeff',
    'http://api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00112233445566778899aabbccddeeff',
    'https://api.twilio.com.evil.example/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00112233445566778899aabbccddeeff',
    'https://user@api.twilio.com/2010-04-01/Accounts/AC00000000000000000000000000000000/Recordings/RE00112233445566778899aabbccddeeff',
    'javascript:alert(1)',
  ])('store no Recording URL but %p, and still write the recording', async (RecordingUrl) => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await invoke('recording-status.protected', { ...recordingEvent, RecordingUrl }, env)).status).toBe(204);
    const [row] = rows();
    expect(row).toMatchObject({ 'Recording SID': RECORDING_SID, 'Recording Status': 'completed', 'Recording Duration': 14 });
    expect(row['Recording URL']).toBeUndefined();
  });

  it('answer 503 and name the variable when Airtable is not configured', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await invoke('status.protected', statusEvent, { AIRTABLE_BASE_ID: BASE });
    expect(answer.status).toBe(503);
    expect(answer.body).toBe('Not configured: AIRTABLE_TOKEN');
    expect(errors.mock.calls.flat().join(' ')).toMatch(/AIRTABLE_TOKEN/);
    expect(errors.mock.calls.flat().join(' ')).not.toMatch(/patTest/);
  });
});

describe("the alert text's status callback", () => {
  // What Twilio posts to a Message's StatusCallback (https://www.twilio.com/docs/messaging/guides/track-outbound-message-status);
  // `call` is in the URL the alert set.
  const message = (MessageStatus: string, extra: Record<string, string> = {}) => ({
    call: CALL_SID,
    MessageSid: 'SM' + 'a'.repeat(32),
    SmsSid: 'SM' + 'a'.repeat(32),
    MessageStatus,
    SmsStatus: MessageStatus,
    AccountSid: 'AC' + '0'.repeat(32),
    From: '+15025550100',
    To: '+14155550199',
    ApiVersion: '2010-04-01',
    ...extra,
  });

  it('records an undelivered text with its error code, and a late "sent" or a duplicate changes nothing', async () => {
    for (const event of [
      message('sent'),
      message('undelivered', { ErrorCode: '30034' }),
      message('sent'),
      message('undelivered', { ErrorCode: '30034' }),
      message('queued'),
    ]) {
      expect((await invoke('message-status.protected', event, env)).status).toBe(204);
    }
    expect(rows()).toEqual([{ 'Call SID': CALL_SID, 'Text Failed To': '+14155550199', 'Text Error Code': 30034 }]);
  });

  it('writes nothing for a delivered text, so it costs no Airtable request and never hides one that was not delivered', async () => {
    const before = emulator.requestLog.length;
    expect((await invoke('message-status.protected', message('delivered', { To: '+14155550198' }), env)).status).toBe(204);
    expect(emulator.requestLog.length).toBe(before);
    expect(rows()).toEqual([]);
    await invoke('message-status.protected', message('failed', { ErrorCode: '30007' }), env);
    await invoke('message-status.protected', message('delivered', { To: '+14155550198' }), env);
    expect(rows()).toEqual([{ 'Call SID': CALL_SID, 'Text Failed To': '+14155550199', 'Text Error Code': 30007 }]);
  });

  it('answers 400 and writes nothing without the call it reports on', async () => {
    const answer = await invoke('message-status.protected', { ...message('delivered'), call: undefined }, env);
    expect([answer.status, answer.body]).toEqual([400, 'call is required']);
    expect(rows()).toEqual([]);
  });
});
