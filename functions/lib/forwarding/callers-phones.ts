// The calls that ring the owner's phones for one caller, as they stand now: those the caller's
// ring record names, or, without one, the line's calls since the conference began (shared with
// any caller forwarded at the same moment: the fallback when Sync did not answer).
import { HttpError } from '../boundary/errors';
import { callsBySid, callsSince, type Forwarding, type PhoneCall, type TwilioClient } from './phones';
import { ringRecord } from './ring-record';

/**
 * @param expected a call that must be among them (the phone whose event this is): when the
 *   record does not name it yet, the caller-join callback is still writing it, and this
 *   callback answers 503 so that Twilio asks again a moment later.
 */
export async function callersPhones(
  client: TwilioClient,
  forwarding: Forwarding,
  expected: string | undefined,
  log: (line: string) => void,
): Promise<PhoneCall[]> {
  const recorded = (await ringRecord(client, forwarding.conference, log))?.phones;
  if (recorded === undefined) {
    const conference = await client.conferences.list({ friendlyName: forwarding.conference, limit: 1 });
    return conference[0] ? callsSince(client, forwarding, conference[0].dateCreated) : [];
  }
  if (expected !== undefined && !recorded.includes(expected)) {
    log(`forwarding ${forwarding.conference}: ${expected} is not among its recorded phones yet; asking Twilio to retry`);
    throw new HttpError(503, 'The phones of this call are still being recorded; retry later');
  }
  return callsBySid(client, recorded);
}
