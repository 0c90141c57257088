/** The human-readable account of a call, streamed to an optional sink as it happens. */
export class Transcript {
  readonly lines: string[] = [];

  constructor(private readonly sink?: (line: string) => void) {}

  add(line: string): void {
    this.lines.push(line);
    this.sink?.(line);
  }
}

/** Paths on the simulated service read better without the origin every line repeats. */
export function displayUrl(url: string, baseUrl: string): string {
  const u = new URL(url);
  u.hash = '';
  const base = new URL(baseUrl);
  return u.origin === base.origin ? u.pathname + u.search : u.href;
}

/** '' for one attempt; otherwise the count, plus each outcome when they differ. */
export function attemptsNote(history: string[]): string {
  if (history.length < 2) return '';
  const same = history.every((h) => h === history[0]);
  return same ? `(${history.length} attempts)` : `(${history.length} attempts: ${history.join(', ')})`;
}
