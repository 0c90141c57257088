import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/**
 * The URL Twilio feeds into the signature (fact sheet §7.1): the connection-override fragment and
 * any user:pass are not part of it, and voice webhooks over https leave out the port.
 */
export function signingUrl(url: string): string {
  const u = new URL(url);
  u.hash = '';
  u.username = '';
  u.password = '';
  if (u.protocol === 'https:') u.port = '';
  return u.href;
}

/** X-Twilio-Signature for a form-encoded request; GET requests pass {} and the URL with its query. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return getExpectedTwilioSignature(authToken, signingUrl(url), params);
}
