// The HTTP front: answers each request in the order Airtable's own stack would —
// latency, routing, injected faults, authentication, rate limit, then the endpoint.
import * as http from 'http';
import type { AddressInfo } from 'net';
import { ApiError, rateLimitReached, routeNotFound } from './api-error';
import { authenticate } from './auth';
import { type Controls, runControl } from './control';
import type { Cursors } from './cursors';
import { type Faults, faultError } from './faults';
import { handlerFor } from './handlers';
import { readJsonBody, sendJson } from './http-io';
import type { RateLimiter } from './rate-limiter';
import type { MultipleMatchesAnswer } from './record-writes';
import { matchRoute } from './routes';
import type { Store } from './store';

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
}

export interface ServerState {
  store: Store;
  cursors: Cursors;
  faults: Faults;
  rateLimiter: RateLimiter;
  controls: Controls;
  tokens?: readonly string[];
  latencyMs(): number;
  upsertRaceMs(): number;
  multipleMatches(): MultipleMatchesAnswer;
  requestLog: RequestLogEntry[];
  log?: (line: string) => void;
}

const METHODS_WITH_BODY = new Set(['POST', 'PATCH', 'PUT']);

export class EmulatorServer {
  private readonly server = http.createServer((request, response) => void this.handle(request, response));
  /** Responses held open by `hang` faults, and pending latency timers: both end on close. */
  private readonly held = new Set<http.ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing = false;

  constructor(private readonly state: ServerState) {}

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.timers.forEach(clearTimeout);
    for (const response of this.held) response.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // Keep-alive sockets (Node's default agent keeps them) would otherwise hold close() open.
      this.server.closeAllConnections();
    });
  }

  private delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    const query = new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1));
    try {
      if (pathname.startsWith('/__emulator/')) {
        const answer = runControl(
          this.state.controls,
          method,
          pathname,
          METHODS_WITH_BODY.has(method) ? await readJsonBody(request) : undefined,
        );
        return sendJson(response, answer?.status ?? 404, answer?.body ?? { error: 'NOT_FOUND' });
      }
      const at = Date.now();
      response.on('finish', () => this.record(method, pathname, response.statusCode, at));
      await this.delay(this.state.latencyMs());
      if (this.closing) return;
      await this.answer(request, response, method, pathname, query);
    } catch (error) {
      if (error instanceof ApiError) return sendJson(response, error.status, error.body);
      this.state.log?.(`airtable-emulator: internal error on ${method} ${url}: ${(error as Error).stack ?? String(error)}`);
      sendJson(response, 500, { error: { type: 'SERVER_ERROR', message: 'Internal emulator error' } });
    }
  }

  private async answer(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    method: string,
    pathname: string,
    query: URLSearchParams,
  ): Promise<void> {
    const route = matchRoute(pathname);
    const handler = route && handlerFor(route, method);
    if (!route || !handler) throw routeNotFound();

    const fault = this.state.faults.take(method, request.url ?? pathname);
    if (fault?.hang) {
      this.held.add(response);
      response.on('close', () => this.held.delete(response));
      return;
    }
    if (fault) throw faultError(fault);

    authenticate(request.headers.authorization, this.state.tokens);
    if (!this.state.rateLimiter.admit(route.baseId, Date.now())) throw rateLimitReached();

    const body = METHODS_WITH_BODY.has(method) ? await readJsonBody(request) : undefined;
    const { store, cursors } = this.state;
    sendJson(
      response,
      200,
      handler({
        store,
        cursors,
        route,
        method,
        query,
        body,
        upsertRaceMs: this.state.upsertRaceMs(),
        multipleMatches: this.state.multipleMatches(),
      }),
    );
  }

  private record(method: string, path: string, status: number, at: number): void {
    this.state.requestLog.push({ method, path, status, at });
    this.state.log?.(`${method} ${path} -> ${status} (${Date.now() - at} ms)`);
  }
}
