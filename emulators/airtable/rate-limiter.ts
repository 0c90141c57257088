// Airtable's per-base limit: more than `perSecond` requests within a rolling second is a
// breach, and the base then answers 429 until `lockoutMs` has passed since the latest
// breach. Requests refused during the lockout still count, so a client that keeps
// hammering stays locked out; one that backs off is let back in.

export interface RateLimitSettings {
  enabled: boolean;
  perSecond?: number;
  lockoutMs?: number;
}

const WINDOW_MS = 1000;

interface BaseState {
  recent: number[];
  lockedUntil: number;
}

export class RateLimiter {
  private settings: Required<RateLimitSettings> = { enabled: false, perSecond: 5, lockoutMs: 30_000 };
  private readonly bases = new Map<string, BaseState>();

  /** Starts every base afresh, so a test that reconfigures is not hit by earlier traffic. */
  configure(settings: RateLimitSettings): void {
    this.settings = {
      enabled: settings.enabled,
      perSecond: settings.perSecond ?? 5,
      lockoutMs: settings.lockoutMs ?? 30_000,
    };
    this.bases.clear();
  }

  /** Records a request; false means answer 429. */
  admit(baseId: string, now: number): boolean {
    if (!this.settings.enabled) return true;
    let state = this.bases.get(baseId);
    if (!state) {
      state = { recent: [], lockedUntil: 0 };
      this.bases.set(baseId, state);
    }
    state.recent = state.recent.filter((at) => at > now - WINDOW_MS);
    state.recent.push(now);
    if (state.recent.length > this.settings.perSecond) state.lockedUntil = now + this.settings.lockoutMs;
    return now >= state.lockedUntil;
  }
}
