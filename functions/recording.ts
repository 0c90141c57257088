// One voicemail's audio for the feed page, behind the feed password: Twilio's MP3 of the
// recording, sent as it is (audio/mpeg), a third smaller than base64 inside JSON. Only
// recordings this line's call log holds are served. The page turns the bytes into a blob:
// URL for its <audio> element, so the password never appears in a media URL.

import { HttpError } from './lib/boundary/errors';
import { parseParams, sid } from './lib/boundary/params';
import { requireFeedAccess } from './lib/feed/auth';
import { BinaryBody, jsonHandler } from './lib/handlers/json';
import { callLogHasRecording } from './lib/store/list';
import { readAirtableConfig } from './lib/store/settings';
import { fetchRecording, MEDIA_TIMEOUT_MS } from './lib/twilio/recording-media';
import { readTwilioApiConfig } from './lib/twilio/settings';

// The answer must be out within the Functions' 10 s
// (https://www.twilio.com/docs/serverless/functions-assets/functions/request-flow): one short
// Airtable attempt for the ownership check (the page's Retry makes the next), and the media
// fetch gets what is left of ANSWER_WITHIN_MS, never more than its own timeout.
const OWNERSHIP_CHECK = { attempts: 1, timeoutMs: 2500 };
const ANSWER_WITHIN_MS = 9000;

export const handler = jsonHandler(async (event, context) => {
  const started = Date.now();
  requireFeedAccess(event, context);
  const { sid: recordingSid } = parseParams(event, { sid: sid('RE') });
  const twilio = readTwilioApiConfig(context);
  if (!(await callLogHasRecording(readAirtableConfig(context), recordingSid, OWNERSHIP_CHECK))) {
    throw new HttpError(404, 'This recording is not one of this line’s voicemails.');
  }
  const recording = await fetchRecording(twilio, recordingSid, Math.min(MEDIA_TIMEOUT_MS, started + ANSWER_WITHIN_MS - Date.now()));
  return new BinaryBody(recording.contentType, recording.audio);
});
