// The numbers the owner blocked, kept at Twilio in Sync so that /menu can read them without
// the call log (https://www.twilio.com/docs/sync/api/document-resource). One Document per
// blocked number, its unique name made from the number's digits: /menu asks for the one
// Document of the caller's number by name, a single request whether 3 or 100,000 numbers are
// blocked, and a 404 (error 54300, https://www.twilio.com/docs/api/errors/54300) means the
// number is not blocked. A list kept in one Document would have to be read whole on every call
// and stops at 16 KiB (about 900 numbers); a Sync Map would answer the same way as this layout,
// but one more resource type for the stand-in to play. Blocking twice is harmless: a unique name
// already taken is refused with 409 and error 54301 (https://www.twilio.com/docs/api/errors/54301).
import type { HandlerContext } from '../runtime/respond';
import { withDeadline } from '../runtime/timing';
import { atApiBase } from '../twilio/api';
import { readTwilioApiBase } from '../twilio/settings';

/** The account's client as the Functions runtime gives it. */
export type SyncClient = ReturnType<HandlerContext['getTwilioClient']>;

// The account's default Sync Service, the one the Functions runtime's own `getSync()` uses
// (https://www.twilio.com/docs/serverless/functions-assets/client).
const SERVICE = 'default';

export const blockedDocumentName = (number: string) => `blocked-${number.replace(/\D/g, '')}`;

/** 'unknown': Sync did not answer in time, or refused; the call goes through. */
export type BlockCheck = 'blocked' | 'allowed' | 'unknown';

const statusOf = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : undefined;
const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The account's client, pointed at the stand-in locally; it throws when the context holds no credentials. */
export function syncClientOf(context: HandlerContext): SyncClient {
  return atApiBase(context.getTwilioClient(), readTwilioApiBase(context));
}

/** Whether `number` is blocked, waiting at most `timeoutMs`: a caller must never hear silence for long. */
export async function checkBlocked(
  client: () => SyncClient,
  number: string,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<BlockCheck> {
  try {
    const fetch = client().sync.v1.services(SERVICE).documents(blockedDocumentName(number)).fetch();
    await withDeadline(fetch, timeoutMs, () => new Error(`no answer within ${timeoutMs} ms`));
    return 'blocked';
  } catch (err) {
    if (statusOf(err) === 404) return 'allowed';
    log(`blocklist not read (${reason(err)}); the call goes through`);
    return 'unknown';
  }
}

/** Blocks or unblocks `number` (E.164). Returns whether anything changed; Sync's refusals are thrown. */
export async function setBlocked(client: SyncClient, number: string, blocked: boolean, at: Date): Promise<boolean> {
  const documents = client.sync.v1.services(SERVICE).documents;
  const name = blockedDocumentName(number);
  try {
    if (blocked) await documents.create({ uniqueName: name, data: { number, blockedAt: at.toISOString() } });
    else await documents(name).remove();
    return true;
  } catch (err) {
    // Already blocked (409), or already not (404): the owner's wish holds.
    if (statusOf(err) === (blocked ? 409 : 404)) return false;
    throw err;
  }
}
