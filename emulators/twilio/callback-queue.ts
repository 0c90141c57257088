import type { CallbackDelivery } from './types';

/**
 * When Twilio fires an asynchronous callback relative to the others: child-leg
 * events happen during the call, the number's status callback when it ends, recording callbacks
 * after processing, transcriptions last. See
 * https://www.twilio.com/docs/voice/twiml/number#statuscallbackevent,
 * https://www.twilio.com/docs/usage/webhooks/voice-webhooks#call-status-callbacks and
 * https://www.twilio.com/docs/voice/twiml/record#transcribe.
 */
export type CallbackPhase = 'during-call' | 'call-ended' | 'recording-processed' | 'transcribed';

const PHASE_RANK: Record<CallbackPhase, number> = {
  'during-call': 0,
  'call-ended': 1,
  'recording-processed': 2,
  transcribed: 3,
};

export interface QueuedCallback {
  phase: CallbackPhase;
  /** Absolute, possibly with a connection-override fragment. */
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
}

/** Callbacks collected during the call, delivered once it has ended. */
export class CallbackQueue {
  private readonly items: QueuedCallback[] = [];

  add(callback: QueuedCallback): void {
    this.items.push(callback);
  }

  /** The delivery sequence; 'reverse' and 'shuffle' exist to prove handlers cope with any order. */
  ordered(delivery: CallbackDelivery = {}, random: () => number = Math.random): QueuedCallback[] {
    const natural = [...this.items].sort((a, b) => PHASE_RANK[a.phase] - PHASE_RANK[b.phase]);
    const list = delivery.duplicate ? natural.flatMap((c) => [c, c]) : natural;
    if (delivery.order === 'reverse') return list.reverse();
    if (delivery.order === 'shuffle') {
      for (let i = list.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [list[i], list[j]] = [list[j], list[i]];
      }
    }
    return list;
  }
}
