// Voicemail audio (for the feed page, and the owner's email when it carries it), fetched from Twilio's media host with the account's
// own credentials. That works whether or not the account enforces HTTP auth on media URLs,
// and the browser never sees the credentials or Twilio's URL.

import { HttpError } from '../boundary/errors';
import type { TwilioApiConfig } from '../twilio/settings';

// Leaves room inside the Functions' 10 s limit to answer; it covers the whole body too.
export const MEDIA_TIMEOUT_MS = 7000;

// Twilio serves every recording as a 32 kbps MP3 (`.mp3`, https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file;
// https://support.twilio.com/hc/en-us/articles/360002588893): 4 kB a second, so a voicemail of
// the longest length this line records (115 s) is about 460 kB, where the WAV is 1.8 MB.
// Anything past this cap is not one of our voicemails, and is not read into memory.
const MAX_AUDIO_BYTES = 1_000_000;

export interface Recording {
  contentType: string;
  audio: Buffer;
}

/**
 * Built from configuration and a validated SID only, never from the URL stored in the
 * call log: a stored URL could send the account's credentials to any host.
 */
function recordingMediaUrl(config: TwilioApiConfig, recordingSid: string): string {
  return `${config.baseUrl}/2010-04-01/Accounts/${config.accountSid}/Recordings/${recordingSid}.mp3`;
}

const TIMED_OUT = () => new HttpError(504, 'Twilio did not answer with the recording. Try again in a moment.');
const TOO_LARGE = () =>
  new HttpError(
    502,
    `Twilio sent more than ${MAX_AUDIO_BYTES / 1_000_000} MB for this recording, which is not a voicemail of this line: it was not played.`,
  );

/** Reads the body up to the cap, stopping (and cancelling the download) as soon as it is passed. */
async function readCapped(response: Response, recordingSid: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_AUDIO_BYTES || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    if (!response.body) throw new HttpError(502, 'Twilio sent no audio for this recording.');
    console.error(`Recording ${recordingSid} is ${declared} bytes, over the ${MAX_AUDIO_BYTES}-byte cap`);
    throw TOO_LARGE();
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_AUDIO_BYTES) {
        await reader.cancel().catch(() => undefined);
        console.error(`Recording ${recordingSid} passed the ${MAX_AUDIO_BYTES}-byte cap`);
        throw TOO_LARGE();
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // The timeout's abort also ends a body that arrives too slowly.
    throw TIMED_OUT();
  }
  return Buffer.concat(chunks);
}

/** `timeoutMs` covers the request and the whole body: the time the caller has left. */
export async function fetchRecording(config: TwilioApiConfig, recordingSid: string, timeoutMs = MEDIA_TIMEOUT_MS): Promise<Recording> {
  const credentials = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
  let response: Response;
  try {
    // Redirects are followed: fetch drops the Authorization header when one leaves the host.
    response = await fetch(recordingMediaUrl(config, recordingSid), {
      headers: { Authorization: `Basic ${credentials}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw TIMED_OUT();
  }
  if (response.status === 404) throw new HttpError(404, 'This recording is not available: it is still being processed, or it was deleted.');
  if (response.status === 401 || response.status === 403) {
    console.error(`Twilio refused ACCOUNT_SID/AUTH_TOKEN for recording ${recordingSid} (${response.status})`);
    throw new HttpError(502, "Twilio refused the account's credentials for this recording.");
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.ok || !contentType.startsWith('audio/')) {
    console.error(`Twilio answered ${response.status} (${contentType || 'no content type'}) for recording ${recordingSid}`);
    throw new HttpError(502, `Twilio could not deliver the recording (status ${response.status}).`);
  }
  return { contentType, audio: await readCapped(response, recordingSid) };
}
