import { randomBytes } from 'crypto';

// Real SIDs are a two-letter prefix plus 32 lowercase hex digits (fact sheet §0).
export function newSid(prefix: 'CA' | 'RE' | 'TR'): string {
  return prefix + randomBytes(16).toString('hex');
}
