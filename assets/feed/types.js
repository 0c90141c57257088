// @ts-check
// The JSON the page reads. FeedCall is the server's own type, taken from the module that
// builds it, so the page cannot drift from what /calls sends; assets/openapi.json is held to
// the same type by test/feed/feed-call-schema.test.ts. Types only: nothing here runs.

/**
 * @typedef {import('../../functions/lib/feed/shape').FeedCall} FeedCall
 * @typedef {FeedCall['outcome']} Outcome
 * @typedef {FeedCall['caller']} Caller
 * @typedef {NonNullable<FeedCall['voicemail']>} Voicemail
 * @typedef {{ calls: FeedCall[], next: string | null }} CallPage
 * @typedef {{ version: string, calls: number }} Changes
 * @typedef {{ callsSeen: number, restored: number, merged: number, failed: number, more: boolean, remaining: number, cursor: string | null, retryAfterMs?: number, lastScheduledRun?: string | null }} Reconciled
 * @typedef {{ sent: unknown, more: boolean }} AlertsDue
 * @typedef {{ call: FeedCall, li: HTMLLIElement }} Row
 */

export {};
