/** Failure classes a webhook URL's `rp` policy can name (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides). */
export type RetryCause = 'ct' | 'rt' | '4xx' | '5xx';

export interface ConnectionOverrides {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  totalTimeoutMs: number;
  retryCount: number;
  retryOn: ReadonlySet<RetryCause>;
}

const ALL_CAUSES: RetryCause[] = ['ct', 'rt', '4xx', '5xx'];

function bounded(raw: string | null, min: number, max: number, fallback: number): number {
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function retryPolicy(raw: string | null): Set<RetryCause> {
  if (raw === null) return new Set(['ct']);
  const names = raw.split(',').map((s) => s.trim());
  if (names.includes('all')) return new Set(ALL_CAUSES);
  return new Set(ALL_CAUSES.filter((c) => names.includes(c)));
}

/**
 * Splits a configured webhook URL into the URL Twilio requests and the overrides in its fragment.
 * Out-of-range values are clamped and unknown keys (sni, e) ignored: edges and SNI mean nothing locally.
 */
export function splitConnectionOverrides(url: string): { url: string; overrides: ConnectionOverrides } {
  const hashAt = url.indexOf('#');
  const bare = hashAt === -1 ? url : url.slice(0, hashAt);
  const f = new URLSearchParams(hashAt === -1 ? '' : url.slice(hashAt + 1));
  return {
    url: bare,
    overrides: {
      connectTimeoutMs: bounded(f.get('ct'), 100, 10000, 5000),
      readTimeoutMs: bounded(f.get('rt'), 100, 15000, 15000),
      totalTimeoutMs: bounded(f.get('tt'), 100, 15000, 15000),
      retryCount: bounded(f.get('rc'), 0, 5, 1),
      retryOn: retryPolicy(f.get('rp')),
    },
  };
}
