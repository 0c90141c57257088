// What the forwarding callbacks take from the Function's context: the account's own REST
// client (https://www.twilio.com/docs/serverless/functions-assets/client#twilio-client), pointed
// at TWILIO_API_BASE_URL (the stand-in, locally), and the forwarding configuration.
import type { HandlerContext } from '../runtime/respond';
import { atApiBase } from '../twilio/api';
import { readTwilioApiBase } from '../twilio/settings';
import { readForwardConfig } from '../voice/settings';
import type { Forwarding, TwilioClient } from './phones';

export function twilioOf(context: HandlerContext): TwilioClient {
  return atApiBase(context.getTwilioClient(), readTwilioApiBase(context));
}

export function forwardingOf(context: HandlerContext, conference: string, callerNumber: string, lineNumber: string): Forwarding {
  return { conference, callerNumber, lineNumber, forward: readForwardConfig(context) };
}
