// The time a function decides by (business hours, an alert's wait, a feed window's "now"). In
// production that is the Function's own clock. Local runs only: when the local stack sets
// SIMULATED_TIME=allow (never set in production, so the header is ignored there), the
// X-Simulated-Time header (sent by the call simulator and by tests) stands for now, so hours,
// holidays and daylight-saving days can be tested end to end at any time of day, on any date.

import { runtimeHeaders } from './request';
import type { HandlerContext, WebhookEvent } from './respond';

export const SIMULATED_TIME_HEADER = 'x-simulated-time';

export function callTime(context: HandlerContext, event: WebhookEvent): Date {
  if (context.SIMULATED_TIME === 'allow') {
    // Read as the runtime delivers headers: a "request" sent as a parameter is refused (400).
    const header = runtimeHeaders(event)[SIMULATED_TIME_HEADER];
    const simulated = typeof header === 'string' ? new Date(header) : undefined;
    if (simulated && !Number.isNaN(simulated.getTime())) return simulated;
  }
  return new Date();
}
