// One voicemail's audio for the feed page, behind the feed password: Twilio's MP3 of the
// recording, sent as it is (audio/mpeg), a third smaller than base64 inside JSON. Only
// recordings this line's call log holds are served. The page turns the bytes into a blob:
// URL for its <audio> element, so the password never appears in a media URL.
import { callLogHasRecording } from './lib/call-log';
import { readAirtableConfig, readTwilioApiConfig } from './lib/config';
import { HttpError } from './lib/errors';
import { requireFeedAccess } from './lib/feed-auth';
import { fetchRecording } from './lib/feed-media';
import { BinaryBody, jsonHandler } from './lib/handlers/json-handler';
import { parseParams, sid } from './lib/params';

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const { sid: recordingSid } = parseParams(event, { sid: sid('RE') });
  const twilio = readTwilioApiConfig(context);
  if (!(await callLogHasRecording(readAirtableConfig(context), recordingSid))) {
    throw new HttpError(404, 'This recording is not one of this line’s voicemails.');
  }
  const recording = await fetchRecording(twilio, recordingSid);
  return new BinaryBody(recording.contentType, recording.audio);
});
