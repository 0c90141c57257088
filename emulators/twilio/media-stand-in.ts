import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { closeServer, listen, readBody } from '../http-server';
import { callRecordsStore, parseCallRecords } from './call-records-store';
import { conferenceResource, liveCalls } from './live-calls';
import { messageResource, messagesStandIn, type ReportSender, type SentMessage } from './messages';
import { silentMp3 } from './mp3';
import { InvalidParameter, type ListRequest, listPage, matchList } from './rest-lists';
import { callResource } from './rest-resources';
import { SYNC_DOCUMENTS_PATH, syncDocuments } from './sync-documents';
import type { CallLegRecord, CallRecords } from './types';
import { toneWav } from './wav';
import { sendWebhook } from './webhook-client';

export interface MediaStandInOptions {
  port?: number;
  host?: string;
  accountSid: string;
  authToken: string;
  /** Default true: the current Recording docs say media URLs always require HTTP Basic auth
   * (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file). */
  requireAuth?: boolean;
  /** Where registrations persist (recordings.json, calls.json), so a restarted stand-in still serves them. */
  dataDir?: string;
  /** Where the texts the product sends are shown (npm start prints them). */
  log?: (line: string) => void;
}

export interface MediaStandIn {
  url: string;
  register(sid: string, seconds: number): void;
  /** What a simulated call left in Twilio's records, for the REST lists. */
  addCallRecords(records: CallRecords): void;
  /** REST list requests answered so far (any status): what a reconcile costs in Twilio requests. */
  restRequests(): number;
  /** Media auth only: the REST API always requires the account's credentials. */
  setRequireAuth(on: boolean): void;
  /** The text messages created through the REST API, oldest first. */
  messages(): SentMessage[];
  /** The next `count` message creates fail (status 500 unless given). */
  failNextMessages(count: number, status?: number): void;
  /** The next `count` messages are accepted, then reported undelivered with `errorCode` (default 30034). */
  undeliverNextMessages(count: number, errorCode?: number): void;
  /** Resolves once every message status report due so far has been answered. */
  messagesSettled(): Promise<void>;
  /**
   * Every call the stand-in knows, live or reported, as its Calls list holds them: what a test
   * reads to see the legs the product's REST calls made (for a call with inline TwiML, the called
   * phone's leg and its <Dial> legs).
   */
  calls(): CallLegRecord[];
  /** What calls made with inline TwiML ran into, as Twilio's error codes with a sentence. */
  callProblems(): string[];
  /** Sync answers every request 503 while on (an outage), for proving the product does without it. */
  setSyncUnavailable(on: boolean): void;
  /** An update's StatusCallback counts only with a Url (emulators/twilio/live-calls.ts): the harsher reading. */
  setStatusCallbackNeedsUrl(on: boolean): void;
  /** Sync requests answered so far (any status): what a look-up costs. */
  syncRequests(): number;
  close(): Promise<void>;
}

const RECORDING_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Recordings\/([^/.]+)(\.[^/]*)?$/;
const RECORDING_SID = /^RE[0-9a-fA-F]{32}$/;
const REGISTER_PATH = '/__sim/recordings';
const CALLS_PATH = '/__sim/calls';
/** The texts sent so far, for `npm run call` to show (not part of Twilio's API). */
const SENT_MESSAGES_PATH = '/__sim/messages';
/** `{"count":1,"errorCode":30034}`: the next texts are accepted, then undelivered (the stand-in's own control). */
const UNDELIVER_PATH = '/__sim/messages/undeliver';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;
const CALLS_CREATE_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\.json$/;
const CALL_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Calls\/(CA[0-9a-fA-F]{32})\.json$/;
const CONFERENCES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Conferences(?:\/(CF[0-9a-fA-F]{32}))?\.json$/;
/** The simulator posts its live state here and takes the product's REST requests (not part of Twilio's API). */
const LIVE_PATH = '/__sim/live';
const LIVE_TAKE_PATH = '/__sim/live/take';

function sendJson(res: http.ServerResponse, status: number, body: object, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

// The shape of Twilio's REST error bodies.
function twilioError(res: http.ServerResponse, status: number, code: number, message: string, headers?: http.OutgoingHttpHeaders): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

function loadRegistrations(file: string | undefined): Map<string, number> {
  if (!file || !fs.existsSync(file)) return new Map();
  return new Map(Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, number>));
}

/**
 * Plays api.twilio.com for what the simulator reported. Media of recordings: WAV (the default
 * and `.wav` URLs, a tone) and `.mp3` (silent frames of Twilio's bitrate, see mp3.ts); other
 * formats answer 404. REST lists of calls, recordings and transcriptions, for reconcile (see rest-lists.ts).
 */
export async function startMediaStandIn(opts: MediaStandInOptions): Promise<MediaStandIn> {
  const file = opts.dataDir ? path.join(opts.dataDir, 'recordings.json') : undefined;
  const recordings = loadRegistrations(file);
  const callRecords = callRecordsStore(opts.dataDir);
  let requireAuth = opts.requireAuth ?? true;
  const expectedAuth = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');

  const register = (sid: string, seconds: number): void => {
    if (!RECORDING_SID.test(sid)) throw new TypeError(`not a recording SID: ${sid}`);
    if (!Number.isFinite(seconds) || seconds < 0) throw new TypeError(`invalid length: ${seconds}`);
    recordings.set(sid, seconds);
    if (opts.dataDir && file) {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      fs.writeFileSync(file, JSON.stringify(Object.fromEntries(recordings), null, 2));
    }
  };

  const authenticated = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.headers.authorization === expectedAuth) return true;
    twilioError(res, 401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
    return false;
  };

  const serveRecording = (req: http.IncomingMessage, res: http.ServerResponse, match: RegExpMatchArray): void => {
    if (requireAuth && !authenticated(req, res)) return;
    const [, account, sid, extension = ''] = match;
    const seconds = recordings.get(sid);
    if (account !== opts.accountSid || seconds === undefined) {
      twilioError(res, 404, 20404, `The requested resource ${req.url} was not found`);
      return;
    }
    const format = extension.toLowerCase();
    if (format !== '' && format !== '.wav' && format !== '.mp3') {
      twilioError(
        res,
        404,
        20404,
        `This local media stand-in serves WAV and MP3 only: request ${sid}, ${sid}.wav or ${sid}.mp3 instead of ${extension}`,
      );
      return;
    }
    const [contentType, audio] = format === '.mp3' ? ['audio/mpeg', silentMp3(seconds)] : ['audio/x-wav', toneWav(seconds)];
    res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': audio.length });
    res.end(req.method === 'HEAD' ? undefined : audio);
  };

  const handleRegistration = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const { sid, seconds } = JSON.parse(await readBody(req)) as { sid: string; seconds: number };
      register(sid, seconds);
      sendJson(res, 201, { sid, seconds });
    } catch (err) {
      sendJson(res, 400, { message: `expected JSON {"sid": "RE…", "seconds": n}: ${(err as Error).message}` });
    }
  };

  const live = liveCalls();
  // The lists hold the calls while they last too; a reported record replaces the live one.
  const listed = {
    ...callRecords,
    calls: () => {
      const recorded = callRecords.calls();
      const known = new Set(recorded.map((call) => call.sid));
      return [...live.calls().filter((call) => !known.has(call.sid)), ...recorded] as CallLegRecord[];
    },
  };

  let restRequests = 0;
  const serveList = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, list: ListRequest): void => {
    restRequests++;
    if (!authenticated(req, res)) return;
    if (list.accountSid !== opts.accountSid) {
      twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      return;
    }
    try {
      sendJson(res, 200, listPage(list, url, listed));
    } catch (err) {
      if (!(err instanceof InvalidParameter)) throw err;
      twilioError(res, 400, 20001, err.message);
    }
  };

  // Signed as Twilio signs every webhook; a report is not retried (no connection overrides).
  const sendReport: ReportSender = async (url, params) => {
    const result = await sendWebhook({ kind: 'async', url, method: 'POST', params, authToken: opts.authToken, backoffMs: 1000 });
    return result.exchange.status;
  };
  const messages = messagesStandIn(opts.log ?? (() => undefined), sendReport, opts.accountSid);

  const handleUndeliver = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const { count = 1, errorCode = 30034 } = JSON.parse(await readBody(req)) as { count?: number; errorCode?: number };
      if (!Number.isInteger(count) || count < 0 || !Number.isInteger(errorCode) || errorCode <= 0)
        throw new TypeError('count and errorCode must be whole numbers');
      messages.undeliverNext(count, errorCode);
      sendJson(res, 200, { count, errorCode });
    } catch (err) {
      sendJson(res, 400, { message: `expected JSON {"count": 1, "errorCode": 30034}: ${(err as Error).message}` });
    }
  };
  // The account's numbers: the ones its calls came in on.
  const ownNumbers = () =>
    new Set(
      listed
        .calls()
        .filter((call) => call.direction === 'inbound')
        .map((call) => call.to),
    );

  const account = (req: http.IncomingMessage, res: http.ServerResponse, sid: string): boolean => {
    if (!authenticated(req, res)) return false;
    if (sid === opts.accountSid) return true;
    twilioError(res, 404, 20404, `The requested resource ${req.url} was not found`);
    return false;
  };

  const createCall = async (req: http.IncomingMessage, res: http.ServerResponse, sid: string): Promise<void> => {
    if (!account(req, res, sid)) return;
    const result = live.create(new URLSearchParams(await readBody(req)), ownNumbers);
    if ('sid' in result) sendJson(res, 201, callResource(result as CallLegRecord, opts.accountSid));
    else twilioError(res, result.status, result.code, result.message);
  };

  const updateCall = async (req: http.IncomingMessage, res: http.ServerResponse, sid: string, callSid: string): Promise<void> => {
    if (!account(req, res, sid)) return;
    const result = live.update(callSid, new URLSearchParams(await readBody(req)));
    if ('sid' in result) sendJson(res, 200, callResource(result as CallLegRecord, opts.accountSid));
    else twilioError(res, result.status, result.code, result.message);
  };

  // The Conference list filters on FriendlyName and Status (https://www.twilio.com/docs/voice/api/conference-resource#read-multiple-conference-resources).
  const serveConferences = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, sid: string, conferenceSid?: string): void => {
    restRequests++;
    if (!account(req, res, sid)) return;
    if (conferenceSid) {
      const found = live.conferences().find((c) => c.sid === conferenceSid);
      if (found) sendJson(res, 200, conferenceResource(found, opts.accountSid));
      else twilioError(res, 404, 20404, `The requested resource ${url.pathname} was not found`);
      return;
    }
    const name = url.searchParams.get('FriendlyName');
    const status = url.searchParams.get('Status');
    const found = live.conferences().filter((c) => (name === null || c.friendlyName === name) && (status === null || c.status === status));
    sendJson(res, 200, {
      conferences: found.map((c) => conferenceResource(c, opts.accountSid)),
      page: 0,
      page_size: 50,
      start: 0,
      end: Math.max(0, found.length - 1),
      uri: url.pathname,
      first_page_uri: url.pathname,
      next_page_uri: null,
      previous_page_uri: null,
    });
  };

  const handleLive = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      live.post(JSON.parse(await readBody(req)));
      sendJson(res, 200, {});
    } catch (err) {
      sendJson(res, 400, { message: `expected JSON {"calls": […], "conferences": […]}: ${(err as Error).message}` });
    }
  };

  const handleTake = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      const { sids } = JSON.parse(await readBody(req)) as { sids: string[] };
      if (!Array.isArray(sids)) throw new TypeError('sids must be a list');
      sendJson(res, 200, { requests: live.take(sids) });
    } catch (err) {
      sendJson(res, 400, { message: `expected JSON {"sids": ["CA…"]}: ${(err as Error).message}` });
    }
  };

  const createMessage = async (req: http.IncomingMessage, res: http.ServerResponse, account: string): Promise<void> => {
    if (!authenticated(req, res)) return;
    if (account !== opts.accountSid) {
      twilioError(res, 404, 20404, `The requested resource ${req.url} was not found`);
      return;
    }
    const result = messages.create(new URLSearchParams(await readBody(req)), ownNumbers);
    if ('sid' in result) sendJson(res, 201, messageResource(result, opts.accountSid));
    else twilioError(res, result.status, result.code, result.message);
  };

  // A call by SID, live or reported (https://www.twilio.com/docs/voice/api/call-resource#fetch-a-call-resource).
  const fetchCall = (req: http.IncomingMessage, res: http.ServerResponse, sid: string, callSid: string): void => {
    restRequests++;
    if (!account(req, res, sid)) return;
    const found = listed.calls().find((call) => call.sid === callSid);
    if (found) sendJson(res, 200, callResource(found, opts.accountSid));
    else twilioError(res, 404, 20404, `The requested resource ${req.url} was not found`);
  };

  const sync = syncDocuments(opts.accountSid);
  const serveSync = async (req: http.IncomingMessage, res: http.ServerResponse, service: string, name?: string): Promise<void> => {
    if (!authenticated(req, res)) return;
    const form = new URLSearchParams(req.method === 'POST' ? await readBody(req) : '');
    const ifMatch = req.headers['if-match'];
    const answer = sync.handle(req.method ?? 'GET', service, name, form, typeof ifMatch === 'string' ? ifMatch : undefined);
    if (answer.status === 204) {
      res.writeHead(204);
      res.end();
    } else sendJson(res, answer.status, answer.body);
  };

  const handleCallRecords = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      callRecords.add(parseCallRecords(JSON.parse(await readBody(req))));
      sendJson(res, 201, {});
    } catch (err) {
      sendJson(res, 400, { message: `expected JSON {"calls": […], "recordings": […], "transcriptions": […]}: ${(err as Error).message}` });
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = url.pathname.match(RECORDING_PATH);
    const list = matchList(url.pathname);
    const reading = req.method === 'GET' || req.method === 'HEAD';
    const messagesPath = url.pathname.match(MESSAGES_PATH);
    const createPath = url.pathname.match(CALLS_CREATE_PATH);
    const callPath = url.pathname.match(CALL_PATH);
    const conferencesPath = url.pathname.match(CONFERENCES_PATH);
    const syncPath = url.pathname.match(SYNC_DOCUMENTS_PATH);
    if (req.method === 'POST' && messagesPath) void createMessage(req, res, messagesPath[1]);
    else if (req.method === 'POST' && createPath) void createCall(req, res, createPath[1]);
    else if (req.method === 'POST' && callPath) void updateCall(req, res, callPath[1], callPath[2]);
    else if (reading && callPath) fetchCall(req, res, callPath[1], callPath[2]);
    else if (syncPath) void serveSync(req, res, syncPath[1], syncPath[2]);
    else if (reading && conferencesPath) serveConferences(req, res, url, conferencesPath[1], conferencesPath[2]);
    else if (req.method === 'POST' && url.pathname === LIVE_PATH) void handleLive(req, res);
    else if (req.method === 'POST' && url.pathname === LIVE_TAKE_PATH) void handleTake(req, res);
    else if (reading && url.pathname === LIVE_PATH) sendJson(res, 200, { latest: live.latest() });
    else if (reading && url.pathname === SENT_MESSAGES_PATH) sendJson(res, 200, { messages: messages.sent() });
    else if (req.method === 'POST' && url.pathname === UNDELIVER_PATH) void handleUndeliver(req, res);
    else if (req.method === 'POST' && url.pathname === REGISTER_PATH) void handleRegistration(req, res);
    else if (req.method === 'POST' && url.pathname === CALLS_PATH) void handleCallRecords(req, res);
    else if (reading && list) serveList(req, res, url, list);
    else if (reading && match) serveRecording(req, res, match);
    else twilioError(res, 404, 20404, `The requested resource ${req.url} was not found`);
  });

  const url = await listen(server, opts.port, opts.host);

  return {
    url,
    register,
    addCallRecords: (records) => callRecords.add(parseCallRecords(records)),
    restRequests: () => restRequests,
    setRequireAuth: (on) => {
      requireAuth = on;
    },
    messages: () => messages.sent(),
    failNextMessages: (count, status) => messages.failNext(count, status),
    undeliverNextMessages: (count, errorCode) => messages.undeliverNext(count, errorCode),
    messagesSettled: () => messages.settled(),
    calls: () => listed.calls(),
    callProblems: () => live.problems(),
    setSyncUnavailable: (on) => sync.setUnavailable(on),
    setStatusCallbackNeedsUrl: (on) => live.setStatusCallbackNeedsUrl(on),
    syncRequests: () => sync.requests(),
    close: () => closeServer(server),
  };
}
