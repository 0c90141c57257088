// What a caller hears first: the menu, a key it does not offer, and the closed greeting.
// Pure functions from configuration to TwiML; no I/O.
import { ROUTES, say, type VoiceResponse, voiceResponse, withQuery } from './response';
import type { MenuConfig, SpeechConfig } from './settings';

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

/** Outside business hours: the closed greeting, then straight to voicemail. */
export function closedTwiml(speech: SpeechConfig, greeting: string): VoiceResponse {
  const response = voiceResponse();
  say(response, speech, greeting);
  response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'closed' }));
  return response;
}

/**
 * A number the owner blocked: rejected before Twilio answers, so the call costs nothing and the
 * caller's carrier plays its own not-in-service message (https://www.twilio.com/docs/voice/twiml/reject).
 * Only a first verb <Reject> leaves the call unanswered; the status callback then reports it
 * `no-answer`, which is how the call log knows it was blocked (calls/facts.ts).
 */
export function blockedTwiml(): VoiceResponse {
  const response = voiceResponse();
  response.reject({ reason: 'rejected' });
  return response;
}

/** A withheld number, when WITHHELD_TO_VOICEMAIL is on: no menu, straight to the voicemail prompt. */
export function withheldTwiml(): VoiceResponse {
  const response = voiceResponse();
  response.redirect({ method: 'POST' }, withQuery(ROUTES.voicemail, { choice: 'voicemail' }));
  return response;
}
