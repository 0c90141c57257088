import type { CallContext } from '../call-context';
import type { Leg } from '../call-legs';
import { end, NEXT, person, type Step } from '../steps';
import { boolAttr, intAttr, methodAttr, type TwimlNode, urlAttr } from '../twiml';
import { prompt } from './prompt';

// Simulated time a person takes per key press.
const SECONDS_PER_KEY = 1;

export interface KeyResult {
  digits: string;
  finishedOnKey: string;
  /** Ended by the finish key or numDigits, rather than by waiting out the timeout. */
  complete: boolean;
}

/** Applies <Gather> rules to a key sequence: the finish key ends input and is not part of Digits. */
export function readKeys(keys: string, numDigits: number | undefined, finishOnKey: string): KeyResult {
  let digits = '';
  for (const key of keys) {
    if (finishOnKey !== '' && key === finishOnKey) return { digits, finishedOnKey: key, complete: true };
    digits += key;
    if (numDigits !== undefined && digits.length >= numDigits) return { digits, finishedOnKey: '', complete: true };
  }
  return { digits, finishedOnKey: '', complete: false };
}

export function gather(ctx: CallContext, leg: Leg, node: TwimlNode, documentUrl: string): Step {
  const timeout = Math.max(0, intAttr(node, 'timeout', 5));
  const numDigits = node.attrs.numDigits !== undefined ? Math.max(1, intAttr(node, 'numDigits', 1)) : undefined;
  const finishOnKey = node.attrs.finishOnKey ?? '#';
  const action = urlAttr(node, 'action', documentUrl) ?? documentUrl;

  for (const child of node.children) {
    if (['Say', 'Play', 'Pause'].includes(child.name)) prompt(ctx, leg, child, documentUrl, true);
    else ctx.say(`[warning 12200: <${child.name}> is not allowed inside <Gather>: skipped]`);
  }
  const hearsKeys = (node.attrs.input ?? 'dtmf').includes('dtmf');
  if (!hearsKeys) ctx.say('[speech input is not simulated: the gather hears nothing]');

  const input = hearsKeys ? (leg.gatherInputs.shift() ?? null) : null;
  if (input === 'hangup') {
    ctx.say(`${person(leg)} hangs up`);
    leg.status = 'completed';
    return end('caller-hangup');
  }

  let keys: KeyResult = { digits: '', finishedOnKey: '', complete: false };
  if (input === null) {
    ctx.say(`${person(leg)} stays silent (timeout ${timeout} s)`);
  } else {
    keys = readKeys(input, numDigits, finishOnKey);
    ctx.say(`${person(leg)} presses ${input}`);
    ctx.clock.advance(input.length * SECONDS_PER_KEY);
  }
  if (!keys.complete) ctx.clock.advance(timeout);

  if (keys.digits === '' && !boolAttr(node, 'actionOnEmptyResult', false)) {
    ctx.say('(no input: continuing after </Gather>)');
    return NEXT;
  }
  const params: Record<string, string> = { FinishedOnKey: keys.finishedOnKey, msg: 'Gather End' };
  if (keys.digits !== '') params.Digits = keys.digits;
  return { kind: 'fetch', request: { url: action, method: methodAttr(node), params } };
}
