// Twilio Sync Documents, as far as the product uses them: create with a unique name, fetch and
// update by that name, and expiry after `Ttl` seconds
// (https://www.twilio.com/docs/sync/api/document-resource). A unique name taken already is
// refused with 409 and error 54301 (https://www.twilio.com/docs/api/errors/54301); one that
// looks like a SID, or is empty or longer than 256 characters, with 54302
// (https://www.twilio.com/docs/api/errors/54302); a name nobody created answers 404 and 54300
// (https://www.twilio.com/docs/api/errors/54300). Data is a JSON object of at most 16 KiB.
// An update with If-Match is made only when it names the Document's revision; otherwise it is
// refused with 412 and 54103 (https://www.twilio.com/docs/sync/mutation-and-conflict-resolution,
// https://www.twilio.com/docs/api/errors/54103).
// Mode `unavailable`: every request answers 503, as a service having an outage would.
import { newSid } from './sids';

export const SYNC_DOCUMENTS_PATH = /^\/v1\/Services\/([^/]+)\/Documents(?:\/([^/]+))?$/;

export interface SyncAnswer {
  status: number;
  body: Record<string, unknown>;
}

interface Document {
  sid: string;
  uniqueName: string;
  data: Record<string, unknown>;
  revision: number;
  created: Date;
  updated: Date;
  expires?: Date;
}

const SID_LIKE = /^[A-Z]{2}[a-f0-9]{32}$/;
const MAX_DATA_BYTES = 16 * 1024;

function refusal(status: number, code: number, message: string): SyncAnswer {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function parseData(raw: string | null): Record<string, unknown> | SyncAnswer {
  if (raw === null) return {};
  if (Buffer.byteLength(raw) > MAX_DATA_BYTES) return refusal(400, 54006, 'Data exceeds 16 KiB');
  try {
    const data = JSON.parse(raw) as unknown;
    if (typeof data === 'object' && data !== null && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // answered below
  }
  return refusal(400, 20001, 'Data must be a JSON object');
}

export interface SyncDocuments {
  handle(method: string, service: string, name: string | undefined, form: URLSearchParams, ifMatch?: string): SyncAnswer;
  setUnavailable(on: boolean): void;
  /** Requests answered so far (any status). */
  requests(): number;
}

export function syncDocuments(accountSid: string, now: () => Date = () => new Date()): SyncDocuments {
  const documents = new Map<string, Document>();
  let unavailable = false;
  let requests = 0;

  const live = (name: string): Document | undefined => {
    const doc = documents.get(name);
    if (doc?.expires && doc.expires.getTime() <= now().getTime()) documents.delete(name);
    return documents.get(name);
  };

  const resource = (service: string, doc: Document) => ({
    sid: doc.sid,
    unique_name: doc.uniqueName,
    account_sid: accountSid,
    service_sid: service,
    url: `https://sync.twilio.com/v1/Services/${service}/Documents/${doc.sid}`,
    revision: String(doc.revision),
    data: doc.data,
    date_expires: doc.expires?.toISOString() ?? null,
    date_created: doc.created.toISOString(),
    date_updated: doc.updated.toISOString(),
    created_by: 'system',
  });

  const ttlOf = (form: URLSearchParams): Date | undefined | SyncAnswer => {
    const raw = form.get('Ttl');
    if (raw === null || raw === '0') return undefined;
    const seconds = Number(raw);
    if (!Number.isInteger(seconds) || seconds < 0) return refusal(400, 20001, 'Ttl must be a whole number of seconds');
    return new Date(now().getTime() + seconds * 1000);
  };

  const create = (service: string, form: URLSearchParams): SyncAnswer => {
    const sid = newSid('ET');
    const named = form.get('UniqueName');
    if (named !== null && (named === '' || named.length > 256 || SID_LIKE.test(named))) return refusal(400, 54302, 'Invalid unique name');
    // A Document without a unique name is addressed by its SID.
    const uniqueName = named ?? sid;
    if (live(uniqueName)) return refusal(409, 54301, 'Unique name already exists');
    const data = parseData(form.get('Data'));
    if ('status' in data && 'body' in data) return data as SyncAnswer;
    const expires = ttlOf(form);
    if (expires && 'status' in expires) return expires;
    const at = now();
    const doc: Document = { sid, uniqueName, data, revision: 0, created: at, updated: at, expires };
    documents.set(uniqueName, doc);
    return { status: 201, body: resource(service, doc) };
  };

  const update = (service: string, doc: Document, form: URLSearchParams, ifMatch?: string): SyncAnswer => {
    if (ifMatch !== undefined && ifMatch !== String(doc.revision)) return refusal(412, 54103, 'Document revision mismatch');
    if (form.has('Data')) {
      const data = parseData(form.get('Data'));
      if ('status' in data && 'body' in data) return data as SyncAnswer;
      doc.data = data;
    }
    if (form.has('Ttl')) {
      const expires = ttlOf(form);
      if (expires && 'status' in expires) return expires;
      doc.expires = expires;
    }
    doc.revision++;
    doc.updated = now();
    return { status: 200, body: resource(service, doc) };
  };

  return {
    handle(method, service, name, form, ifMatch) {
      requests++;
      if (unavailable) return refusal(503, 20503, 'Service Unavailable');
      if (name === undefined) return method === 'POST' ? create(service, form) : refusal(405, 20004, 'Method not allowed');
      const doc = live(decodeURIComponent(name));
      if (!doc) return refusal(404, 54300, 'Unique name not found');
      if (method === 'GET') return { status: 200, body: resource(service, doc) };
      if (method === 'POST') return update(service, doc, form, ifMatch);
      if (method === 'DELETE') {
        documents.delete(doc.uniqueName);
        return { status: 204, body: {} };
      }
      return refusal(405, 20004, 'Method not allowed');
    },
    setUnavailable(on) {
      unavailable = on;
    },
    requests: () => requests,
  };
}
