// What the owner's alert says, as plain text (never HTML: the caller controls their caller
// ID name and what the transcript says). Pure, so the wording is tested without sending.

import type { CallRecord } from '../calls/record';
import type { AlertKind } from './rule';

export interface AlertMessage {
  /** The text message: short, one SMS segment or a few. */
  sms: string;
  subject: string;
  /** The email's plain-text body. */
  text: string;
  link: string;
}

// Twilio accepts a Body of up to 1,600 characters (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource);
// the email carries the whole transcript, the text message its start.
const SMS_TRANSCRIPT_CHARS = 300;

/** The feed at this call. The link carries no secret: the feed asks for its password. */
function callLink(feedUrl: string, callSid: string): string {
  return `${feedUrl}/index.html#call=${callSid}`;
}

// Unicode's bidirectional formatting characters (https://www.unicode.org/reports/tr9/#Directional_Formatting_Characters):
// ALM, LRM, RLM, the embeddings and overrides LRE…RLO, the isolates LRI…PDI. In a caller ID name
// or a transcript they could make the alert read other than it is (a U+202E reverses the rest
// of the line, number and link included), so they are dropped.
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// Control characters (Unicode's Cc: C0, DEL, C1, NEL included) and the line and paragraph
// separators: a CR/LF in a caller ID name would start a header of its own in an email subject
// ("Bcc: …"), and any of them a line of its own in the text ("Listen: https://evil.example/…").
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
const LINE_BREAKING = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;
// Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms: right-to-left letters.
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFC]/;

/**
 * Caller-controlled text for the alert: on one line (control characters become a space),
 * without bidi controls, and when it holds right-to-left letters, isolated (FIRST STRONG
 * ISOLATE … POP DIRECTIONAL ISOLATE) so it cannot reorder the number or words beside it.
 * Left-to-right text gets no isolate: it needs none, and a character outside the GSM alphabet
 * would make every SMS segment hold 70 characters, not 160.
 */
function callerText(value: string): string {
  const text = value.replace(BIDI_CONTROLS, '').replace(LINE_BREAKING, ' ').replace(/ {2,}/g, ' ').trim();
  return RIGHT_TO_LEFT.test(text) ? `\u2068${text}\u2069` : text;
}

function who(call: CallRecord): string {
  const number = call.from ? callerText(call.from) : 'an unknown number';
  return call.callerName ? `${callerText(call.callerName)} (${number})` : number;
}

function when(call: CallRecord, timeZone: string): string {
  const at = call.startedAt ?? call.endedAt;
  if (!at) return 'at an unknown time';
  const formatted = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(at);
  return `on ${formatted}`;
}

/**
 * The transcript is the caller's words: one line, quoted after a label of ours, and after the
 * link, so nothing in it can stand for a line of the alert ("Listen: …") or come before the link.
 */
function transcriptLine(call: CallRecord, chars = Infinity): string {
  if (call.transcriptionStatus === 'completed' && call.transcript) return `Transcript: "${shorten(callerText(call.transcript), chars)}"`;
  return call.transcriptionStatus === 'failed' ? '(Transcript not available: transcription failed.)' : '(Transcript not available.)';
}

function shorten(value: string, chars: number): string {
  return value.length <= chars ? value : `${value.slice(0, chars - 1)}…`;
}

export function alertMessage(kind: AlertKind, call: CallRecord, feedUrl: string, timeZone: string): AlertMessage {
  const link = callLink(feedUrl, call.callSid);
  if (kind === 'missed') {
    const line = `Missed call from ${who(call)} ${when(call, timeZone)}. Nobody answered and no message was left.`;
    return { sms: `${line} ${link}`, subject: `Missed call from ${who(call)}`, text: `${line}\n\nOpen the call: ${link}\n`, link };
  }
  const length = `${call.recordingSeconds ?? 0} s`;
  const line = `New voicemail from ${who(call)} ${when(call, timeZone)}, ${length}.`;
  return {
    sms: `${line}\n${link}\n${transcriptLine(call, SMS_TRANSCRIPT_CHARS)}`,
    subject: `Voicemail from ${who(call)} (${length})`,
    text: `${line}\n\nListen: ${link}\n\n${transcriptLine(call)}\n`,
    link,
  };
}
