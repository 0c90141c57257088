// Taking a message: the prompt and <Record>, the goodbye after it, and the voicemail on
// defaults that /fallback and a broken configuration lead to. Pure functions; no I/O.
import type { Choice, ForwardStatus } from '../calls/record';
import { CALLBACK_RETRY, ROUTES, say, type VoiceResponse, voiceResponse, withQuery } from './response';
import {
  DEFAULT_SPEECH,
  DEFAULT_VOICEMAIL_MAX_LENGTH,
  DEFAULT_VOICEMAIL_PROMPT,
  type SpeechConfig,
  type VoicemailConfig,
} from './settings';

/**
 * Prompt, beep, record. `choice` tells the recording callback how the caller got here (none
 * is sent when it is not known), and `forward` how forwarding ended when it reached nobody.
 * The callback URLs are absolute: Twilio keeps them past this request.
 */
export function voicemailTwiml(
  config: VoicemailConfig,
  choice: Choice | undefined,
  forward?: ForwardStatus,
  response = voiceResponse(),
): VoiceResponse {
  // Forwarding reached nobody: the <Dial action>, or the last phone's callback, sent the caller here.
  if (forward) say(response, config, 'Sorry, nobody is available to take your call.');
  say(response, config, config.prompt);
  response.record({
    action: ROUTES.voicemailDone,
    method: 'POST',
    maxLength: config.maxLengthSeconds,
    finishOnKey: '#',
    timeout: 5,
    playBeep: true,
    trim: 'trim-silence',
    recordingStatusCallback:
      config.serviceOrigin +
      withQuery(ROUTES.recordingStatus, { ...(choice ? { choice } : {}), ...(forward ? { forward } : {}) }) +
      CALLBACK_RETRY,
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
  say(response, DEFAULT_SPEECH, "We're sorry, something went wrong on our side. Please leave a message instead.");
  const config: VoicemailConfig = {
    ...DEFAULT_SPEECH,
    serviceOrigin,
    prompt: DEFAULT_VOICEMAIL_PROMPT,
    maxLengthSeconds: DEFAULT_VOICEMAIL_MAX_LENGTH,
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
  say(response, DEFAULT_SPEECH, "We're sorry, we can't take your call right now. Please try again later. Goodbye.");
  response.hangup();
  return response;
}

/** After the message, when the configured voice cannot be used: a goodbye on defaults. */
export function goodbyeTwiml(): VoiceResponse {
  const response = voiceResponse();
  say(response, DEFAULT_SPEECH, 'Thank you. Goodbye.');
  response.hangup();
  return response;
}
