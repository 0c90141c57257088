// Voicemail audio for the feed page, fetched from Twilio's media host with the account's
// own credentials. That works whether or not the account enforces HTTP auth on media URLs,
// and the browser never sees the credentials or Twilio's URL.
import type { TwilioApiConfig } from './config';
import { HttpError } from './errors';

// Leaves room inside the Functions' 10 s limit to encode and answer.
const MEDIA_TIMEOUT_MS = 7000;

export interface Recording {
  contentType: string;
  audio: Buffer;
}

/**
 * Built from configuration and a validated SID only, never from the URL stored in the
 * call log: a stored URL could send the account's credentials to any host.
 */
function recordingMediaUrl(config: TwilioApiConfig, recordingSid: string): string {
  return `${config.baseUrl}/2010-04-01/Accounts/${config.accountSid}/Recordings/${recordingSid}.wav`;
}

export async function fetchRecording(config: TwilioApiConfig, recordingSid: string): Promise<Recording> {
  const credentials = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
  let response: Response;
  try {
    // Redirects are followed: fetch drops the Authorization header when one leaves the host.
    response = await fetch(recordingMediaUrl(config, recordingSid), {
      headers: { Authorization: `Basic ${credentials}` },
      signal: AbortSignal.timeout(MEDIA_TIMEOUT_MS),
    });
  } catch {
    throw new HttpError(504, 'Twilio did not answer with the recording. Try again in a moment.');
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
  return { contentType, audio: Buffer.from(await response.arrayBuffer()) };
}
