// The owner's note on a call, saved to its row from the feed page. The page sends the note it
// started from (`base`); when the row holds another one by now (another tab saved first), nothing
// is written and the page gets a 409 with the note as it stands, so neither edit is lost unseen.
// Public, but answers nothing without the feed password. Request and response: assets/openapi.json, path /note.
import { requireFeedAccess } from './lib/feed/auth';
import { editAnswer, parseNote } from './lib/feed/edits';
import { jsonHandler } from './lib/handlers/json';
import { editCall } from './lib/store/call-edits';
import { readAirtableConfig } from './lib/store/settings';

export const handler = jsonHandler(async (event, context) => {
  requireFeedAccess(event, context);
  const { callSid, note, base } = parseNote(event);
  // Saving the text the row already holds is no conflict, whatever it started from.
  const unchanged = (stored: string) => stored === base || stored === note;
  const result = await editCall(readAirtableConfig(context), callSid, { note: note === '' ? null : note }, (call) =>
    unchanged(call.note ?? ''),
  );
  return editAnswer(result);
});
