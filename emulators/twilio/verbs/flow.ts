import type { CallContext } from '../call-context';
import type { Leg } from '../call-legs';
import { end, NEXT, type Step } from '../steps';
import { methodAttr, type TwimlNode } from '../twiml';

export function redirect(ctx: CallContext, node: TwimlNode, documentUrl: string): Step {
  if (!node.text) {
    ctx.say('[warning 12200: <Redirect> without a URL: skipped]');
    return NEXT;
  }
  return { kind: 'fetch', request: { url: new URL(node.text, documentUrl).href, method: methodAttr(node), params: {} } };
}

export function hangup(ctx: CallContext, leg: Leg): Step {
  ctx.say(leg.role === 'caller' ? 'Twilio hangs up' : 'Twilio hangs up the callee leg');
  return end('hangup');
}

/** Only a <Reject> before the call is answered keeps it unanswered (busy / no-answer); later it is a hang-up. */
export function reject(ctx: CallContext, leg: Leg, node: TwimlNode): Step {
  const busy = node.attrs.reason === 'busy';
  if (leg.status !== 'ringing') {
    ctx.say('Twilio hangs up (<Reject> after the call was answered)');
    return end('hangup');
  }
  ctx.say(`Twilio rejects the call (${busy ? 'busy signal' : 'not-in-service message'})`);
  return end(busy ? 'rejected-busy' : 'rejected');
}
