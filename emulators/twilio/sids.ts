import { randomBytes } from 'crypto';

// Real SIDs are a two-letter prefix plus 32 hex digits (https://www.twilio.com/docs/voice/api/recording#recording-properties);
// the ones Twilio issues use lowercase.
export function newSid(prefix: 'CA' | 'CF' | 'RE' | 'TR' | 'SM' | 'ET'): string {
  return prefix + randomBytes(16).toString('hex');
}
