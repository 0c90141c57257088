// Personal access tokens arrive as `Authorization: Bearer <token>`.
import { authenticationRequired } from './api-error';

/** `accepted` undefined means any non-empty token will do. */
export function authenticate(header: string | undefined, accepted: readonly string[] | undefined): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match || (accepted && !accepted.includes(match[1]))) throw authenticationRequired();
}
