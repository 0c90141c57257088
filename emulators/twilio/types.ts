/** Digits pressed at a <Gather> ('1', '123#'), null = silence (timeout), 'hangup' = caller hangs up during it. */
export type GatherInput = string | null;

/**
 * How one dialled phone behaves. The phones of one <Dial> ring at once
 * (https://www.twilio.com/docs/voice/twiml/number): the first to pick up ends the others.
 */
export type Callee =
  | {
      /** A person picks up after `answerAfterSeconds` (default 4) and, at a <Number url> whisper, presses `keys`. */
      kind: 'person';
      talkSeconds: number;
      /** Who ends the bridged call; default 'callee', so the Dial action runs with CallStatus=in-progress. */
      hangupBy?: 'caller' | 'callee';
      /** Keys pressed at the whisper's <Gather>s; exhausted → silence (a person who ignores the whisper). */
      keys?: GatherInput[];
      answerAfterSeconds?: number;
    }
  | {
      /**
       * The phone's carrier voicemail picks up after `answerAfterSeconds`: the carrier's delay
       * (default 25 s) for a phone nobody picks up, about 1 s for a phone that is off, declines
       * or is busy. It presses no keys; unscreened, it records the caller for `messageSeconds`.
       */
      kind: 'carrier-voicemail';
      answerAfterSeconds?: number;
      messageSeconds?: number;
    }
  /** Rings out; a busy signal; a number that cannot be reached (DialCallStatus failed). */
  | { kind: 'no-answer' | 'busy' | 'unreachable' };

export type DialOutcome =
  | {
      /** The first number picks up; the others ring until it is connected, or out. */
      outcome: 'answered';
      talkSeconds: number;
      /** Who ends the bridged call; default 'callee', so the Dial action runs with CallStatus=in-progress. */
      hangupBy?: 'caller' | 'callee';
      /** Keys the callee presses at <Gather>s of a <Number url> screening document; exhausted → silence. */
      screen?: GatherInput[];
    }
  /** Every number of the <Dial> behaves so. */
  | { outcome: 'no-answer' | 'busy' | 'failed' }
  /**
   * The caller hangs up after `afterSeconds` while every phone still rings: each leg ends
   * `canceled`, "hung up while it was queued or ringing"
   * (https://www.twilio.com/docs/voice/api/call-resource#call-status-values); no voicemail follows.
   */
  | { outcome: 'caller-hangs-up'; afterSeconds: number }
  /** One behaviour per <Number>, in order; numbers beyond the list ring out. */
  | { phones: Callee[] };

export interface RecordInput {
  /** Seconds the caller speaks. */
  seconds: number;
  /**
   * How the caller ends it; default '#'. 'timeout' = falls silent until <Record timeout> expires.
   * 'hangup-before' = hangs up while the prompt plays: the <Record> never starts, so no recording exists.
   */
  end?: '#' | 'hangup' | 'timeout' | 'hangup-before';
  /** Transcription text; null = transcription failed; omitted = an automatic sentence. */
  transcript?: string | null;
}

export interface CallbackDelivery {
  /**
   * Deliver every asynchronous callback twice: those after the call in a row, and those during
   * the call (conference events, the phones' statuses) again once the first delivery was
   * answered, as a retry Twilio sends when it saw no answer in time (a retry on `rt`:
   * https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides). Separate
   * callback requests may also arrive out of order
   * (https://www.twilio.com/docs/voice/api/call-resource#statuscallbackevent: SequenceNumber).
   */
  duplicate?: boolean;
  order?: 'natural' | 'reverse' | 'shuffle';
}

export interface SimulatedCallOptions {
  baseUrl: string;
  /** Relative to baseUrl or absolute; may carry a '#rc=..&rp=..' connection-override fragment. */
  voiceUrl: string;
  /** The number's "call status changes" URL (POST); may carry a fragment. */
  statusCallbackUrl?: string;
  /** The number's "Primary handler fails" URL (VoiceFallbackUrl, POST), relative to baseUrl or absolute. */
  fallbackUrl?: string;
  accountSid: string;
  /** Signing key. */
  authToken: string;
  from: string;
  to: string;
  callerName?: string;
  callerGeo?: { city?: string; state?: string; zip?: string; country?: string };
  callSid?: string;
  /** Consumed one per <Gather>; exhausted → silence. */
  gather?: GatherInput[];
  /** Consumed one per <Dial>, and one per conference for the phones the product rings into it
   * through the REST API (in the order it creates them); exhausted → no-answer. */
  dial?: DialOutcome[];
  /** The REST stand-in: the simulator posts its calls and conferences there while they last
   * and acts out the calls the product creates and updates through it. */
  restUrl?: string;
  /** What the caller does at every <Record>; default 8 s then '#'. */
  record?: RecordInput;
  callbacks?: CallbackDelivery;
  /** Base of RecordingUrl; default 'https://api.twilio.com'. */
  mediaBaseUrl?: string;
  onRecording?: (rec: { recordingSid: string; callSid: string; seconds: number }) => Promise<void> | void;
  /** Receives what Twilio's REST API holds about the call once it has ended, before its callbacks go out. */
  onCallRecords?: (records: CallRecords) => Promise<void> | void;
  /** Receives transcript lines as they happen. */
  log?: (line: string) => void;
  /** Pause between retry attempts; default 250 ms. */
  retryBackoffMs?: number;
  /**
   * Simulated time of day the call starts at (default: now). Timestamps follow it, and every
   * request carries it in an X-Simulated-Time header, which the product's functions read
   * only when the local stack allows it (SIMULATED_TIME=allow); Twilio sends no such header.
   */
  startAt?: Date;
}

export interface WebhookExchange {
  kind: 'sync' | 'async';
  /** URL requested (fragment removed; for GET including the parameters). */
  url: string;
  params: Record<string, string>;
  attempts: number;
  status: number | 'error';
  body?: string;
}

/** Things the product promises never happen; the CLI exits 1 when any is present. */
export type CallProblem =
  | { kind: 'application-error'; code: number; url: string; detail: string }
  | { kind: 'callback-failed'; url: string; status: number | 'error'; attempts: number }
  | { kind: 'loop-guard'; documents: number }
  /** The caller waited in a conference that nobody joined and nothing moved them out of. */
  | { kind: 'caller-stranded'; conference: string; seconds: number };

export interface SimulatedCall {
  callSid: string;
  transcript: string[];
  exchanges: WebhookExchange[];
  finalStatus: string;
  durationSeconds: number;
  childCallSids: string[];
  recordingSids: string[];
  records: CallRecords;
  problems: CallProblem[];
}

/** One leg as Twilio's Call resource keeps it once it has ended (https://www.twilio.com/docs/voice/api/call-resource#call-properties). */
export interface CallLegRecord {
  sid: string;
  /** Set on <Dial> child legs; a call created through the REST API has none. */
  parentCallSid?: string;
  direction: 'inbound' | 'outbound-dial' | 'outbound-api';
  from: string;
  to: string;
  callerName?: string;
  status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  /** RFC 2822, as Twilio formats dates; endTime is the final status callback's Timestamp. */
  startTime: string;
  endTime: string;
  durationSeconds: number;
}

/** A recording as Twilio's Recording resource keeps it (https://www.twilio.com/docs/voice/api/recording#recording-properties). */
export interface RecordingRecord {
  sid: string;
  callSid: string;
  status: 'completed' | 'absent';
  durationSeconds: number;
  startTime: string;
  /** The RecordingUrl the callbacks carried. */
  mediaUrl: string;
}

/** A transcription as Twilio's Transcription resource keeps it
 * (https://www.twilio.com/docs/voice/api/recording-transcription#transcription-properties). */
export interface TranscriptionRecord {
  sid: string;
  recordingSid: string;
  status: 'completed' | 'failed';
  text?: string;
  durationSeconds: number;
  dateCreated: string;
}

/** What Twilio's REST API holds about one call: the stand-in serves it to reconcile from. */
export interface CallRecords {
  calls: CallLegRecord[];
  recordings: RecordingRecord[];
  transcriptions: TranscriptionRecord[];
}

/** A call while it lasts, as the REST stand-in lists it: the statuses before the final ones too. */
export interface LiveCall extends Omit<CallLegRecord, 'status'> {
  status: 'queued' | 'ringing' | 'in-progress' | CallLegRecord['status'];
}

/** A conference as the Conference resource reports it (https://www.twilio.com/docs/voice/api/conference-resource#conference-properties). */
export interface LiveConference {
  sid: string;
  friendlyName: string;
  status: 'init' | 'in-progress' | 'completed';
  dateCreated: string;
  dateUpdated: string;
}

/** What the product asked of the REST API during a call, for the simulator to act out. */
export type RestRequest =
  | {
      kind: 'create';
      sid: string;
      from: string;
      to: string;
      url: string;
      method: 'GET' | 'POST';
      timeout: number;
      statusCallback?: string;
      statusCallbackMethod: 'GET' | 'POST';
      statusCallbackEvent: string[];
    }
  | {
      kind: 'update';
      sid: string;
      status?: 'canceled' | 'completed';
      url?: string;
      method: 'GET' | 'POST';
      statusCallback?: string;
      statusCallbackMethod?: 'GET' | 'POST';
    };
