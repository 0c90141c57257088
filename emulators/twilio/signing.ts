import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/**
 * The URL Twilio feeds into the signature: the connection-override fragment and
 * any user:pass are not part of it, and voice webhooks over https leave out the port
 * (https://www.twilio.com/docs/usage/security#validating-requests,
 * https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides).
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
