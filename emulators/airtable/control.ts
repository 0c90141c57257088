// HTTP control endpoints under /__emulator/, so a separate process (the CLI's user, a
// browser test) can script failures. They need no token and ignore faults and latency.
import { type FaultRule, validateFaultRule } from './faults';
import type { RateLimitSettings } from './rate-limiter';
import type { MultipleMatchesAnswer } from './record-writes';

export interface Controls {
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  setRateLimit(settings: RateLimitSettings): void;
  setLatency(ms: number): void;
  setUpsertRace(windowMs: number): void;
  setMultipleMatchesAnswer(answer?: MultipleMatchesAnswer): void;
}

export interface ControlAnswer {
  status: number;
  body: unknown;
}

function rateLimitSettings(body: unknown): RateLimitSettings {
  const given = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof given.enabled !== 'boolean') throw new Error('enabled must be a boolean');
  for (const key of ['perSecond', 'lockoutMs'] as const) {
    const value = given[key];
    if (value !== undefined && (typeof value !== 'number' || !(value >= 0))) throw new Error(`${key} must be a non-negative number`);
  }
  return given as unknown as RateLimitSettings;
}

function milliseconds(body: unknown): number {
  const ms = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).ms : undefined;
  if (typeof ms !== 'number' || !(ms >= 0)) throw new Error('ms must be a non-negative number');
  return ms;
}

function multipleMatchesAnswer(body: unknown): MultipleMatchesAnswer {
  const given = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof given.type !== 'string' || typeof given.message !== 'string') throw new Error('type and message must be strings');
  return { type: given.type, message: given.message };
}

/** undefined when no control endpoint has this method and path. */
export function runControl(controls: Controls, method: string, pathname: string, body: unknown): ControlAnswer | undefined {
  const action = `${method} ${pathname.replace(/\/$/, '')}`;
  try {
    switch (action) {
      case 'GET /__emulator/health':
        return { status: 200, body: { ok: true } };
      case 'POST /__emulator/faults':
        controls.injectFault(validateFaultRule(body));
        return { status: 200, body: { ok: true } };
      case 'DELETE /__emulator/faults':
        controls.clearFaults();
        return { status: 200, body: { ok: true } };
      case 'POST /__emulator/rate-limit':
        controls.setRateLimit(rateLimitSettings(body));
        return { status: 200, body: { ok: true } };
      case 'POST /__emulator/latency':
        controls.setLatency(milliseconds(body));
        return { status: 200, body: { ok: true } };
      case 'POST /__emulator/upsert-race':
        controls.setUpsertRace(milliseconds(body));
        return { status: 200, body: { ok: true } };
      case 'POST /__emulator/multiple-matches':
        controls.setMultipleMatchesAnswer(multipleMatchesAnswer(body));
        return { status: 200, body: { ok: true } };
      case 'DELETE /__emulator/multiple-matches':
        controls.setMultipleMatchesAnswer();
        return { status: 200, body: { ok: true } };
      default:
        return undefined;
    }
  } catch (error) {
    return { status: 400, body: { error: { type: 'INVALID_CONTROL_REQUEST', message: (error as Error).message } } };
  }
}
