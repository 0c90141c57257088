// What the caller hears, as pure functions from configuration and call state to TwiML.
// No I/O here: every builder is unit-tested by the structure of the TwiML it returns.
// TwiML is built with the `Twilio` global the Functions runtime gives every function
// (https://www.twilio.com/docs/serverless/functions-assets/handler#twilio-object), so the
// caller's path loads no copy of the SDK of its own.
import { DEFAULTS, type ForwardConfig, type MenuConfig, type SpeechConfig, type VoicemailConfig } from '../boundary/env';
import type { Choice, ForwardStatus } from '../calls/record';
import { E164 } from '../twilio/values';

export type VoiceResponse = InstanceType<typeof Twilio.twiml.VoiceResponse>;
const voiceResponse = (): VoiceResponse => new Twilio.twiml.VoiceResponse();

/**
 * Twilio connection overrides for the asynchronous callbacks: retry up to three times
 * on 5xx, connect or read failures, so a failed call-log write is retried by Twilio.
 * The fragment never reaches the function and is not part of the signature.
 */
export const CALLBACK_RETRY = '#rc=3&rp=5xx,ct,rt';

const ROUTES = {
  menu: '/menu',
  menuChoice: '/menu-choice',
  forwardResult: '/forward-result',
  voicemail: '/voicemail',
  voicemailDone: '/voicemail-done',
  forwardStatus: '/forward-status',
  screen: '/screen',
  screenResult: '/screen-result',
  recordingStatus: '/recording-status',
  transcription: '/transcription',
  fallback: '/fallback',
} as const;

function say(target: VoiceResponse | ReturnType<VoiceResponse['gather']>, speech: SpeechConfig, words: string): void {
  // The SDK types list voices and languages as literal unions; ours are validated strings.
  target.say({ voice: speech.voice as never, language: speech.language as never }, words);
}

function withQuery(path: string, query: Record<string, string | number>): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return search ? `${path}?${search}` : path;
}

/** The menu, on the given attempt (1-based). Silence falls through to the next attempt. */
export function menuTwiml(config: MenuConfig, attempt: number): VoiceResponse {
  const response = voiceResponse();
  if (attempt > config.maxAttempts) {
    say(response, config, "Sorry, I didn't catch a choice. Let's take a message instead.");
    response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'none' }));
    return response;
  }
  const gather = response.gather({
    input: ['dtmf'],
    numDigits: 1,
    timeout: config.gatherTimeoutSeconds,
    action: withQuery(ROUTES.menuChoice, { attempt }),
    method: 'POST',
  });
  say(gather, config, attempt === 1 ? `${config.greeting} ${config.prompt}` : config.prompt);
  response.redirect({ method: 'POST' }, withQuery(ROUTES.menu, { attempt: attempt + 1 }));
  return response;
}

/** A key the menu does not offer: say so and offer the menu again, counting the attempt. */
export function invalidChoiceTwiml(speech: SpeechConfig, attempt: number): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, "Sorry, that's not one of the choices.");
  response.redirect({ method: 'POST' }, withQuery(ROUTES.menu, { attempt: attempt + 1 }));
  return response;
}

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

/** Outside business hours: the closed greeting, then straight to voicemail. */
export function closedTwiml(speech: SpeechConfig, greeting: string): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, greeting);
  response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'closed' }));
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

/**
 * Prompt, beep, record. `choice` tells the recording callback how the caller got here (none
 * is sent when it is not known), and `forward` how forwarding ended when it reached nobody.
 * The callback URLs are absolute: Twilio keeps them past this request.
 */
export function voicemailTwiml(config: VoicemailConfig, choice: Choice | undefined, forward?: ForwardStatus, response = voiceResponse()): VoiceResponse {
  say(response, config, config.prompt);
  response.record({
    action: ROUTES.voicemailDone,
    method: 'POST',
    maxLength: config.maxLengthSeconds,
    finishOnKey: '#',
    timeout: 5,
    playBeep: true,
    trim: 'trim-silence',
    recordingStatusCallback: config.serviceOrigin + withQuery(ROUTES.recordingStatus, { ...(choice ? { choice } : {}), ...(forward ? { forward } : {}) }) + CALLBACK_RETRY,
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['completed', 'absent'],
    transcribe: true,
    transcribeCallback: config.serviceOrigin + ROUTES.transcription + CALLBACK_RETRY,
  });
  // <Record> without input falls through to here; the action normally drives the call.
  say(response, config, "We didn't get a message. Goodbye.");
  response.hangup();
  return response;
}

export type VoicemailResult = 'saved' | 'empty' | 'caller-gone';

export function voicemailDoneTwiml(speech: SpeechConfig, result: VoicemailResult): VoiceResponse {
  const response = voiceResponse();
  if (result === 'saved') say(response, speech, 'Thank you. Your message has been saved. Goodbye.');
  if (result === 'empty') say(response, speech, "We didn't get a message. Feel free to call again. Goodbye.");
  response.hangup();
  return response;
}

/**
 * The number's "primary handler fails" answer (https://www.twilio.com/docs/voice/twiml#fallback-url,
 * VoiceFallbackUrl): a short apology, then a voicemail, on the default voice and prompts only,
 * so no configuration can make it fail too. The message is logged by the usual callbacks.
 */
export function fallbackTwiml(serviceOrigin: string): VoiceResponse {
  const response = voiceResponse();
  say(response, DEFAULTS, "We're sorry, something went wrong on our side. Please leave a message instead.");
  const config: VoicemailConfig = {
    voice: DEFAULTS.voice,
    language: DEFAULTS.language,
    serviceOrigin,
    prompt: DEFAULTS.voicemailPrompt,
    maxLengthSeconds: DEFAULTS.voicemailMaxLengthSeconds,
  };
  return voicemailTwiml(config, undefined, undefined, response);
}

/**
 * After a failure on the caller's path (such as a bad VOICE): straight on to /fallback, whose
 * first words are the apology and which takes the message on defaults only. Absolute, on the
 * service's own origin, like the other URLs the functions hand Twilio.
 */
export function toFallbackTwiml(serviceOrigin: string): VoiceResponse {
  const response = voiceResponse();
  response.redirect({ method: 'POST' }, serviceOrigin + ROUTES.fallback);
  return response;
}

/** A polite goodbye that depends on no configuration, so it cannot fail itself. */
export function apologyTwiml(): VoiceResponse {
  const response = voiceResponse();
  say(response, DEFAULTS, "We're sorry, we can't take your call right now. Please try again later. Goodbye.");
  response.hangup();
  return response;
}

/** After the message, when the configured voice cannot be used: a goodbye on defaults. */
export function goodbyeTwiml(): VoiceResponse {
  const response = voiceResponse();
  say(response, DEFAULTS, 'Thank you. Goodbye.');
  response.hangup();
  return response;
}
