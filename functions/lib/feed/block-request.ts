// POST /block at the boundary: {"number": "+1…", "blocked": true | false} validated, and what
// Sync's answer tells the page.
import { isWithheld } from '../blocklist/numbers';
import { BadRequest, HttpError } from '../boundary/errors';

export interface BlockRequest {
  number: string;
  blocked: boolean;
}

export function parseBlock(event: Record<string, unknown>): BlockRequest {
  const unknown = Object.keys(event).find((key) => key !== 'request' && key !== 'number' && key !== 'blocked');
  if (unknown !== undefined) throw new BadRequest(`Unknown parameter "${unknown.slice(0, 40)}". Known parameters: number, blocked`);
  const number = event.number;
  if (typeof number !== 'string' || isWithheld(number))
    throw new BadRequest('number must be a phone number in E.164 form such as +14155550123 (a withheld number cannot be blocked)');
  // JSON sends a boolean; a form or query string sends its text.
  const blocked =
    event.blocked === true || event.blocked === 'true' ? true : event.blocked === false || event.blocked === 'false' ? false : undefined;
  if (blocked === undefined) throw new BadRequest('blocked must be true or false');
  return { number, blocked };
}

/** Sync refused or did not answer: nothing changed, and the owner can try again. */
export function syncFailed(err: unknown, blocked: boolean): HttpError {
  const status = typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number' ? err.status : 0;
  const what = blocked ? 'blocked' : 'unblocked';
  return new HttpError(
    status >= 400 && status < 500 ? 502 : 503,
    `Twilio Sync did not take the change: the number is not ${what}. Try again.`,
    {
      cause: err,
    },
  );
}
