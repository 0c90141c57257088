// Reading JSON request bodies and writing JSON answers.
import type { IncomingMessage, ServerResponse } from 'http';
import { airtableError, invalidRequest } from './api-error';

/** Generous for records (10 per request), small enough that a runaway client cannot exhaust memory. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Resolves to undefined for an empty body. */
export function readJsonBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining past the limit so the answer reaches a client still sending.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(airtableError(413, 'REQUEST_TOO_LARGE', 'Request body is too large'));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(invalidRequest('Invalid request: the body is not valid JSON'));
      }
    });
  });
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}
