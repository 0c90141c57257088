/**
 * Twilio keeps cookies between the TwiML requests of one call leg
 * (https://www.twilio.com/docs/voice/twiml#responding-to-twilio), which lets
 * Functions carry state in them. One leg talks to one service, so domain and path are not tracked.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: string[] | undefined): void {
    for (const header of setCookie ?? []) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => {
        const [key, value = ''] = a.trim().split('=');
        const k = key.toLowerCase();
        return (k === 'max-age' && Number(value) <= 0) || (k === 'expires' && Date.parse(value) < Date.now());
      });
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}
