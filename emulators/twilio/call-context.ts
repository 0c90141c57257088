import type { Leg } from './call-legs';
import { CallbackQueue } from './callback-queue';
import { SimClock } from './sim-clock';
import { displayUrl, Transcript } from './transcript';
import type {
  CallProblem,
  CallRecords,
  DialOutcome,
  LiveCall,
  LiveConference,
  RestRequest,
  SimulatedCallOptions,
  WebhookExchange,
} from './types';
import type { ApiCall, Conference } from './verbs/conference';
import { sendWebhook, type WebhookRequest, type WebhookResult } from './webhook-client';

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
  /** Conferences by name, and the calls the product created through the REST API, by SID. */
  readonly conferences = new Map<string, Conference>();
  readonly apiCalls = new Map<string, ApiCall>();
  /** The inbound caller's leg, once the call has started. */
  callerLeg?: Leg;
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

  /** This call seen at another moment (a leg that overlaps others in time): everything shared but the clock. */
  at(clock: SimClock): CallContext {
    return Object.create(this, { clock: { value: clock } }) as CallContext;
  }

  /** Tells the REST stand-in how the call, its legs and conferences stand now. */
  async postLive(calls: LiveCall[], conferences: LiveConference[]): Promise<void> {
    if (!this.opts.restUrl) return;
    await this.restStandIn('/__sim/live', { calls, conferences });
  }

  /** The product's REST requests since the last take that concern this call: its own, its conferences' and its phones'. */
  async takeRestRequests(): Promise<RestRequest[]> {
    if (!this.opts.restUrl) return [];
    const sids = [this.callerLeg?.callSid, ...this.conferences.keys(), ...this.apiCalls.keys()].filter((sid): sid is string => !!sid);
    return ((await this.restStandIn('/__sim/live/take', { sids })) as { requests: RestRequest[] }).requests;
  }

  private async restStandIn(path: string, body: object): Promise<unknown> {
    const res = await fetch(`${this.opts.restUrl!.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`REST stand-in refused ${path}: ${res.status} ${await res.text()}`);
    return res.json();
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
