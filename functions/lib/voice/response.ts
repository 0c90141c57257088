// The pieces every TwiML builder shares. TwiML is built with the `Twilio` global the
// Functions runtime gives every function
// (https://www.twilio.com/docs/serverless/functions-assets/handler#twilio-object), so the
// caller's path loads no copy of the SDK of its own.
import type { SpeechConfig } from './settings';

export type VoiceResponse = InstanceType<typeof Twilio.twiml.VoiceResponse>;
export const voiceResponse = (): VoiceResponse => new Twilio.twiml.VoiceResponse();

/**
 * Twilio connection overrides for the asynchronous callbacks: retry up to three times
 * on 5xx, connect or read failures, so a failed call-log write is retried by Twilio.
 * The fragment never reaches the function and is not part of the signature.
 */
export const CALLBACK_RETRY = '#rc=3&rp=5xx,ct,rt';

export const ROUTES = {
  menu: '/menu',
  menuChoice: '/menu-choice',
  forwardResult: '/forward-result',
  voicemail: '/voicemail',
  voicemailDone: '/voicemail-done',
  forwardStatus: '/forward-status',
  screen: '/screen',
  screenResult: '/screen-result',
  conferenceStatus: '/conference-status',
  phoneStatus: '/phone-status',
  recordingStatus: '/recording-status',
  transcription: '/transcription',
  fallback: '/fallback',
} as const;

export function say(target: VoiceResponse | ReturnType<VoiceResponse['gather']>, speech: SpeechConfig, words: string): void {
  // The SDK types list voices and languages as literal unions; ours are validated strings.
  target.say({ voice: speech.voice as never, language: speech.language as never }, words);
}

export function withQuery(path: string, query: Record<string, string | number>): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return search ? `${path}?${search}` : path;
}
