// A short version of Twilio's records of a window that moves when a row of the call log has
// news: a call or a forwarded leg reached its final status, a recording or a transcription
// arrived. Twilio records these as it sends the callbacks that write them, so the page lets
// the callbacks land (a few seconds) before it lists the calls again.
import { createHash } from 'crypto';
import type { TwilioWindow } from '../twilio/records';
import { isFinalCallStatus } from '../twilio/values';

/**
 * Inbound calls of the window that are over: as many rows as the page should list once every
 * callback has landed, so it knows whether a late one is still to come.
 */
export function finishedCalls(window: TwilioWindow): number {
  return window.calls.filter((call) => call.direction === 'inbound' && isFinalCallStatus(call.status)).length;
}

export function changesVersion(window: TwilioWindow): string {
  const facts = [
    ...window.calls.filter((call) => isFinalCallStatus(call.status)).map((call) => `${call.sid}:${call.status}`),
    ...window.recordings.map((recording) => `${recording.sid}:${recording.status}`),
    ...window.transcriptions.map((transcription) => `${transcription.sid}:${transcription.status}`),
  ].sort();
  return createHash('sha256').update(facts.join('\n')).digest('base64url').slice(0, 22);
}
