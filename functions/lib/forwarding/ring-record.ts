// Which calls ring the owner's phones for one caller, kept at Twilio in a Sync Document named
// after the caller's conference (https://www.twilio.com/docs/sync/api/document-resource), in
// the account's default Sync Service, the one the Functions runtime's own `getSync()` uses
// (https://www.twilio.com/docs/serverless/functions-assets/client). A REST call carries no link
// to the caller it was made for, and the Calls list shows every caller's phones alike, so
// without this record callers waiting at once would stop each other's phones. Twilio-native, so
// forwarding never waits on the call log.
//
// Creating the Document is also the claim to ring: a unique name is refused once taken
// (409, https://www.twilio.com/docs/api/errors/54301), so a caller-join callback that Twilio
// delivers twice rings the phones once. A second Document, the verdict's, is the claim to move
// the caller to voicemail when nobody took the call, and keeps how forwarding ended.
import { FORWARD_VERDICTS, type ForwardStatus } from '../calls/record';
import type { TwilioClient } from './phones';

// The account's default Sync Service, addressed by the name "default".
const SERVICE = 'default';
// Long enough for any wait (ring time plus a whisper), short enough that nothing piles up.
const KEEP_SECONDS = 3600;
const documentName = (conference: string) => `forwarding-${conference}`;

const codeOf = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number' ? err.code : undefined;

/** 'claimed': ring now; 'taken': an earlier delivery rings them; 'unknown': Sync did not answer, ring anyway. */
export type RingClaim = 'claimed' | 'taken' | 'unknown';

export async function claimRinging(client: TwilioClient, conference: string, log: (line: string) => void): Promise<RingClaim> {
  try {
    await client.sync.v1
      .services(SERVICE)
      .documents.create({ uniqueName: documentName(conference), data: { phones: [] }, ttl: KEEP_SECONDS });
    return 'claimed';
  } catch (err) {
    if (codeOf(err) === 54301) return 'taken';
    log(`forwarding ${conference}: no record of its phones kept (${reason(err)}); they ring all the same`);
    return 'unknown';
  }
}

/** Records the calls rung for this caller; a failure is logged (the phones ring regardless). */
export async function recordPhones(client: TwilioClient, conference: string, phones: string[], log: (line: string) => void): Promise<void> {
  try {
    await client.sync.v1.services(SERVICE).documents(documentName(conference)).update({ data: { phones } });
  } catch (err) {
    log(`forwarding ${conference}: its phones' calls not recorded (${reason(err)})`);
  }
}

/**
 * The phone that took the call: the one whose join to the conference is the acceptance. Its
 * call's status callback learns it here, not from its URL: an update of a call's StatusCallback
 * without a new Url may have no effect (https://github.com/twilio/twilio-python/issues/884).
 * A failure is logged; the phone's URL then says it, where the update took effect.
 */
export async function recordAcceptance(
  client: TwilioClient,
  conference: string,
  phones: string[],
  accepted: string,
  log: (line: string) => void,
): Promise<void> {
  try {
    await client.sync.v1.services(SERVICE).documents(documentName(conference)).update({ data: { phones, accepted } });
  } catch (err) {
    log(`forwarding ${conference}: who took the call is not recorded (${reason(err)})`);
  }
}

/** How forwarding ended when nobody took the call, as the caller's own final status writes it. */
export interface KeptVerdict {
  verdict: Exclude<ForwardStatus, 'answered'>;
  /** The phone's number, when only one rang. */
  forwardedTo?: string;
}

/**
 * 'kept': this phone's callback moves the caller, and the verdict waits at Twilio for the caller's
 * final status; 'taken': another phone's callback moves the caller; 'unkept': Sync did not
 * answer, so this one moves the caller and writes the verdict itself.
 */
export type VerdictClaim = 'kept' | 'taken' | 'unkept';

const verdictName = (conference: string) => `forwarding-verdict-${conference}`;

/**
 * Claims the move to voicemail by creating the verdict's Document (a name already taken is
 * refused, 54301), which keeps the verdict for the caller's final status (forwarding/at-call-end.ts)
 * instead of a write of its own: the caller moves only after it exists, so their call ends
 * after it, however they leave the voicemail. A retry of the phone that claimed it finds its own
 * claim and moves the caller again, in case its first move failed.
 */
export async function claimVerdict(
  client: TwilioClient,
  conference: string,
  phone: string,
  kept: KeptVerdict,
  log: (line: string) => void,
): Promise<VerdictClaim> {
  const documents = client.sync.v1.services(SERVICE).documents;
  try {
    await documents.create({ uniqueName: verdictName(conference), data: { ...kept, phone }, ttl: KEEP_SECONDS });
    return 'kept';
  } catch (err) {
    if (codeOf(err) !== 54301) {
      log(`forwarding ${conference}: its verdict is not kept at Twilio (${reason(err)}); it is written now`);
      return 'unkept';
    }
  }
  try {
    const claimed = (await documents(verdictName(conference)).fetch()).data as { phone?: unknown };
    return claimed.phone === phone ? 'kept' : 'taken';
  } catch (err) {
    // Kept by somebody: moving the caller again is better than leaving them on hold.
    log(`forwarding ${conference}: whose claim its verdict is was not read (${reason(err)})`);
    return 'kept';
  }
}

/**
 * The verdict kept for this caller, or undefined when none was (not forwarded, or somebody took
 * the call: no Document by that name, 404 and 54300, https://www.twilio.com/docs/api/errors/54300).
 * @throws when Sync does not answer otherwise.
 */
export async function keptVerdict(client: TwilioClient, conference: string): Promise<KeptVerdict | undefined> {
  let document: { data: unknown };
  try {
    document = await client.sync.v1.services(SERVICE).documents(verdictName(conference)).fetch();
  } catch (err) {
    if (codeOf(err) === 54300) return undefined;
    throw err;
  }
  const { verdict, forwardedTo } = document.data as Record<string, unknown>;
  const known = FORWARD_VERDICTS.find((value) => value === verdict);
  if (!known) return undefined;
  return { verdict: known, ...(typeof forwardedTo === 'string' ? { forwardedTo } : {}) };
}

export interface RingRecord {
  /** The calls rung for this caller. */
  phones: string[];
  /** The one that took the call, once one did. */
  accepted?: string;
}

/** The record of this caller's phones, or undefined when there is none (Sync down, or it was never kept). */
export async function ringRecord(client: TwilioClient, conference: string, log: (line: string) => void): Promise<RingRecord | undefined> {
  try {
    const document = await client.sync.v1.services(SERVICE).documents(documentName(conference)).fetch();
    const { phones, accepted } = document.data as { phones?: unknown; accepted?: unknown };
    return {
      phones: Array.isArray(phones) ? phones.filter((sid): sid is string => typeof sid === 'string') : [],
      ...(typeof accepted === 'string' ? { accepted } : {}),
    };
  } catch (err) {
    log(`forwarding ${conference}: no record of its phones (${reason(err)})`);
    return undefined;
  }
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));
