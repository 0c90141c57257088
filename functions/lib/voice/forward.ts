// Forwarding to the owner's phones: the <Dial>, the whisper on an answering phone, and what
// the caller hears when forwarding ends. Pure functions from configuration to TwiML; no I/O.
import type { ForwardStatus } from '../calls/record';
import { E164 } from '../twilio/values';
import { CALLBACK_RETRY, ROUTES, say, type VoiceResponse, voiceResponse, withQuery } from './response';
import type { ForwardConfig, SpeechConfig } from './settings';

// How long the answering phone has to press 1 after the whisper.
const SCREEN_KEY_TIMEOUT_SECONDS = 5;

// What the caller hears while the phones ring: one of the hold tracks Twilio hosts for
// <Conference waitUrl> (https://www.twilio.com/docs/voice/twiml/conference#attributes-waiturl),
// played straight from its bucket, so no function of ours runs while the caller waits.
export const HOLD_MUSIC_URL = 'http://com.twilio.music.classical.s3.amazonaws.com/BusyStrings.mp3';

/** A number read out digit by digit ("4 1 5 …"), or what to say when it is withheld. */
function spokenNumber(number: string, withheld: string): string {
  return E164.test(number) ? number.slice(1).split('').join(' ') : withheld;
}

/** What the answering phone hears: who the call is for (the line's last four digits) and from. */
function whisper(callerNumber: string, lineNumber: string): string {
  const line = E164.test(lineNumber) ? ` for line ${lineNumber.slice(-4).split('').join(' ')}` : '';
  return `Call${line} from ${spokenNumber(callerNumber, 'a withheld number')}. Press 1 to take the call.`;
}

/** Where a call's conference reports its events: the caller's and the line's numbers travel with them. */
function conferenceStatusUrl(serviceOrigin: string, callerNumber: string, lineNumber: string): string {
  return serviceOrigin + withQuery(ROUTES.conferenceStatus, { caller: callerNumber, line: lineNumber }) + CALLBACK_RETRY;
}

/**
 * Forward the caller to the owner's phones. Unscreened, one <Dial> rings them all and the first
 * to pick up is connected (https://www.twilio.com/docs/voice/twiml/number), with the caller's own
 * number as caller ID so the owner sees who is calling. Screened, the caller waits in a
 * conference named after their Call SID and the phones are rung as calls of their own by
 * /conference-status (docs/forwarding.md): one phone's voicemail cannot end the others.
 */
export function forwardTwiml(
  speech: SpeechConfig,
  forward: ForwardConfig,
  callSid: string,
  callerNumber: string,
  lineNumber: string,
): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, 'Connecting you now. Please hold.');
  if (forward.screenCalls) {
    // startConferenceOnEnter=false: the caller hears the waitUrl until a phone joins;
    // endConferenceOnExit: a caller who hangs up ends the phone's side; maxParticipants=2: a
    // second phone that accepts a moment later finds the conference full
    // (https://www.twilio.com/docs/voice/twiml/conference#attributes).
    response.dial({ action: ROUTES.forwardResult, method: 'POST' }).conference(
      {
        startConferenceOnEnter: false,
        endConferenceOnExit: true,
        beep: 'false',
        maxParticipants: 2,
        waitUrl: HOLD_MUSIC_URL,
        waitMethod: 'GET',
        statusCallback: conferenceStatusUrl(forward.serviceOrigin, callerNumber, lineNumber),
        statusCallbackEvent: ['start', 'end', 'join', 'leave'],
        statusCallbackMethod: 'POST',
      },
      callSid,
    );
    return response;
  }
  const dial = response.dial({
    action: ROUTES.forwardResult,
    method: 'POST',
    timeout: forward.ringTimeoutSeconds,
    answerOnBridge: true,
    // A withheld number (anonymous, unknown…) cannot be a caller ID: let Twilio pick its default.
    ...(E164.test(callerNumber) ? { callerId: callerNumber } : {}),
  });
  for (const number of forward.forwardTo) {
    dial.number(
      {
        statusCallback: forward.serviceOrigin + withQuery(ROUTES.forwardStatus, { numbers: forward.forwardTo.length }) + CALLBACK_RETRY,
        statusCallbackEvent: ['completed'],
        statusCallbackMethod: 'POST',
      },
      number,
    );
  }
  return response;
}

/** The whisper, on the answering phone's call: only a 1 joins the caller; silence or another key hangs up. */
export function screenTwiml(speech: SpeechConfig, conference: string, callerNumber: string, lineNumber: string): VoiceResponse {
  const response = voiceResponse();
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: SCREEN_KEY_TIMEOUT_SECONDS,
    action: withQuery(ROUTES.screenResult, { conference, caller: callerNumber, line: lineNumber }),
    method: 'POST',
  });
  say(gather, speech, whisper(callerNumber, lineNumber));
  response.hangup();
  return response;
}

/**
 * The key pressed at the whisper: a 1 joins the caller's conference, labelled with this phone's
 * number (its join is the acceptance /conference-status logs); anything else hangs up. The
 * conference's callback is given again so a phone that joins first still reports to it.
 */
export function screenResultTwiml(
  accepted: boolean,
  join: { conference: string; phone: string; serviceOrigin: string; callerNumber: string; lineNumber: string },
): VoiceResponse {
  const response = voiceResponse();
  if (!accepted) {
    response.hangup();
    return response;
  }
  response.dial().conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      beep: 'false',
      maxParticipants: 2,
      participantLabel: join.phone,
      statusCallback: conferenceStatusUrl(join.serviceOrigin, join.callerNumber, join.lineNumber),
      statusCallbackEvent: ['start', 'end', 'join', 'leave'],
      statusCallbackMethod: 'POST',
    },
    join.conference,
  );
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
export function forwardResultTwiml(outcome: DialOutcome): VoiceResponse {
  const response = voiceResponse();
  if (outcome !== 'answered' && outcome !== 'caller-gone') {
    // The voicemail apologises: a caller moved there by /phone-status hears the same.
    response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'forward', forward: outcome }));
    return response;
  }
  response.hangup();
  return response;
}
