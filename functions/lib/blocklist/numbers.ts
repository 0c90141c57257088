// Which caller numbers can be blocked or texted: a real E.164 number
// (https://www.twilio.com/docs/glossary/what-e164), never a withheld caller ID.
import { E164, isWithheldCallerId } from '../twilio/values';

/** True when the caller's number is not one anybody could call back. */
export function isWithheld(from: string | undefined): boolean {
  return isWithheldCallerId(from) || !E164.test(from!);
}
