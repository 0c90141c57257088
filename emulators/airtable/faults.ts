// Scripted failures: the next `count` requests matching a rule fail, before any work is
// done, so a failed write never changes data.
import { ApiError, rateLimitReached } from './api-error';

export interface FaultRule {
  status: number;
  count: number;
  method?: string;
  pathIncludes?: string;
  type?: string;
  message?: string;
  /** Never answer until the emulator closes: simulates a timeout. */
  hang?: boolean;
  /** Let this many matching requests through before the first fault (the third write of a call, say). */
  skip?: number;
}

const DEFAULT_TYPES: Record<number, string> = {
  401: 'AUTHENTICATION_REQUIRED',
  403: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND',
  404: 'NOT_FOUND',
  413: 'REQUEST_TOO_LARGE',
  422: 'INVALID_REQUEST_UNKNOWN',
  500: 'SERVER_ERROR',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

/** Throws a readable message for a rule that could never fire or could not be answered. */
export function validateFaultRule(rule: unknown): FaultRule {
  const candidate = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<string, unknown>;
  const { status, count, method, pathIncludes, type, message, hang, skip } = candidate;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new Error('status must be an HTTP error status (400-599)');
  }
  if (typeof count !== 'number' || !(count >= 1)) throw new Error('count must be at least 1');
  for (const [name, value] of Object.entries({ method, pathIncludes, type, message })) {
    if (value !== undefined && typeof value !== 'string') throw new Error(`${name} must be a string`);
  }
  if (hang !== undefined && typeof hang !== 'boolean') throw new Error('hang must be a boolean');
  if (skip !== undefined && !(typeof skip === 'number' && Number.isInteger(skip) && skip >= 0))
    throw new Error('skip must be a whole number');
  return candidate as unknown as FaultRule;
}

export function faultError(rule: FaultRule): ApiError {
  if (rule.status === 429 && rule.type === undefined && rule.message === undefined) return rateLimitReached();
  return new ApiError(rule.status, {
    error: {
      type: rule.type ?? DEFAULT_TYPES[rule.status] ?? 'UNEXPECTED_ERROR',
      message: rule.message ?? `Injected fault (${rule.status})`,
    },
  });
}

export class Faults {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first rule matching this request, used up by one; undefined when none applies. */
  take(method: string, url: string): FaultRule | undefined {
    let decoded = url;
    try {
      decoded = decodeURIComponent(url.replace(/\+/g, ' '));
    } catch {
      // Malformed escapes: match against the raw URL only.
    }
    const rule = this.rules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (candidate.pathIncludes === undefined || url.includes(candidate.pathIncludes) || decoded.includes(candidate.pathIncludes)),
    );
    if (!rule) return undefined;
    if (rule.skip) {
      rule.skip -= 1;
      return undefined;
    }
    rule.count -= 1;
    if (rule.count <= 0) this.rules = this.rules.filter((candidate) => candidate !== rule);
    return rule;
  }
}
