// A voicemail's recording for its email (ALERT_EMAIL_AUDIO=true): the MP3 fetched from Twilio's
// media host with the account's credentials, within a short time, since the callback that sends
// it lives 10 s. Twilio's MP3 of this line's longest voicemail is some 460 kB, and the fetch stops
// at 1 MB (twilio/recording-media.ts): far inside SendGrid's 30 MB for a whole email
// (https://docs.sendgrid.com/api-reference/mail-send/limitations), base64 and all. A recording
// that cannot be fetched in time is left out, and the email says to play it in the feed.

import { fetchRecording } from '../twilio/recording-media';
import type { TwilioApiConfig } from '../twilio/settings';
import type { Attachment } from './channels';

export const AUDIO_TIMEOUT_MS = 1500;

export type VoicemailAudio = (recordingSid: string) => Promise<Attachment>;

export function voicemailAudio(config: TwilioApiConfig): VoicemailAudio {
  return async (recordingSid) => {
    const { audio } = await fetchRecording(config, recordingSid, AUDIO_TIMEOUT_MS);
    return { filename: `voicemail-${recordingSid}.mp3`, type: 'audio/mpeg', content: audio };
  };
}

/** The attachment, or the sentence the email carries instead. */
export async function audioOrNote(audio: VoicemailAudio, recordingSid: string): Promise<{ attachment?: Attachment; note?: string }> {
  try {
    return { attachment: await audio(recordingSid) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { note: `The recording could not be attached (${why}); play it in the feed.` };
  }
}
