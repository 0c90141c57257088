export { loadCredentials } from './credentials';
export { LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN } from './local-defaults';
export type { MediaStandIn, MediaStandInOptions } from './media-stand-in';
export { startMediaStandIn } from './media-stand-in';
export { signTwilioRequest } from './signing';
export { simulateCall } from './simulate-call';
export type {
  CallbackDelivery,
  Callee,
  CallLegRecord,
  CallProblem,
  CallRecords,
  DialOutcome,
  GatherInput,
  RecordInput,
  RecordingRecord,
  SimulatedCall,
  SimulatedCallOptions,
  TranscriptionRecord,
  WebhookExchange,
} from './types';
