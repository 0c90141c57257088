import { CallbackQueue } from './callback-queue';
import { SimClock } from './sim-clock';
import { displayUrl, Transcript } from './transcript';
import { CallProblem, CallRecords, DialOutcome, SimulatedCallOptions, WebhookExchange } from './types';
import { sendWebhook, WebhookRequest, WebhookResult } from './webhook-client';

const DEFAULT_BACKOFF_MS = 250;

/** Everything one simulated call accumulates, shared by the legs and verbs that make it up. */
export class CallContext {
  readonly clock: SimClock;
  readonly transcript: Transcript;
  readonly exchanges: WebhookExchange[] = [];
  readonly callbacks = new CallbackQueue();
  readonly problems: CallProblem[] = [];
  readonly childCallSids: string[] = [];
  readonly recordingSids: string[] = [];
  /** Twilio's REST view of the call, filled in as legs, recordings and transcriptions finish. */
  readonly records: CallRecords = { calls: [], recordings: [], transcriptions: [] };
  /** TwiML documents fetched so far, across all legs (loop guard). */
  documents = 0;
  private readonly dialOutcomes: DialOutcome[];

  constructor(readonly opts: SimulatedCallOptions) {
    this.clock = new SimClock(opts.startAt);
    this.transcript = new Transcript(opts.log);
    this.dialOutcomes = [...(opts.dial ?? [])];
  }

  say(line: string): void {
    this.transcript.add(line);
  }

  show(url: string): string {
    return displayUrl(url, this.opts.baseUrl);
  }

  nextDialOutcome(): DialOutcome {
    return this.dialOutcomes.shift() ?? { outcome: 'no-answer' };
  }

  get mediaBaseUrl(): string {
    return (this.opts.mediaBaseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  }

  async send(req: Omit<WebhookRequest, 'authToken' | 'backoffMs'>): Promise<WebhookResult> {
    const result = await sendWebhook({
      ...req,
      authToken: this.opts.authToken,
      ...(this.opts.startAt ? { headers: { 'X-Simulated-Time': this.clock.now().toISOString() } } : {}),
      backoffMs: this.opts.retryBackoffMs ?? DEFAULT_BACKOFF_MS,
    });
    this.exchanges.push(result.exchange);
    return result;
  }
}
