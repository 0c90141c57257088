// Sending the owner's alert for one call exactly once. Functions keep no memory between
// invocations, so the promise is kept in a claim:
// 1. The alert is decided from the row as it stands after a write (alerts/rule.ts), never
//    from the callback alone: no row, no alert; an alert already sent is never sent again.
//    (A transcript's callback may send first, from Twilio's records: alerts/before-write.ts.)
// 2. Of two invocations racing on the same call (a duplicated callback, or two callbacks that
//    both complete the row), only the one that holds the claim goes on. The claim is a Sync
//    Document (alerts/claim.ts: atomic at Twilio, no Airtable request). When Sync cannot answer,
//    it is kept in the row: "Alert Claim" (a random token and the time) is written, then, after
//    a pause, read back, and only the invocation whose claim stands goes on (Airtable has no
//    conditional write; the rival's claim lands within a request's time of its own read of the
//    row, which the pause outlasts).
// 3. Each recipient not yet in "Alerts Sent" is sent to; the row then records who got it and,
//    when everyone has, "Alerted At", and drops the claim. A send that failed leaves the
//    recipient owed and throws AlertError: the callback answers 503 and Twilio's retry, or the
//    later pass, sends only what is still owed.
// A claim outlives its invocation by CLAIM_TTL_MS at most (a Function runs for 10 s at most),
// so a crashed sender never blocks the alert for good.
import { randomUUID } from 'crypto';
import { AlertError } from '../boundary/errors';
import type { CallRecord } from '../calls/record';
import { sleep } from '../runtime/timing';
import type { RequestBudget, StoredCall } from '../store/airtable';
import type { AirtableConfig } from '../store/settings';
import { readCall, updateCall } from '../store/writes';
import { type Recipient, SEND_TIMEOUT_MS, type Senders } from './channels';
import { type AlertClaims, CLAIM_AT_TWILIO_MS, SYNC_TIMEOUT_MS } from './claim';
import { alertMessage } from './message';
import { PROOF_TIMEOUT_MS } from './recording-proof';
import { type AlertKind, alertDue, MAX_ALERT_ATTEMPTS, missedNeedsProof, nextAlertAttempt } from './rule';
import type { AlertConfig } from './settings';
import { messageStatusPath } from './text-status';
import { AUDIO_TIMEOUT_MS, audioOrNote, type VoicemailAudio } from './voicemail-audio';

const CLAIM_TTL_MS = 15_000;
/** Between writing the claim and reading it back: longer than a rival's write takes to land. */
const CLAIM_SETTLE_MS = 750;
/** One short attempt per request: whatever fails is picked up by a retry or the pass. */
const REQUEST: RequestBudget = { attempts: 1, timeoutMs: 1200 };
/** The longest one send may take (alertSenders' timeout). */
/** One Airtable request's longest wait: its timeout, and 500 ms for its deadline. */
const REQUEST_MS = REQUEST.timeoutMs + 500;
/** The claim in the row: write, pause, read back. */
const ROW_CLAIM_MS = REQUEST_MS + CLAIM_SETTLE_MS + REQUEST_MS;
/** Send (the email's deadline is its timeout + 500 ms) and record. */
const SEND_AND_RECORD_MS = SEND_TIMEOUT_MS + 500 + REQUEST_MS;
/**
 * What the whole protocol may take, claimed in the row: claim, pause, read back, send, record.
 * Claimed at Twilio it takes less (alertBudgetMs); a voicemail's recording is fetched meanwhile.
 */
export const ALERT_BUDGET_MS = ROW_CLAIM_MS + SEND_AND_RECORD_MS;

export interface AlertDeps {
  airtable: AirtableConfig;
  alerts: AlertConfig;
  senders: Senders;
  now?: () => Date;
  /** When the invocation must have finished (a Function's 10 s); the pass has no deadline. */
  deadline?: number;
  log?: (line: string) => void;
  /**
   * Whether Twilio holds a recording of the call (alerts/recording-proof.ts). Only the later
   * passes are given it: without it, a missed call that only the wait says is over is left to them.
   */
  recordingAtTwilio?: (callSid: string) => Promise<boolean>;
  /** The claim at Twilio (alerts/claim.ts); without it, or when Sync cannot answer, the row's. */
  claims?: AlertClaims;
  /** A voicemail's recording for its email, when ALERT_EMAIL_AUDIO asks for it. */
  voicemailAudio?: VoicemailAudio;
}

export type AlertOutcome =
  | { sent: false; reason: 'not-due' | 'no-channel' | 'claimed-elsewhere' | 'recording-at-twilio' }
  | { sent: true; kind: AlertKind; recipients: Recipient[] };

export function recipientsOf(alerts: AlertConfig): Recipient[] {
  return [...(alerts.sms?.to.map((to): Recipient => `sms:${to}`) ?? []), ...(alerts.email ? ['email' as const] : [])];
}

const sentTo = (call: CallRecord): Set<string> =>
  new Set(
    (call.alertsSent ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  );

function liveClaim(call: CallRecord, now: Date): string | undefined {
  const [token, at] = (call.alertClaim ?? '').split(' ');
  const claimedAt = Date.parse(at ?? '');
  return token && now.getTime() - claimedAt < CLAIM_TTL_MS ? token : undefined;
}

/** Whether this call's email carries its recording (only a voicemail has one). */
export const attachesAudio = (deps: Pick<AlertDeps, 'voicemailAudio' | 'alerts'>, call: CallRecord): boolean =>
  !!deps.voicemailAudio && !!deps.alerts.email?.attachAudio && call.recordingSid !== undefined;

export type Audio = ReturnType<typeof audioOrNote>;

/** The email, with the voicemail's recording attached (or the sentence saying why it is not). */
async function sendEmail(deps: AlertDeps, message: ReturnType<typeof alertMessage>, audio: Audio | undefined) {
  if (!audio) return deps.senders.email(message);
  const { attachment, note } = await audio;
  return deps.senders.email(note ? { ...message, text: `${message.text}\n\n${note}` } : message, attachment);
}

/** Sends what is still owed; answers the recipients that got it and the failures. */
export async function sendOwed(deps: AlertDeps, kind: AlertKind, call: CallRecord, owed: Recipient[], audio: Audio | undefined) {
  const message = alertMessage(kind, call, deps.alerts.feedUrl, deps.alerts.timeZone);
  const results = await Promise.allSettled(
    owed.map(async (recipient) => {
      if (recipient === 'email') return sendEmail(deps, message, audio);
      if (!call.to) throw new AlertError(`text to ${recipient.slice(4)}: the call log has no business number (To) to send it from`);
      return deps.senders.sms(call.to, recipient.slice(4), message.sms, `${deps.alerts.feedUrl}${messageStatusPath(call.callSid)}`);
    }),
  );
  const delivered = owed.filter((_, i) => results[i].status === 'fulfilled');
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason instanceof Error ? result.reason.message : String(result.reason)] : [],
  );
  return { delivered, failures };
}

type Claim = { state: 'held' } | { state: 'done'; sent: string[] } | { state: 'taken'; call: CallRecord; sent: string[]; inSync: boolean };

/**
 * The claim on this call's alert: at Twilio when it can answer, else in the row. Taken at Twilio,
 * the row is the one the write answered (a rival that finished since marked the claim done).
 */
async function takeClaim(deps: AlertDeps, stored: StoredCall, token: string, now: Date, log: (line: string) => void): Promise<Claim> {
  if (deps.claims) {
    const claim = await deps.claims.take(stored.call.callSid, token, now, CLAIM_TTL_MS);
    if (claim.state === 'taken') return { state: 'taken', call: stored.call, sent: claim.sent, inSync: true };
    if (claim.state !== 'unavailable') return claim;
    // The row's claim takes longer than the one at Twilio the invocation made time for.
    if (deps.deadline !== undefined && deps.deadline - Date.now() < ALERT_BUDGET_MS) {
      throw new AlertError(`Sync did not answer (${claim.reason}), and no time is left to claim the alert in the row`);
    }
    log(`${stored.call.callSid}: the alert's claim is kept in the row, as Sync did not answer (${claim.reason})`);
  }
  await updateCall(deps.airtable, stored.recordId, { alertClaim: `${token} ${now.toISOString()}` }, REQUEST);
  await sleep(CLAIM_SETTLE_MS);
  const { call } = await readCall(deps.airtable, stored.recordId, REQUEST);
  if (call.alertedAt !== undefined || liveClaim(call, now) !== token) return { state: 'held' };
  return { state: 'taken', call, sent: [], inSync: false };
}

/**
 * The time the protocol may take for this call: claimed at Twilio (the row's claim, should Sync
 * not answer, is checked for time then), or in the row without Sync; a missed call known by the
 * wait alone is first checked at Twilio. A voicemail's recording is fetched while the claim is
 * taken, so it adds only what it may take beyond the claim.
 */
export function alertBudgetMs(call: CallRecord, deps?: Pick<AlertDeps, 'claims' | 'voicemailAudio' | 'alerts'>): number {
  const claim = deps?.claims ? CLAIM_AT_TWILIO_MS + SYNC_TIMEOUT_MS + SEND_AND_RECORD_MS : ALERT_BUDGET_MS;
  const audio = deps && attachesAudio(deps, call) ? Math.max(0, AUDIO_TIMEOUT_MS - (deps.claims ? CLAIM_AT_TWILIO_MS : ROW_CLAIM_MS)) : 0;
  return claim + (missedNeedsProof(call) ? PROOF_TIMEOUT_MS : 0) + audio;
}

/** The error a failed attempt answers with (the callback's 503); the log says when an alert is given up. */
export function attemptFailed(
  callSid: string,
  kind: AlertKind,
  attempts: number,
  retryAt: Date | undefined,
  failures: string[],
  log: (line: string) => void,
): AlertError {
  const next = retryAt
    ? `attempt ${attempts} of ${MAX_ALERT_ATTEMPTS}, next not before ${retryAt.toISOString()}`
    : `given up after ${attempts} attempts`;
  if (!retryAt) log(`${callSid}: ${kind} alert given up after ${attempts} attempts: ${failures.join('; ')}`);
  return new AlertError(`${callSid}: ${kind} alert (${next}): ${failures.join('; ')}`);
}

/**
 * Sends the alert this call owes, if any, at most once per recipient.
 * @throws AlertError when something owed could not be sent (the caller answers 503 or retries later).
 */
export async function deliverAlertIfDue(deps: AlertDeps, stored: StoredCall): Promise<AlertOutcome> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const kind = alertDue(stored.call, now(), deps.alerts.missedCalls);
  if (!kind) return { sent: false, reason: 'not-due' };
  const everyone = recipientsOf(deps.alerts);
  if (everyone.length === 0) return { sent: false, reason: 'no-channel' };
  if (liveClaim(stored.call, now())) return { sent: false, reason: 'claimed-elsewhere' };
  const needsProof = kind === 'missed' && missedNeedsProof(stored.call);
  if (needsProof && !deps.recordingAtTwilio) return { sent: false, reason: 'not-due' };
  if (deps.deadline !== undefined && deps.deadline - Date.now() < alertBudgetMs(stored.call, deps)) {
    throw new AlertError('no time left in this invocation to send it');
  }
  // A recording at Twilio is a message on its way (or one whose callback was lost, which
  // reconcile restores): the call is not missed, whatever the row says yet.
  if (needsProof && (await deps.recordingAtTwilio!(stored.call.callSid))) return { sent: false, reason: 'recording-at-twilio' };

  // The recording for the email is fetched while the claim is taken (never rejects).
  const audio =
    kind === 'voicemail' && attachesAudio(deps, stored.call) && !sentTo(stored.call).has('email')
      ? audioOrNote(deps.voicemailAudio!, stored.call.recordingSid!)
      : undefined;
  const token = randomUUID();
  const claim = await takeClaim(deps, stored, token, now(), log);
  if (claim.state === 'held') return { sent: false, reason: 'claimed-elsewhere' };
  if (claim.state === 'done') {
    // Everyone was sent to, and the record of it did not reach the row: write it, send nothing.
    await updateCall(deps.airtable, stored.recordId, { alertsSent: claim.sent.join(', ') || null, alertedAt: now() }, REQUEST);
    return { sent: false, reason: 'claimed-elsewhere' };
  }
  const { call } = claim;
  // Another invocation may have failed and set a later attempt since `stored` was read.
  if (alertDue(call, now(), deps.alerts.missedCalls) === null) return { sent: false, reason: 'not-due' };

  const already = new Set([...sentTo(call), ...claim.sent]);
  const { delivered, failures } = await sendOwed(
    deps,
    kind,
    call,
    everyone.filter((recipient) => !already.has(recipient)),
    audio,
  );
  const nowSent = [...already, ...delivered];
  const complete = failures.length === 0;
  // A failure is counted in the row and the next attempt waits (alerts/rule.ts), so a channel
  // that always fails costs a bounded number of requests, not three every pass.
  const attempts = (call.alertAttempts ?? 0) + 1;
  const retryAt = complete ? undefined : nextAlertAttempt(attempts, now());
  if (claim.inSync) await deps.claims!.release(call.callSid, token, nowSent, complete);
  await updateCall(
    deps.airtable,
    stored.recordId,
    {
      alertsSent: nowSent.join(', ') || null,
      ...(claim.inSync ? {} : { alertClaim: null }),
      ...(complete ? { alertedAt: now() } : { alertAttempts: attempts, alertRetryAt: retryAt ?? null }),
    },
    REQUEST,
  );
  for (const recipient of delivered) log(`${call.callSid}: ${kind} alert sent to ${recipient}`);
  if (!complete) throw attemptFailed(call.callSid, kind, attempts, retryAt, failures, log);
  return { sent: true, kind, recipients: delivered };
}
