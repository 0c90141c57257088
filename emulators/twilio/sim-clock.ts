/**
 * Simulated call time. Ring timeouts and talk time are never slept: the clock only feeds
 * CallDuration, Timestamp and the transcript.
 */
export class SimClock {
  private elapsed = 0;

  constructor(private readonly start = new Date()) {}

  get seconds(): number {
    return this.elapsed;
  }

  advance(seconds: number): void {
    this.elapsed += Math.max(0, seconds);
  }

  now(): Date {
    return new Date(this.start.getTime() + this.elapsed * 1000);
  }

  /** RFC 2822 in GMT, as Twilio formats webhook dates (https://www.twilio.com/docs/voice/twiml#data-formats). */
  timestamp(): string {
    return this.timestampAt(this.elapsed);
  }

  timestampAt(seconds: number): string {
    return new Date(this.start.getTime() + seconds * 1000).toUTCString().replace(/GMT$/, '+0000');
  }

  /** The same call's clock at another moment: legs that overlap in time each keep their own. */
  at(seconds: number): SimClock {
    const clock = new SimClock(this.start);
    clock.elapsed = seconds;
    return clock;
  }
}

/** Text-to-speech runs at roughly 2.5 words per second. */
export function speechSeconds(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return words / 2.5;
}
