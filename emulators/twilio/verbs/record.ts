import type { CallContext } from '../call-context';
import type { Leg } from '../call-legs';
import { newSid } from '../sids';
import { end, type Step } from '../steps';
import { boolAttr, intAttr, methodAttr, type TwimlNode, urlAttr } from '../twiml';
import type { RecordInput, TranscriptionRecord } from '../types';

const DEFAULT_INPUT: RecordInput = { seconds: 8, end: '#' };
// Transcription only happens for recordings strictly between these lengths
// (https://www.twilio.com/docs/voice/twiml/record#transcribe).
const TRANSCRIBE_MIN = 2;
const TRANSCRIBE_MAX = 120;

export interface RecordRules {
  maxLength: number;
  timeout: number;
  finishOnKey: string;
}

export interface Take {
  /** Length as recorded, before trailing silence is trimmed (what the action receives). */
  length: number;
  /** Seconds of speech in it (what remains after trim-silence). */
  speech: number;
  /** '#', 'hangup', or '' when silence or maxLength ended it. */
  digits: string;
  callerGone: boolean;
  how: string;
}

/** How a <Record> ends for what the caller does, under the verb's rules
 * (https://www.twilio.com/docs/voice/twiml/record#attributes). */
export function takeRecording(input: RecordInput, rules: RecordRules): Take {
  const spoken = Math.max(0, input.seconds);
  const endBy = input.end ?? '#';
  let take: Take;
  if (endBy === 'hangup') {
    take = { length: spoken, speech: spoken, digits: 'hangup', callerGone: true, how: 'caller hangs up' };
  } else if (endBy === '#' && rules.finishOnKey.includes('#')) {
    take = { length: spoken, speech: spoken, digits: '#', callerGone: false, how: 'caller presses #' };
  } else {
    const prefix = endBy === '#' ? '# is not a finish key; ' : '';
    // timeout="0" disables the silence detector: only maxLength can end the recording then.
    const length = rules.timeout > 0 ? spoken + rules.timeout : Infinity;
    take = { length, speech: spoken, digits: '', callerGone: false, how: `${prefix}silence ends it after ${rules.timeout} s` };
  }
  if (take.length > rules.maxLength) {
    const speech = Math.min(spoken, rules.maxLength);
    take = { length: rules.maxLength, speech, digits: '', callerGone: false, how: `maxLength ${rules.maxLength} s reached` };
  }
  return take;
}

function transcriptionParams(
  leg: Leg,
  transcription: TranscriptionRecord,
  recording: Record<string, string>,
  mediaUrl: string,
  callbackUrl: string,
): Record<string, string> {
  const call = leg.params();
  const params: Record<string, string> = {
    AccountSid: call.AccountSid,
    ApiVersion: call.ApiVersion,
    CallSid: call.CallSid,
    CallStatus: 'completed',
    Direction: call.Direction,
    From: call.From,
    To: call.To,
    Caller: call.Caller,
    Called: call.Called,
    RecordingSid: recording.RecordingSid,
    RecordingUrl: recording.RecordingUrl,
    TranscriptionSid: transcription.sid,
    TranscriptionUrl: `${mediaUrl}/Transcriptions/${transcription.sid}`,
    TranscriptionType: 'fast',
    TranscriptionStatus: transcription.status,
    // Obs: Twilio echoes the callback URL itself as `url`.
    url: callbackUrl.split('#')[0],
  };
  if (transcription.text !== undefined) params.TranscriptionText = transcription.text;
  return params;
}

/** The transcription Twilio makes of a recording, kept in its records. */
function transcriptionOf(ctx: CallContext, input: RecordInput, recordingSid: string, seconds: number): TranscriptionRecord {
  const transcription: TranscriptionRecord = {
    sid: newSid('TR'),
    recordingSid,
    status: input.transcript === null ? 'failed' : 'completed',
    durationSeconds: seconds,
    dateCreated: ctx.clock.timestamp(),
  };
  if (input.transcript !== null) {
    transcription.text = input.transcript ?? `Hi, this is a simulated ${Math.round(seconds)} second voicemail. Please call me back.`;
  }
  ctx.records.transcriptions.push(transcription);
  return transcription;
}

export async function record(ctx: CallContext, leg: Leg, node: TwimlNode, documentUrl: string): Promise<Step> {
  const transcribe = boolAttr(node, 'transcribe', false);
  const rules: RecordRules = {
    maxLength: Math.max(1, intAttr(node, 'maxLength', transcribe ? 120 : 3600)),
    timeout: Math.max(0, intAttr(node, 'timeout', 5)),
    finishOnKey: node.attrs.finishOnKey ?? '1234567890*#',
  };
  const trimSilence = (node.attrs.trim ?? 'trim-silence') === 'trim-silence';
  const input = ctx.opts.record ?? DEFAULT_INPUT;
  if (input.end === 'hangup-before') {
    ctx.say('Caller hangs up before the recording starts');
    leg.status = 'completed';
    return end('caller-hangup');
  }

  if (boolAttr(node, 'playBeep', true)) ctx.say('(beep)');
  const startTime = ctx.clock.timestamp();
  const take = takeRecording(input, rules);
  ctx.say(`Recording ${Math.max(0, input.seconds)} s … ${take.how}`);
  ctx.clock.advance(take.length);
  if (take.callerGone) leg.status = 'completed';

  const empty = take.speech === 0;
  const seconds = trimSilence ? take.speech : take.length;
  const recordingSid = newSid('RE');
  const mediaUrl = `${ctx.mediaBaseUrl}/2010-04-01/Accounts/${ctx.opts.accountSid}/Recordings/${recordingSid}`;
  const recording: Record<string, string> = {
    AccountSid: ctx.opts.accountSid,
    CallSid: leg.callSid,
    RecordingSid: recordingSid,
    RecordingUrl: mediaUrl,
    RecordingChannels: '1',
    RecordingSource: 'RecordVerb',
    RecordingStartTime: startTime,
    RecordingTrack: 'both',
  };

  const statusUrl = urlAttr(node, 'recordingStatusCallback', documentUrl);
  const statusMethod = methodAttr(node, 'recordingStatusCallbackMethod');
  const events = new Set((node.attrs.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/));
  const queueStatus = (phase: 'during-call' | 'recording-processed', params: Record<string, string>): void => {
    if (statusUrl) ctx.callbacks.add({ phase, url: statusUrl, method: statusMethod, params: { ...recording, ...params } });
  };

  ctx.records.recordings.push({
    sid: recordingSid,
    callSid: leg.callSid,
    status: empty ? 'absent' : 'completed',
    durationSeconds: empty ? 0 : seconds,
    startTime,
    mediaUrl,
  });
  if (empty) {
    ctx.say('(nothing was said: the recording is absent)');
    if (events.has('absent')) queueStatus('recording-processed', { RecordingStatus: 'absent', ErrorCode: '16101' });
  } else {
    ctx.recordingSids.push(recordingSid);
    await ctx.opts.onRecording?.({ recordingSid, callSid: leg.callSid, seconds });
    if (events.has('in-progress')) queueStatus('during-call', { RecordingStatus: 'in-progress' });
    if (events.has('completed')) {
      queueStatus('recording-processed', { RecordingStatus: 'completed', RecordingDuration: String(seconds), ErrorCode: '0' });
    }
    const transcribeUrl = urlAttr(node, 'transcribeCallback', documentUrl);
    if (transcribe && !(seconds > TRANSCRIBE_MIN && seconds < TRANSCRIBE_MAX)) {
      ctx.say(`(no transcription: ${seconds} s is outside ${TRANSCRIBE_MIN}–${TRANSCRIBE_MAX} s)`);
    } else if (transcribe) {
      const transcription = transcriptionOf(ctx, input, recordingSid, seconds);
      if (transcribeUrl) {
        // transcribeCallback is always requested with POST (https://www.twilio.com/docs/voice/twiml/record#transcribecallback).
        const params = transcriptionParams(leg, transcription, recording, mediaUrl, transcribeUrl);
        ctx.callbacks.add({ phase: 'transcribed', url: transcribeUrl, method: 'POST', params });
      }
    }
  }

  const params: Record<string, string> = {
    RecordingUrl: mediaUrl,
    RecordingSid: recordingSid,
    // The action sees the length before trimming; the status callback has the final one
    // (https://www.twilio.com/docs/voice/twiml/record#action).
    RecordingDuration: String(empty ? 0 : take.length),
    Digits: take.digits,
  };
  const action = urlAttr(node, 'action', documentUrl) ?? documentUrl;
  return { kind: 'fetch', request: { url: action, method: methodAttr(node), params, afterHangup: take.callerGone } };
}
