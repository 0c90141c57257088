// One voicemail's audio for the feed page, behind the feed password. The audio travels
// base64-encoded inside JSON because a binary body does not survive the local runtime's
// forked process (it arrives as {"type":"Buffer","data":[...]}); JSON works there and in
// production alike. The page decodes it into a blob: URL for its <audio> element.
import type * as HandlerModule from './lib/handler.private';
import type * as ConfigModule from './lib/config.private';
import type * as ParamsModule from './lib/params.private';
import type * as AuthModule from './lib/feed-auth.private';
import type * as MediaModule from './lib/feed-media.private';

const { jsonHandler } = require(Runtime.getFunctions()['lib/handler'].path) as typeof HandlerModule;
const { readTwilioApiConfig } = require(Runtime.getFunctions()['lib/config'].path) as typeof ConfigModule;
const { parseParams, sid } = require(Runtime.getFunctions()['lib/params'].path) as typeof ParamsModule;
const { requireFeedAccess } = require(Runtime.getFunctions()['lib/feed-auth'].path) as typeof AuthModule;
const { fetchRecording } = require(Runtime.getFunctions()['lib/feed-media'].path) as typeof MediaModule;

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const { sid: recordingSid } = parseParams(event, { sid: sid('RE') });
  const recording = await fetchRecording(readTwilioApiConfig(context), recordingSid);
  return { recordingSid, contentType: recording.contentType, audioBase64: recording.audio.toString('base64') };
});
