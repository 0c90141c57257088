// Forwarding to the owner's phones: the <Dial>, the whisper on an answering phone, and what
// the caller hears when forwarding ends. Pure functions from configuration to TwiML; no I/O.
import type { ForwardStatus } from '../calls/record';
import { E164 } from '../twilio/values';
import { CALLBACK_RETRY, ROUTES, say, voiceResponse, withQuery, type VoiceResponse } from './response';
import type { ForwardConfig, SpeechConfig } from './settings';

// How long the answering phone has to press 1 after the whisper.
const SCREEN_KEY_TIMEOUT_SECONDS = 5;
// Allowance for fetching the whisper and its answer, and for the text-to-speech to start.
const SCREEN_MARGIN_SECONDS = 5;

/** A number read out digit by digit ("4 1 5 …"), or what to say when it is withheld. */
function spokenNumber(number: string, withheld: string): string {
  return E164.test(number) ? number.slice(1).split('').join(' ') : withheld;
}

/** What the answering phone hears: who the call is for (the line's last four digits) and from. */
function whisper(callerNumber: string, lineNumber: string): string {
  const line = E164.test(lineNumber) ? ` for line ${lineNumber.slice(-4).split('').join(' ')}` : '';
  return `Call${line} from ${spokenNumber(callerNumber, 'a withheld number')}. Press 1 to take the call.`;
}

/**
 * The longest a picked-up phone stays on the line without anybody pressing 1: the whisper
 * (speech runs at about 2.5 words a second; counted at 2, digits are read slowly), the wait for
 * a key, and a margin. The status callback of each leg is told this, to tell a leg that was
 * connected from one that was not; erring long only counts a very short accepted call as not
 * accepted, never the reverse.
 */
export function screenSeconds(callerNumber: string, lineNumber: string): number {
  const words = whisper(callerNumber, lineNumber).split(/\s+/).length;
  return Math.ceil(words / 2) + SCREEN_KEY_TIMEOUT_SECONDS + SCREEN_MARGIN_SECONDS;
}

/**
 * Forward the caller to the owner's phones, all ringing at once. The caller's own number is
 * shown as caller ID so the owner sees who is calling; the caller keeps hearing ringing until
 * someone is connected (answerOnBridge). With screening, each phone that picks up hears the
 * whisper first and is connected only when a person presses 1
 * (https://www.twilio.com/docs/voice/twiml/number#url): a carrier's voicemail cannot take the
 * call. The Dial action decides what happens when nobody does.
 */
export function forwardTwiml(speech: SpeechConfig, forward: ForwardConfig, callerNumber: string, lineNumber: string): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, 'Connecting you now. Please hold.');
  const dial = response.dial({
    action: ROUTES.forwardResult,
    method: 'POST',
    timeout: forward.ringTimeoutSeconds,
    answerOnBridge: true,
    // A withheld number (anonymous, unknown…) cannot be a caller ID: let Twilio pick its default.
    ...(E164.test(callerNumber) ? { callerId: callerNumber } : {}),
  });
  const legQuery: Record<string, string | number> = { numbers: forward.forwardTo.length };
  if (forward.screenCalls) legQuery.screen = screenSeconds(callerNumber, lineNumber);
  for (const number of forward.forwardTo) {
    dial.number(
      {
        ...(forward.screenCalls ? { url: withQuery(ROUTES.screen, { caller: callerNumber, line: lineNumber }), method: 'POST' } : {}),
        statusCallback: forward.serviceOrigin + withQuery(ROUTES.forwardStatus, legQuery) + CALLBACK_RETRY,
        statusCallbackEvent: ['completed'],
        statusCallbackMethod: 'POST',
      },
      number,
    );
  }
  return response;
}

/** The whisper, on the answering phone's leg: only a 1 connects; silence or another key hangs up that leg. */
export function screenTwiml(speech: SpeechConfig, callerNumber: string, lineNumber: string): VoiceResponse {
  const response = voiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: SCREEN_KEY_TIMEOUT_SECONDS,
    action: ROUTES.screenResult,
    method: 'POST',
  });
  say(gather, speech, whisper(callerNumber, lineNumber));
  response.hangup();
  return response;
}

/** The key pressed at the whisper: an empty document connects the call, anything else ends the leg. */
export function screenResultTwiml(accepted: boolean): VoiceResponse {
  const response = voiceResponse();
  if (!accepted) response.hangup();
  return response;
}

/** When forwarding is impossible (not configured), the caller can still leave a message. */
export function forwardUnavailableTwiml(speech: SpeechConfig): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, "Sorry, we can't connect your call right now.");
  response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'forward' }));
  return response;
}

/** How forwarding ended for the caller; when nobody took the call, the Dial's verdict for the log. */
export type DialOutcome = 'answered' | 'caller-gone' | Exclude<ForwardStatus, 'answered'>;

/** After forwarding ends: hang up if they talked, otherwise offer voicemail, carrying the verdict to the log. */
export function forwardResultTwiml(speech: SpeechConfig, outcome: DialOutcome): VoiceResponse {
  const response = voiceResponse();
  if (outcome !== 'answered' && outcome !== 'caller-gone') {
    say(response, speech, "Sorry, nobody is available to take your call.");
    response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'forward', forward: outcome }));
    return response;
  }
  response.hangup();
  return response;
}

