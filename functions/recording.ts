// One voicemail's audio for the feed page, behind the feed password. The audio travels
// base64-encoded inside JSON because a binary body does not survive the local runtime's
// forked process (it arrives as {"type":"Buffer","data":[...]}); JSON works there and in
// production alike. The page decodes it into a blob: URL for its <audio> element.
import { readTwilioApiConfig } from './lib/config';
import { requireFeedAccess } from './lib/feed-auth';
import { fetchRecording } from './lib/feed-media';
import { jsonHandler } from './lib/handlers/json-handler';
import { parseParams, sid } from './lib/params';

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const { sid: recordingSid } = parseParams(event, { sid: sid('RE') });
  const recording = await fetchRecording(readTwilioApiConfig(context), recordingSid);
  return { recordingSid, contentType: recording.contentType, audioBase64: recording.audio.toString('base64') };
});
