// Reads what Twilio itself recorded about inbound calls, through the real SDK: the call, its
// forwarded legs, its recordings and their transcriptions.
import twilio from 'twilio';
import type { TwilioApiConfig } from '../../functions/lib/config';
import type { CallHistory, TwilioCall } from './history-facts';

export type TwilioClient = ReturnType<typeof twilio>;

export function twilioClient(config: TwilioApiConfig): TwilioClient {
  const client = twilio(config.accountSid, config.authToken);
  // The SDK has no base-URL option; its API domain reads this field at request time
  // (https://github.com/twilio/twilio-node/blob/main/src/base/Domain.ts).
  client.api.baseUrl = config.baseUrl;
  return client;
}

/** Inbound calls that started on or after `since`, to the business number when given; the SDK follows every page. */
export async function inboundCalls(client: TwilioClient, since: Date, to?: string): Promise<TwilioCall[]> {
  const calls = await client.calls.list({ startTimeAfter: since, to });
  // Child legs and outbound calls are listed too; only an inbound call has a row of its own.
  return calls.filter((call) => call.direction === 'inbound');
}

/** Everything Twilio holds about one inbound call. */
export async function historyOf(client: TwilioClient, call: TwilioCall): Promise<CallHistory> {
  const [legs, recordings] = await Promise.all([
    client.calls.list({ parentCallSid: call.sid }),
    client.recordings.list({ callSid: call.sid }),
  ]);
  const withTranscriptions = await Promise.all(
    recordings.map(async (recording) => ({ recording, transcriptions: await client.recordings(recording.sid).transcriptions.list() })),
  );
  return { call, legs, recordings: withTranscriptions };
}
