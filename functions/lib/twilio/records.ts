// Reads what Twilio itself recorded about the inbound calls of a time window, through the real
// SDK and at the account level: three list requests whatever the number of calls (one page of
// up to 1,000 each), instead of three per call.
import twilio from 'twilio';
import { HttpError } from '../boundary/errors';
import { atApiBase } from './api';
import type { TwilioApiConfig } from './settings';

// The fields reconcile reads. The SDK types them as always present, but Twilio leaves
// duration, end time, caller name and transcript empty (null) when it has none.
export interface TwilioCall {
  sid: string;
  parentCallSid: string | null;
  direction: string;
  status: string;
  duration: string | null;
  startTime: Date | null;
  endTime: Date | null;
  dateUpdated: Date;
  from: string;
  to: string;
  callerName: string | null;
}

export interface TwilioRecording {
  sid: string;
  callSid: string;
  status: string;
  dateUpdated: Date;
  duration: string | null;
  mediaUrl: string;
}

export interface TwilioTranscription {
  sid: string;
  recordingSid: string;
  dateUpdated: Date;
  status: string;
  transcriptionText: string | null;
}

/** One inbound call as Twilio recorded it. */
export interface CallHistory {
  call: TwilioCall;
  /** The legs it dialed: forwarding. */
  legs: TwilioCall[];
  recordings: { recording: TwilioRecording; transcriptions: TwilioTranscription[] }[];
}

export type TwilioClient = ReturnType<typeof twilio>;

// Twilio's largest page (https://www.twilio.com/docs/usage/twilios-response#pagination).
const PAGE_SIZE = 1000;

/** How long a Function waits for one of Twilio's reads: it must answer within its 10 s. */
export const FUNCTION_TWILIO_TIMEOUT_MS = 2500;

export function twilioClient(config: TwilioApiConfig, timeoutMs?: number): TwilioClient {
  return atApiBase(twilio(config.accountSid, config.authToken, timeoutMs === undefined ? {} : { timeout: timeoutMs }), config.baseUrl);
}

/** What Twilio holds about the calls of a window: every call and leg, recording and transcription. */
export interface TwilioWindow {
  calls: TwilioCall[];
  recordings: TwilioRecording[];
  transcriptions: TwilioTranscription[];
}

export interface WindowOptions {
  /** Only the calls to this number (the line's own), with their legs, recordings and transcriptions. */
  to?: string;
  /** The account's transcriptions come with their text whatever their date, so a frequent reader of a short window asks for small pages. */
  transcriptionPageSize?: number;
}

const DAY_MS = 86_400_000;

/** Midnight UTC of the day `at` falls on: the finest start Twilio's date filters take. */
const utcDay = (at: Date): Date => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/**
 * The inbound calls that started at or after `since` (to `to` when given) and everything that
 * belongs to them. One Calls list holds the inbound calls and the legs they dialed
 * (https://www.twilio.com/docs/voice/api/call-resource#read-multiple-call-resources); Recordings
 * filter on their creation date (https://www.twilio.com/docs/voice/api/recording#read-multiple-recording-resources);
 * the account's Transcriptions have no date filter, so their newest-first pages are read until
 * one reaches back past `since` (https://www.twilio.com/docs/voice/api/recording-transcription).
 * `StartTime>` and `DateCreated>` take a UTC date ("YYYY-MM-DD in UTC", "on or after midnight
 * of this date"), not an instant: Twilio is asked from midnight UTC of `since`, and the rest of
 * that day, like the other numbers of the account, is left out here.
 */
export async function readTwilioWindow(
  client: TwilioClient,
  since: Date,
  { to, transcriptionPageSize = PAGE_SIZE }: WindowOptions = {},
): Promise<TwilioWindow> {
  const day = utcDay(since);
  let listed: TwilioWindow;
  try {
    const [calls, recordings, transcriptions] = await Promise.all([
      client.calls.list({ startTimeAfter: day, pageSize: PAGE_SIZE }),
      client.recordings.list({ dateCreatedAfter: day, pageSize: PAGE_SIZE }),
      transcriptionsSince(client, since, transcriptionPageSize),
    ]);
    listed = { calls, recordings, transcriptions };
  } catch (err) {
    // The feed shows this sentence; the command line prints it with the cause.
    throw new HttpError(
      502,
      `Twilio's call records could not be read (${err instanceof Error ? err.message : String(err)}). Try again in a moment.`,
      { cause: err },
    );
  }
  return windowOf(listed, since, to);
}

/** What of the lists belongs to the inbound calls since `since` (to `to` when given). */
function windowOf(listed: TwilioWindow, since: Date, to: string | undefined): TwilioWindow {
  const inbound = new Set(
    listed.calls
      .filter(
        (call) =>
          call.direction === 'inbound' &&
          (to === undefined || call.to === to) &&
          call.startTime !== null &&
          call.startTime.getTime() >= since.getTime(),
      )
      .map((call) => call.sid),
  );
  const calls = listed.calls.filter((call) => inbound.has(call.sid) || (call.parentCallSid !== null && inbound.has(call.parentCallSid)));
  const ours = new Set(calls.map((call) => call.sid));
  // A two-leg call's recording names its parent leg (https://www.twilio.com/docs/voice/api/recording).
  const recordings = listed.recordings.filter((recording) => ours.has(recording.callSid));
  const recorded = new Set(recordings.map((recording) => recording.sid));
  return { calls, recordings, transcriptions: listed.transcriptions.filter((t) => recorded.has(t.recordingSid)) };
}

async function transcriptionsSince(client: TwilioClient, since: Date, pageSize: number): Promise<TwilioTranscription[]> {
  const found: TwilioTranscription[] = [];
  // Typed as the SDK's base page, which nextPage() returns.
  let page: Awaited<ReturnType<Awaited<ReturnType<TwilioClient['transcriptions']['page']>>['nextPage']>> = await client.transcriptions.page(
    { pageSize },
  );
  while (page) {
    found.push(...page.instances);
    const oldest = page.instances[page.instances.length - 1];
    if (!oldest || oldest.dateCreated.getTime() < since.getTime()) return found;
    page = await page.nextPage();
  }
  return found;
}

/** The inbound calls of the window, each with its legs, recordings and transcriptions. */
export function callHistories(window: TwilioWindow): CallHistory[] {
  const legsOf = new Map<string, TwilioCall[]>();
  for (const call of window.calls) {
    if (call.parentCallSid) legsOf.set(call.parentCallSid, [...(legsOf.get(call.parentCallSid) ?? []), call]);
  }
  const transcriptionsOf = new Map<string, TwilioTranscription[]>();
  for (const t of window.transcriptions) transcriptionsOf.set(t.recordingSid, [...(transcriptionsOf.get(t.recordingSid) ?? []), t]);
  const recordingsOf = new Map<string, CallHistory['recordings']>();
  for (const recording of window.recordings) {
    const entry = { recording, transcriptions: transcriptionsOf.get(recording.sid) ?? [] };
    recordingsOf.set(recording.callSid, [...(recordingsOf.get(recording.callSid) ?? []), entry]);
  }
  // Child legs and outbound calls are listed too; only an inbound call has a row of its own.
  return window.calls
    .filter((call) => call.direction === 'inbound')
    .map((call) => ({ call, legs: legsOf.get(call.sid) ?? [], recordings: recordingsOf.get(call.sid) ?? [] }));
}
