import { CookieJar } from './cookie-jar';
import type { GatherInput, SimulatedCallOptions } from './types';

export type LegStatus = 'ringing' | 'in-progress' | 'completed';

/** One call leg as Twilio tracks it: the inbound caller or a <Dial> child leg. */
export interface Leg {
  readonly role: 'caller' | 'callee';
  readonly callSid: string;
  status: LegStatus;
  readonly cookies: CookieJar;
  /** Keys this leg's person presses at successive <Gather>s. */
  readonly gatherInputs: GatherInput[];
  /** The standard parameters of every request about this leg (https://www.twilio.com/docs/voice/twiml#request-parameters). */
  params(): Record<string, string>;
}

function geo(prefix: string, g: SimulatedCallOptions['callerGeo'] = {}): Record<string, string> {
  // Geo fields are documented as sent when available (https://www.twilio.com/docs/voice/twiml#request-parameters);
  // real captured payloads carry unknown ones as empty strings rather than omitting them.
  return {
    [`${prefix}City`]: g.city ?? '',
    [`${prefix}State`]: g.state ?? '',
    [`${prefix}Zip`]: g.zip ?? '',
    [`${prefix}Country`]: g.country ?? '',
  };
}

function endpoints(from: string, to: string, fromGeo: SimulatedCallOptions['callerGeo']): Record<string, string> {
  return {
    From: from,
    To: to,
    Caller: from,
    Called: to,
    ...geo('From', fromGeo),
    ...geo('Caller', fromGeo),
    ...geo('To'),
    ...geo('Called'),
  };
}

export function callerLeg(opts: SimulatedCallOptions, callSid: string): Leg {
  const fixed: Record<string, string> = {
    AccountSid: opts.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    Direction: 'inbound',
    ...endpoints(opts.from, opts.to, opts.callerGeo),
  };
  if (opts.callerName !== undefined) fixed.CallerName = opts.callerName;
  const leg: Leg = {
    role: 'caller',
    callSid,
    status: 'ringing',
    cookies: new CookieJar(),
    gatherInputs: [...(opts.gather ?? [])],
    params: () => ({ ...fixed, CallStatus: leg.status }),
  };
  return leg;
}

export function calleeLeg(accountSid: string, parentCallSid: string, callSid: string, callerId: string, number: string): Leg {
  const fixed: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    ParentCallSid: parentCallSid,
    Direction: 'outbound-dial',
    ...endpoints(callerId, number, {}),
  };
  const leg: Leg = {
    role: 'callee',
    callSid,
    status: 'ringing',
    cookies: new CookieJar(),
    gatherInputs: [],
    params: () => ({ ...fixed, CallStatus: leg.status }),
  };
  return leg;
}

/** A call the product created through the REST API: outbound-api, no parent
 * (https://www.twilio.com/docs/voice/api/call-resource#call-properties). */
export function apiCallLeg(accountSid: string, callSid: string, from: string, to: string): Leg {
  const fixed: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    Direction: 'outbound-api',
    ...endpoints(from, to, {}),
  };
  const leg: Leg = {
    role: 'callee',
    callSid,
    status: 'ringing',
    cookies: new CookieJar(),
    gatherInputs: [],
    params: () => ({ ...fixed, CallStatus: leg.status }),
  };
  return leg;
}
