// What the caller hears, as pure functions from configuration and call state to TwiML.
// No I/O here: every builder is unit-tested by the structure of the TwiML it returns.
// TwiML is built with the `Twilio` global the Functions runtime gives every function
// (https://www.twilio.com/docs/serverless/functions-assets/handler#twilio-object), so the
// caller's path loads no copy of the SDK of its own.
import { DEFAULTS, type ForwardConfig, type MenuConfig, type SpeechConfig, type VoicemailConfig } from './config';
import type { Choice } from './call-record';
import { E164 } from './twilio-values';

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
  recordingStatus: '/recording-status',
  transcription: '/transcription',
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

/**
 * Forward the caller to the owner. The caller's own number is shown as caller ID so the
 * owner sees who is calling; the Dial action decides what happens if nobody answers.
 */
export function forwardTwiml(speech: SpeechConfig, forward: ForwardConfig, callerNumber: string): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, 'Connecting you now. Please hold.');
  const dial = response.dial({
    action: ROUTES.forwardResult,
    method: 'POST',
    timeout: forward.ringTimeoutSeconds,
    // A withheld number (anonymous, unknown…) cannot be a caller ID: let Twilio pick its default.
    ...(E164.test(callerNumber) ? { callerId: callerNumber } : {}),
  });
  dial.number(
    {
      statusCallback: forward.serviceOrigin + ROUTES.forwardStatus + CALLBACK_RETRY,
      statusCallbackEvent: ['completed'],
      statusCallbackMethod: 'POST',
    },
    forward.forwardTo,
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

export type DialOutcome = 'answered' | 'not-answered' | 'caller-gone';

/** After the forwarded leg ends: hang up if they talked, otherwise offer voicemail. */
export function forwardResultTwiml(speech: SpeechConfig, outcome: DialOutcome): VoiceResponse {
  const response = voiceResponse();
  if (outcome === 'not-answered') {
    say(response, speech, "Sorry, nobody is available to take your call.");
    response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'forward' }));
    return response;
  }
  response.hangup();
  return response;
}

/**
 * Prompt, beep, record. `choice` tells the recording callback how the caller got here (none
 * is sent when it is not known). The callback URLs are absolute: Twilio keeps them past this request.
 */
export function voicemailTwiml(config: VoicemailConfig, choice: Choice | undefined, response = voiceResponse()): VoiceResponse {
  say(response, config, config.prompt);
  response.record({
    action: ROUTES.voicemailDone,
    method: 'POST',
    maxLength: config.maxLengthSeconds,
    finishOnKey: '#',
    timeout: 5,
    playBeep: true,
    trim: 'trim-silence',
    recordingStatusCallback: config.serviceOrigin + withQuery(ROUTES.recordingStatus, choice ? { choice } : {}) + CALLBACK_RETRY,
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
  return voicemailTwiml(config, undefined, response);
}

/** A polite goodbye that depends on no configuration, so it cannot fail itself. */
export function apologyTwiml(): VoiceResponse {
  const response = voiceResponse();
  say(response, DEFAULTS, "We're sorry, we can't take your call right now. Please try again later. Goodbye.");
  response.hangup();
  return response;
}
