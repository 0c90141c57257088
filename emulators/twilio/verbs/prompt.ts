import type { CallContext } from '../call-context';
import type { Leg } from '../call-legs';
import { speechSeconds } from '../sim-clock';
import { end, NEXT, type Step } from '../steps';
import { intAttr, type TwimlNode } from '../twiml';

// Audio is never downloaded, so a <Play> is assumed to last this long.
const ASSUMED_PLAY_SECONDS = 5;

function speaker(leg: Leg): string {
  return leg.role === 'caller' ? 'Twilio says' : 'Twilio says to the callee';
}

function details(node: TwimlNode): string {
  const parts = [node.attrs.voice, node.attrs.language].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * <Say>, <Play> and <Pause>, on their own or nested in <Gather>. Inside a <Gather> a key press
 * interrupts the prompt, so loop="0" there plays once instead of forever.
 */
export function prompt(ctx: CallContext, leg: Leg, node: TwimlNode, documentUrl: string, inGather: boolean): Step {
  const loops = Math.max(0, intAttr(node, 'loop', 1));
  const times = loops > 1 ? ` ×${loops}` : '';
  switch (node.name) {
    case 'Say':
      ctx.say(`${speaker(leg)}: "${node.text}"${details(node)}${times}`);
      ctx.clock.advance(speechSeconds(node.text) * Math.max(1, loops));
      break;
    case 'Play': {
      const what = node.attrs.digits ? `DTMF ${node.attrs.digits}` : ctx.show(new URL(node.text, documentUrl).href);
      ctx.say(`${leg.role === 'caller' ? 'Twilio plays' : 'Twilio plays to the callee'} ${what}${times}`);
      ctx.clock.advance(ASSUMED_PLAY_SECONDS * Math.max(1, loops));
      break;
    }
    default: {
      const length = Math.max(0, intAttr(node, 'length', 1));
      ctx.say(`(pause ${length} s)`);
      ctx.clock.advance(length);
      return NEXT;
    }
  }
  if (loops === 0 && !inGather) {
    ctx.say(`(loop="0" repeats until someone hangs up: the ${leg.role} hangs up)`);
    leg.status = 'completed';
    return end('caller-hangup');
  }
  return NEXT;
}
