// The call record: one row of the call log, as the product knows it. Types, the
// table's columns and the conversions between a record and Airtable's cell values;
// no I/O, so the caller's path can use the model without loading a store client.
import { FINAL_CALL_STATUSES, TRANSCRIPTION_STATUSES } from '../twilio/values';

// 'closed': the call came outside business hours and went straight to voicemail.
// 'blocked': the caller's number was on the owner's blocklist and /menu rejected the call.
export const CHOICES = ['forward', 'voicemail', 'none', 'closed', 'blocked'] as const;
// 'not-accepted': a phone was picked up (perhaps by its carrier's voicemail) but nobody pressed 1 at the whisper.
export const FORWARD_STATUSES = ['answered', 'not-accepted', 'no-answer', 'busy', 'failed', 'canceled'] as const;
export const RECORDING_STATUSES = ['completed', 'absent', 'failed'] as const;

export type Choice = (typeof CHOICES)[number];
/** How a caller can reach the voicemail (a blocked call never does): what its URLs may carry. */
export const VOICEMAIL_CHOICES = CHOICES.filter((choice): choice is Exclude<Choice, 'blocked'> => choice !== 'blocked');
export type ForwardStatus = (typeof FORWARD_STATUSES)[number];
/** How forwarding can end when nobody took the call: the Dial's verdict, carried in voicemail URLs. */
export const FORWARD_VERDICTS = FORWARD_STATUSES.filter((status): status is Exclude<ForwardStatus, 'answered'> => status !== 'answered');
export type CallStatus = (typeof FINAL_CALL_STATUSES)[number];

/** One call as the product knows it. Every fact but the SID is optional: each callback owns a few. */
export interface CallRecord {
  callSid: string;
  startedAt?: Date;
  endedAt?: Date;
  from?: string;
  to?: string;
  callerName?: string;
  callerLocation?: string;
  choice?: Choice;
  forwardedTo?: string;
  forwardStatus?: ForwardStatus;
  forwardTalkSeconds?: number;
  forwardCallSid?: string;
  callStatus?: CallStatus;
  durationSeconds?: number;
  recordingSid?: string;
  recordingUrl?: string;
  recordingSeconds?: number;
  recordingStatus?: (typeof RECORDING_STATUSES)[number];
  transcript?: string;
  transcriptionStatus?: (typeof TRANSCRIPTION_STATUSES)[number];
  /** Who is sending the owner's alert right now: "<token> <ISO time>" (see alerts/delivery.ts). */
  alertClaim?: string;
  /** The alert's recipients already sent to: "sms:+1…", "email", comma-separated. */
  alertsSent?: string;
  /** When the owner's alert went out to every recipient. */
  alertedAt?: Date;
  /** Deliveries of the alert that failed so far (see alerts/delivery.ts: it backs off, then gives up). */
  alertAttempts?: number;
  /** Not before this time is the failed alert tried again. */
  alertRetryAt?: Date;
  /** An owner's phone that Twilio reported the alert's text undelivered or failed to. */
  textFailedTo?: string;
  /** Twilio's error code for that text (e.g. 30034: the sender is not registered for A2P 10DLC). */
  textErrorCode?: number;
  /** When the owner marked the call done; absent while it is new. */
  handledAt?: Date;
  /** The owner's note on the call. */
  note?: string;
  /** On the owner's call back (an outbound row): the Call SID of the call it answers. */
  callBackOf?: string;
}

export interface FieldSpec {
  name: string;
  type: string;
  description: string;
  options?: Record<string, unknown>;
}

const dateTime = { timeZone: 'utc', dateFormat: { name: 'iso' }, timeFormat: { name: '24hour' } };
const duration = { durationFormat: 'h:mm:ss' };
const select = (names: readonly string[]) => ({ choices: names.map((name) => ({ name })) });

/** Column per call fact; the first is the table's primary field and the upsert key. */
export const COLUMNS: { [K in keyof Required<CallRecord>]: FieldSpec } = {
  callSid: { name: 'Call SID', type: 'singleLineText', description: "Twilio's Call SID of the inbound call (CA...)." },
  startedAt: { name: 'Started At', type: 'dateTime', options: dateTime, description: 'When the call started (UTC).' },
  endedAt: { name: 'Ended At', type: 'dateTime', options: dateTime, description: 'When the call ended (UTC).' },
  from: { name: 'From', type: 'singleLineText', description: "Caller's number, E.164 when known (may be anonymous)." },
  to: { name: 'To', type: 'singleLineText', description: 'The business number that was called.' },
  callerName: { name: 'Caller Name', type: 'singleLineText', description: 'Caller ID name, when the number has caller name lookup.' },
  callerLocation: { name: 'Caller Location', type: 'singleLineText', description: 'City, state and country Twilio gives for the caller.' },
  choice: {
    name: 'Choice',
    type: 'singleSelect',
    options: select(CHOICES),
    description:
      'What the caller chose at the menu (closed: outside business hours, straight to voicemail; blocked: the number is blocked and the call was rejected); empty when they hung up before choosing.',
  },
  forwardedTo: {
    name: 'Forwarded To',
    type: 'singleLineText',
    description: 'Number that took the call (or the one number dialled, when nobody did).',
  },
  forwardStatus: {
    name: 'Forward Status',
    type: 'singleSelect',
    options: select(FORWARD_STATUSES),
    description: 'Outcome of forwarding; answered only when a person accepted the call.',
  },
  forwardTalkSeconds: {
    name: 'Forward Talk Time',
    type: 'duration',
    options: duration,
    description: 'Talk time on the forwarded leg, in seconds.',
  },
  forwardCallSid: { name: 'Forward Call SID', type: 'singleLineText', description: 'Call SID of the forwarded leg.' },
  callStatus: {
    name: 'Call Status',
    type: 'singleSelect',
    options: select(FINAL_CALL_STATUSES),
    description: 'Final status of the inbound call.',
  },
  durationSeconds: { name: 'Duration', type: 'duration', options: duration, description: 'Total length of the inbound call, in seconds.' },
  recordingSid: { name: 'Recording SID', type: 'singleLineText', description: 'Voicemail recording SID (RE...).' },
  recordingUrl: {
    name: 'Recording URL',
    type: 'url',
    description: "Voicemail media URL at Twilio (needs the account's credentials when media auth is enforced).",
  },
  recordingSeconds: { name: 'Recording Duration', type: 'duration', options: duration, description: 'Voicemail length, in seconds.' },
  recordingStatus: {
    name: 'Recording Status',
    type: 'singleSelect',
    options: select(RECORDING_STATUSES),
    description: 'Voicemail recording status.',
  },
  transcript: { name: 'Transcript', type: 'multilineText', description: 'Voicemail transcript.' },
  transcriptionStatus: {
    name: 'Transcription Status',
    type: 'singleSelect',
    options: select(TRANSCRIPTION_STATUSES),
    description: 'Whether transcription succeeded.',
  },
  alertClaim: { name: 'Alert Claim', type: 'singleLineText', description: "The owner's alert being sent: who claimed it, and when." },
  alertsSent: { name: 'Alerts Sent', type: 'singleLineText', description: "Recipients the owner's alert was sent to so far." },
  alertedAt: {
    name: 'Alerted At',
    type: 'dateTime',
    options: dateTime,
    description: "When the owner's alert (voicemail or missed call) went out.",
  },
  alertAttempts: {
    name: 'Alert Attempts',
    type: 'number',
    options: { precision: 0 },
    description: "Failed deliveries of the owner's alert so far; it is given up after a few.",
  },
  alertRetryAt: { name: 'Alert Retry At', type: 'dateTime', options: dateTime, description: 'When a failed alert may be tried again.' },
  textFailedTo: {
    name: 'Text Failed To',
    type: 'singleLineText',
    description: "Owner's phone Twilio reported the alert's text undelivered or failed to.",
  },
  textErrorCode: {
    name: 'Text Error Code',
    type: 'number',
    options: { precision: 0 },
    description: "Twilio's error code for the text that was not delivered (e.g. 30034).",
  },
  handledAt: {
    name: 'Handled At',
    type: 'dateTime',
    options: dateTime,
    description: 'When the owner marked the call done in the feed; empty while it is new.',
  },
  note: { name: 'Notes', type: 'multilineText', description: "The owner's note on the call, written in the feed." },
  callBackOf: {
    name: 'Call Back Of',
    type: 'singleLineText',
    description: 'On a call back the owner started from the feed (outbound: From is the business, To the caller): the Call SID it answers.',
  },
};

/**
 * Columns the owner's inbox added to the table: a table set up before them may lack them, and
 * everything else must keep working there (the feed then shows every call as new, without notes).
 */
export const INBOX_COLUMNS: readonly (keyof CallRecord)[] = ['handledAt', 'note', 'callBackOf'];

export const TABLE_FIELDS: FieldSpec[] = Object.values(COLUMNS);

/**
 * One record holding every fact of these records. Each callback owns its own fields, so facts
 * merge in any order; a fact left undefined never blanks one another record knows.
 */
export function unionOfFacts(records: CallRecord[]): CallRecord {
  const defined = records.map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));
  return Object.assign({}, ...defined) as CallRecord;
}

export type AirtableFields = Record<string, string | number>;

export function toAirtableFields(record: CallRecord): AirtableFields {
  const fields: AirtableFields = {};
  for (const key of Object.keys(COLUMNS) as (keyof CallRecord)[]) {
    const value = record[key];
    if (value === undefined) continue;
    fields[COLUMNS[key].name] = value instanceof Date ? value.toISOString() : value;
  }
  return fields;
}

// Reading the log back, for the activity feed. Rows come from a table people can also
// edit by hand, so each cell is checked against its column's type; a cell that does not
// fit is treated as unknown rather than passed on.
function fromCell(spec: FieldSpec, cell: unknown): string | number | Date | undefined {
  switch (spec.type) {
    case 'dateTime': {
      const date = typeof cell === 'string' ? new Date(cell) : undefined;
      return date && !Number.isNaN(date.getTime()) ? date : undefined;
    }
    case 'duration':
    case 'number':
      return typeof cell === 'number' && Number.isFinite(cell) && cell >= 0 ? cell : undefined;
    case 'singleSelect': {
      const choices = (spec.options?.choices ?? []) as { name: string }[];
      return choices.some((choice) => choice.name === cell) ? (cell as string) : undefined;
    }
    default:
      return typeof cell === 'string' && cell !== '' ? cell : undefined;
  }
}

/** The call a row describes, or undefined for a row without a Call SID. */
export function fromAirtableFields(fields: Record<string, unknown>): CallRecord | undefined {
  const record: Record<string, unknown> = {};
  for (const key of Object.keys(COLUMNS) as (keyof CallRecord)[]) {
    const value = fromCell(COLUMNS[key], fields[COLUMNS[key].name]);
    if (value !== undefined) record[key] = value;
  }
  // Every value above has its column's type, which is the type CallRecord gives that key.
  return typeof record.callSid === 'string' ? (record as unknown as CallRecord) : undefined;
}
