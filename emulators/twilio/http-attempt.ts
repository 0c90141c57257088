import * as http from 'http';
import * as https from 'https';

/**
 * One HTTP attempt, classified the way Twilio's retry policy (`rp`) distinguishes failures:
 * no connection (`ct`), connected but no response in time (`rt`), or a response that broke off
 * midway (never retried).
 */
export type AttemptOutcome =
  | { kind: 'response'; status: number; headers: http.IncomingHttpHeaders; body: string }
  | { kind: 'connect-failure'; detail: string }
  | { kind: 'no-response'; detail: string }
  | { kind: 'partial-response'; status: number; detail: string };

export interface AttemptRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Epoch ms after which the attempt is abandoned whatever its state (Twilio's total ceiling). */
  deadline: number;
}

export function attemptRequest(req: AttemptRequest): Promise<AttemptOutcome> {
  return new Promise((resolve) => {
    const secure = req.url.protocol === 'https:';
    let settled = false;
    let connected = false;
    let status: number | undefined;
    let timer: NodeJS.Timeout | undefined;

    const failure = (detail: string): AttemptOutcome => {
      if (!connected) return { kind: 'connect-failure', detail };
      if (status === undefined) return { kind: 'no-response', detail };
      return { kind: 'partial-response', status, detail };
    };
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(outcome);
    };
    // Twilio's read timeout restarts with every packet, so the timer is re-armed on each chunk.
    const arm = (ms: number, what: string): void => {
      clearTimeout(timer);
      const wait = Math.max(0, Math.min(ms, req.deadline - Date.now()));
      timer = setTimeout(() => finish(failure(`${what} after ${wait} ms`)), wait);
    };

    // agent:false gives every attempt a fresh socket, so 'connect' really marks the connect phase.
    const request = (secure ? https : http).request(req.url, { method: req.method, headers: req.headers, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      arm(req.readTimeoutMs, 'read timeout');
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        arm(req.readTimeoutMs, 'read timeout');
      });
      res.on('end', () =>
        finish({ kind: 'response', status: status ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('close', () => {
        if (!res.complete) finish(failure('connection closed mid-response'));
      });
    });
    arm(req.connectTimeoutMs, 'connect timeout');
    request.on('socket', (socket) => {
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        connected = true;
        arm(req.readTimeoutMs, 'read timeout');
      });
    });
    request.on('error', (err) => finish(failure(err.message || String(err))));
    request.end(req.body);
  });
}
