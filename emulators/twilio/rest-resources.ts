// The reported records as Twilio's REST API represents them (https://www.twilio.com/docs/voice/api/call-resource,
// https://www.twilio.com/docs/voice/api/recording, https://www.twilio.com/docs/voice/api/recording-transcription): snake_case
// fields, RFC 2822 dates, durations as strings, and every field present, null when unknown.
import type { CallLegRecord, RecordingRecord, TranscriptionRecord } from './types';

export const API_VERSION = '2010-04-01';

const accountPath = (accountSid: string): string => `/${API_VERSION}/Accounts/${accountSid}`;

// Twilio formats North American numbers for display and leaves the rest in E.164.
function formatted(number: string): string {
  const nanp = number.match(/^\+1(\d{3})(\d{3})(\d{4})$/);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : number;
}

export function callResource(call: CallLegRecord, accountSid: string): Record<string, unknown> {
  const uri = `${accountPath(accountSid)}/Calls/${call.sid}`;
  // The Call resource leaves duration and end time empty for calls that did not complete
  // (https://www.twilio.com/docs/voice/api/call-resource#call-properties).
  const completed = call.status === 'completed';
  return {
    sid: call.sid,
    parent_call_sid: call.parentCallSid ?? null,
    account_sid: accountSid,
    to: call.to,
    to_formatted: formatted(call.to),
    from: call.from,
    from_formatted: formatted(call.from),
    phone_number_sid: null,
    status: call.status,
    start_time: call.startTime,
    end_time: completed ? call.endTime : null,
    duration: completed ? String(call.durationSeconds) : null,
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: call.callerName ?? null,
    queue_time: '0',
    trunk_sid: null,
    date_created: call.startTime,
    date_updated: call.endTime,
    uri: `${uri}.json`,
    subresource_uris: {
      recordings: `${uri}/Recordings.json`,
      notifications: `${uri}/Notifications.json`,
      events: `${uri}/Events.json`,
    },
  };
}

export function recordingResource(recording: RecordingRecord, accountSid: string): Record<string, unknown> {
  const uri = `${accountPath(accountSid)}/Recordings/${recording.sid}`;
  return {
    sid: recording.sid,
    account_sid: accountSid,
    api_version: API_VERSION,
    call_sid: recording.callSid,
    conference_sid: null,
    date_created: recording.startTime,
    date_updated: recording.startTime,
    start_time: recording.startTime,
    duration: String(recording.durationSeconds),
    price: null,
    price_unit: 'USD',
    status: recording.status,
    channels: 1,
    source: 'RecordVerb',
    // Twilio's code for a recording in which nothing was said.
    error_code: recording.status === 'absent' ? 16101 : null,
    encryption_details: null,
    media_url: recording.mediaUrl,
    uri: `${uri}.json`,
    subresource_uris: {
      add_on_results: `${uri}/AddOnResults.json`,
      transcriptions: `${uri}/Transcriptions.json`,
    },
  };
}

export function transcriptionResource(transcription: TranscriptionRecord, accountSid: string): Record<string, unknown> {
  return {
    sid: transcription.sid,
    account_sid: accountSid,
    api_version: API_VERSION,
    recording_sid: transcription.recordingSid,
    status: transcription.status,
    transcription_text: transcription.text ?? null,
    duration: String(transcription.durationSeconds),
    price: null,
    price_unit: 'USD',
    type: 'fast',
    date_created: transcription.dateCreated,
    date_updated: transcription.dateCreated,
    uri: `${accountPath(accountSid)}/Transcriptions/${transcription.sid}.json`,
  };
}
