import type { CallContext } from './call-context';
import type { Leg } from './call-legs';

/** A TwiML request Twilio is about to make for a leg. */
export interface TwimlRequest {
  url: string;
  method: 'GET' | 'POST';
  /** Verb-specific parameters, sent on top of the leg's standard ones. */
  params: Record<string, string>;
  /** The caller is gone: Twilio still reports to the action URL but ignores its TwiML. */
  afterHangup?: boolean;
}

export type EndReason = 'end-of-document' | 'hangup' | 'caller-hangup' | 'rejected' | 'rejected-busy' | 'application-error' | 'loop-guard';

/** What a verb tells the document loop to do next. */
export type Step = { kind: 'next' } | { kind: 'fetch'; request: TwimlRequest } | { kind: 'end'; reason: EndReason };

export const NEXT: Step = { kind: 'next' };

export function end(reason: EndReason): Step {
  return { kind: 'end', reason };
}

/** Runs a leg from a first TwiML request until it ends; verbs that spawn legs (<Dial>) receive it. */
export type RunLeg = (ctx: CallContext, leg: Leg, first: TwimlRequest) => Promise<EndReason>;

export function person(leg: Leg): 'Caller' | 'Callee' {
  return leg.role === 'caller' ? 'Caller' : 'Callee';
}
