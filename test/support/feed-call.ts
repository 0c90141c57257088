// One call as the feed's API answers it (FeedCall), for the page's pure modules' tests: a
// finished call nobody answered, with whatever a test sets over it.
import type { FeedCall } from '../../assets/feed/types.js';

export const feedCall = (overrides: Partial<FeedCall> = {}): FeedCall => ({
  callSid: 'CA1',
  startedAt: null,
  caller: { number: null, name: null, location: null },
  choice: 'none',
  outcome: 'abandoned',
  afterHours: false,
  forwarding: null,
  status: 'completed',
  durationSeconds: 3,
  voicemail: null,
  alertedAt: null,
  alertFailed: false,
  textAlert: null,
  handledAt: null,
  note: null,
  callBackOf: null,
  ...overrides,
});
