// Points a Twilio client at another API host: only so that local runs reach the REST stand-in
// (emulators/twilio), which plays api.twilio.com and sync.twilio.com alike. The SDK has no
// base-URL option; each domain reads this field at request time
// (https://github.com/twilio/twilio-node/blob/main/src/base/Domain.ts). No SDK import here: the
// callbacks get their client from the context, and only when they act at Twilio.

/** The client, pointed at `baseUrl` when one is given (an empty string keeps Twilio's own). */
export function atApiBase<T extends { api: { baseUrl: string }; sync: { baseUrl: string } }>(client: T, baseUrl: string): T {
  if (baseUrl) {
    client.api.baseUrl = baseUrl;
    client.sync.baseUrl = baseUrl;
  }
  return client;
}
