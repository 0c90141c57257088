// The alert's claim kept at Twilio, in a Sync Document named after the call
// (https://www.twilio.com/docs/sync/api/document-resource), instead of in the call's row:
// creating a Document is atomic (a unique name taken already is refused with 54301,
// https://www.twilio.com/docs/api/errors/54301), and a stale claim is taken over by an update
// conditional on the revision read (If-Match; a rival's update in between is refused with
// 54103, https://www.twilio.com/docs/sync/mutation-and-conflict-resolution). So no pause and no
// read-back of the row are needed, and the alert costs Airtable one request (the record of who
// got it) instead of three. The Document also remembers who was sent to before that record is
// written, so a record lost to an Airtable failure is rewritten without sending twice.
// Twilio-native and free per request; when Sync cannot answer, the row's own claim is used.

import { withDeadline } from '../runtime/timing';

// The account's default Sync Service, the one the Functions runtime's `getSync()` uses
// (https://www.twilio.com/docs/serverless/functions-assets/client).
const SERVICE = 'default';
// Documents expire by themselves (Ttl), long after any retry or later pass could need them.
const KEEP_SECONDS = 2 * 86_400;
const documentName = (callSid: string) => `alert-${callSid}`;
/** Each Sync request's longest wait: a claim takes at most three (create, read, take over). */
export const SYNC_TIMEOUT_MS = 500;
export const CLAIM_AT_TWILIO_MS = 3 * SYNC_TIMEOUT_MS;
const bounded = <T>(work: Promise<T>): Promise<T> =>
  withDeadline(work, SYNC_TIMEOUT_MS, () => new Error(`Sync did not answer within ${SYNC_TIMEOUT_MS} ms`));
// A claim let go: older than any claim's life.
const RELEASED = new Date(0).toISOString();

/** The part of the Twilio client the claim uses: Sync Documents in a service. */
export interface SyncClient {
  sync: {
    v1: {
      services(sid: string): {
        documents: ((name: string) => {
          fetch(): Promise<{ data: unknown; revision: string }>;
          update(options: { data: object; ifMatch?: string }): Promise<unknown>;
        }) & { create(options: { uniqueName: string; data: object; ttl: number }): Promise<unknown> };
      };
    };
  };
}

interface ClaimData {
  token: string;
  /** ISO time of the claim: older than the claim's life, another invocation may take it over. */
  at: string;
  /** Recipients sent to so far. */
  sent: string[];
  /** Everyone owed has been sent to. */
  done: boolean;
}

/**
 * taken: go on and send to whoever is not in `sent`; held: another invocation is sending now;
 * done: everyone was sent to (the row may still lack the record); unavailable: Sync did not
 * answer, use the row's claim.
 */
export type SyncClaim =
  | { state: 'taken'; sent: string[] }
  | { state: 'held' }
  | { state: 'done'; sent: string[] }
  | { state: 'unavailable'; reason: string };

const codeOf = (err: unknown): number | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'number' ? err.code : undefined;
const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function claimData(raw: unknown): ClaimData | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { token, at, sent, done } = raw as Record<string, unknown>;
  if (typeof token !== 'string' || typeof at !== 'string') return undefined;
  return { token, at, sent: Array.isArray(sent) ? sent.filter((s): s is string => typeof s === 'string') : [], done: done === true };
}

/** created: no invocation ever claimed this call's alert, and this one now holds it; exists: one did. */
export type FirstClaim = 'created' | 'exists' | 'unavailable';

export interface AlertClaims {
  /** Claims the alert only if it was never claimed: nobody has sent any of it, or tried to. */
  first(callSid: string, token: string, now: Date): Promise<FirstClaim>;
  take(callSid: string, token: string, now: Date, lifeMs: number): Promise<SyncClaim>;
  /**
   * Records who was sent to (and whether that is everyone) and lets the claim go, so that a retry
   * may send what is still owed at once; a failure is logged, not thrown.
   */
  release(callSid: string, token: string, sent: string[], done: boolean): Promise<void>;
}

export function syncAlertClaims(client: () => SyncClient, log: (line: string) => void): AlertClaims {
  const documents = () => client().sync.v1.services(SERVICE).documents;
  const fresh = (token: string, now: Date): ClaimData => ({ token, at: now.toISOString(), sent: [], done: false });
  const create = async (callSid: string, data: ClaimData): Promise<'created' | 'exists' | { reason: string }> => {
    try {
      await bounded(documents().create({ uniqueName: documentName(callSid), data, ttl: KEEP_SECONDS }));
      return 'created';
    } catch (err) {
      return codeOf(err) === 54301 ? 'exists' : { reason: reasonOf(err) };
    }
  };
  return {
    async first(callSid, token, now) {
      const created = await create(callSid, fresh(token, now));
      return typeof created === 'string' ? created : 'unavailable';
    },
    async take(callSid, token, now, lifeMs) {
      const created = await create(callSid, fresh(token, now));
      if (created === 'created') return { state: 'taken', sent: [] };
      if (created !== 'exists') return { state: 'unavailable', reason: created.reason };
      try {
        const document = await bounded(documents()(documentName(callSid)).fetch());
        const held = claimData(document.data);
        if (held?.done) return { state: 'done', sent: held.sent };
        if (held && now.getTime() - Date.parse(held.at) < lifeMs) return { state: 'held' };
        const sent = held?.sent ?? [];
        await bounded(documents()(documentName(callSid)).update({ data: { ...fresh(token, now), sent }, ifMatch: document.revision }));
        return { state: 'taken', sent };
      } catch (err) {
        // Another invocation took the stale claim between this one's read and its update.
        if (codeOf(err) === 54103) return { state: 'held' };
        return { state: 'unavailable', reason: reasonOf(err) };
      }
    },
    async release(callSid, token, sent, done) {
      const released: ClaimData = { token, at: RELEASED, sent, done };
      try {
        await bounded(documents()(documentName(callSid)).update({ data: released }));
      } catch (err) {
        log(`${callSid}: who the alert was sent to is not kept at Twilio (${reasonOf(err)}); the call's row records it`);
      }
    },
  };
}
