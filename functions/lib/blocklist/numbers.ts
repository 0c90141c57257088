// Which caller numbers can be blocked or texted: a real E.164 number
// (https://www.twilio.com/docs/glossary/what-e164). A withheld caller ID reaches a webhook as a
// word ("anonymous", "restricted"…), or as the keypad spelling of one that merely looks like a
// number: +266696687 is ANONYMOUS, +7378742833 RESTRICTED, +86282452253 UNAVAILABLE,
// +8656696 UNKNOWN, +2562533 BLOCKED.
import { E164 } from '../twilio/values';

const SPELLED_WORDS = new Set(['+266696687', '+7378742833', '+86282452253', '+8656696', '+2562533']);

/** True when the caller's number is not one anybody could call back. */
export function isWithheld(from: string | undefined): boolean {
  return from === undefined || SPELLED_WORDS.has(from) || !E164.test(from);
}
