// Which caller numbers the owner may call back as the business. A call back is paid by the
// account and shows the business number, so it only goes to an ordinary phone number: never to
// a withheld caller, a short code, or a premium-rate number (which would bill the account per
// minute, the usual way a hijacked caller ID is turned into money).
import { E164, isWithheldCallerId } from '../twilio/values';

/**
 * Premium-rate prefixes, in E.164:
 * - North America: 1-900 and 1-976, the pay-per-call codes (https://en.wikipedia.org/wiki/Premium-rate_telephone_number).
 * - United Kingdom: 09 (premium rate) and 0871-0873 (service numbers charged above a national rate), in
 *   Ofcom's numbering plan (https://www.ofcom.org.uk/phones-and-broadband/phone-numbers/numbering);
 *   +4490 and +4491 are within +449.
 * A short list of the commonest; anything not E.164 is refused before it.
 */
const PREMIUM = [/^\+1900/, /^\+1976/, /^\+449/, /^\+4487[1-3]/];

/** Why this number cannot be called back, in the owner's words, or undefined when it can. */
export function callBackRefusal(number: string | undefined): string | undefined {
  if (number === undefined || isWithheldCallerId(number)) return 'This caller withheld their number, so there is nobody to call back.';
  // A short code (a few digits, with or without a "+") is no E.164 number: E.164 has 7 to 15 digits.
  if (/^\+?\d{3,6}$/.test(number)) return `${number} is a short code: short codes cannot be called back.`;
  if (!E164.test(number))
    return `${number.slice(0, 20)} is not a phone number in E.164 form (such as +14155550123), so it cannot be dialled.`;
  if (PREMIUM.some((prefix) => prefix.test(number)))
    return `${number} is a premium-rate number: calling it back would be charged per minute.`;
  return undefined;
}
