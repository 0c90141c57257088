// assets/openapi.json: a well-formed OpenAPI 3.1 document that covers every function the
// service exposes, and whose schemas the real responses of the feed functions satisfy.

import Ajv2020 from 'ajv/dist/2020';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { type MediaStandIn, startMediaStandIn } from '../../emulators/twilio';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { SIMULATED_TIME_HEADER } from '../../functions/lib/runtime/clock';
import { missedThenVoicemail } from '../../scripts/feed-cost/twilio-history';
import { invoke } from '../support/invoke';
import { feedCalls, recordingSid, seedCalls } from './calls-fixture';

type Json = Record<string, unknown>;
const ROOT = join(__dirname, '..', '..');
const doc = JSON.parse(readFileSync(join(ROOT, 'assets', 'openapi.json'), 'utf8')) as Json;
const components = doc.components as Record<string, Record<string, Json>>;
const paths = doc.paths as Record<string, Record<string, Json>>;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ajv = new Ajv2020({
  strict: true,
  allErrors: true,
  formats: { 'date-time': DATE_TIME, uri: (value: string) => URL.canParse(value) },
});
// The component schemas as one JSON Schema, so that their internal $refs resolve.
ajv.addSchema({
  $id: 'openapi',
  $defs: JSON.parse(JSON.stringify(components.schemas).replaceAll('#/components/schemas/', 'openapi#/$defs/')),
});
const schema = (name: string) => {
  const validate = ajv.getSchema(`openapi#/$defs/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
};

function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else refsIn(inner, found);
    }
  }
  return found;
}

function resolve(ref: string): unknown {
  expect(ref).toMatch(/^#\//);
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

const operations = () =>
  Object.entries(paths).flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));

describe('openapi.json', () => {
  it('is an OpenAPI 3.1 document with a title and version', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
  });

  it('has no dangling $ref', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect([ref, resolve(ref)]).toEqual([ref, expect.anything()]);
  });

  it('describes every operation with a unique id, known security and described responses', () => {
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      expect([path, method]).toEqual([path, expect.stringMatching(/^(get|post)$/)]);
      expect(ids.has(operation.operationId as string)).toBe(false);
      ids.add(operation.operationId as string);
      for (const requirement of operation.security as Json[]) {
        for (const name of Object.keys(requirement)) expect(components.securitySchemes).toHaveProperty(name);
      }
      const responses = Object.entries(operation.responses as Record<string, Json>);
      expect(responses.length).toBeGreaterThan(0);
      for (const [status, response] of responses) {
        expect(status).toMatch(/^[1-5]\d\d$/);
        const resolved = (response.$ref ? resolve(response.$ref as string) : response) as Json;
        expect([path, status, typeof resolved.description]).toEqual([path, status, 'string']);
      }
    }
  });

  it('has schemas that compile as JSON Schema 2020-12 in strict mode', () => {
    for (const name of Object.keys(components.schemas)) expect(() => schema(name)).not.toThrow();
    const inline = operations().flatMap(({ operation }) => [
      ...((operation.parameters as Json[] | undefined) ?? []).map((parameter) => parameter.schema),
      ...Object.values(((operation.requestBody as Json | undefined)?.content ?? {}) as Record<string, Json>).map((media) => media.schema),
    ]);
    for (const inner of inline.filter(Boolean)) {
      const rewritten = JSON.parse(JSON.stringify(inner).replaceAll('#/components/schemas/', 'openapi#/$defs/'));
      expect(() => ajv.compile(rewritten)).not.toThrow();
    }
  });

  it('documents exactly the functions the service exposes', () => {
    const exposed = readdirSync(join(ROOT, 'functions'))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.private.ts'))
      .map((file) => `/${file.replace(/(\.protected)?\.ts$/, '')}`);
    expect(Object.keys(paths).sort()).toEqual(exposed.sort());
  });
});

describe('real responses match openapi.json', () => {
  const PASSWORD = 'correct horse battery staple';
  const BASE = 'appTestOpenApi001';
  const ACCOUNT_SID = 'AC' + '12'.repeat(16);
  let emulator: AirtableEmulator;
  let media: MediaStandIn;
  let env: Record<string, string>;
  // The Functions' now, given in the header the local runtime lets stand for it (lib/clock.ts).
  const NOW = new Date('2026-11-23T15:00:00Z');
  const headers = {
    authorization: `Basic ${Buffer.from(`owner:${PASSWORD}`).toString('base64')}`,
    [SIMULATED_TIME_HEADER]: NOW.toISOString(),
  };
  const call = async (name: string, query: Record<string, unknown>, vars = env) => {
    const answer = await invoke(name, { request: { headers, cookies: {} }, ...query }, vars);
    return { status: answer.status, json: JSON.parse(answer.body) as unknown };
  };
  const expectValid = (name: string, value: unknown) => {
    const validate = schema(name);
    expect([validate(value), validate.errors]).toEqual([true, null]);
  };

  beforeAll(async () => {
    emulator = await startAirtableEmulator({ port: 0 });
    emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS });
    media = await startMediaStandIn({ port: 0, accountSid: ACCOUNT_SID, authToken: 'token' });
    media.register(recordingSid(2), 1);
    env = {
      FEED_PASSWORD: PASSWORD,
      AIRTABLE_TOKEN: 'patAny',
      AIRTABLE_BASE_ID: BASE,
      AIRTABLE_ENDPOINT_URL: emulator.url,
      ACCOUNT_SID,
      AUTH_TOKEN: 'token',
      TWILIO_API_BASE_URL: media.url,
      TWILIO_NUMBER: '+15025550100',
      SIMULATED_TIME: 'allow',
    };
    await seedCalls(
      { token: 'patAny', baseId: BASE, table: 'Calls', endpointUrl: emulator.url },
      feedCalls(NOW).map(({ call }) => call),
    );
  });
  afterAll(async () => {
    await emulator.close();
    await media.close();
  });

  it('/calls: a page with calls of every kind, and the last page', async () => {
    const first = await call('calls', { pageSize: '5' });
    expect(first.status).toBe(200);
    expectValid('CallPage', first.json);
    const { next } = first.json as { next: string };
    const last = await call('calls', { pageSize: '5', cursor: next });
    expectValid('CallPage', last.json);
    expect((last.json as { next: unknown }).next).toBeNull();
  });

  it('/calls: the schema rejects a call missing a property or with an unknown one', () => {
    const validate = schema('CallPage');
    const good = {
      callSid: 'CA1',
      startedAt: null,
      caller: { number: null, name: null, location: null },
      choice: 'none',
      outcome: 'abandoned',
      afterHours: false,
      forwarding: null,
      status: null,
      durationSeconds: null,
      voicemail: null,
      alertedAt: null,
      alertFailed: false,
      textAlert: null,
      handledAt: null,
      note: null,
      callBackOf: null,
    };
    expect(validate({ calls: [good], next: null })).toBe(true);
    const { voicemail: _, ...missing } = good;
    expect(validate({ calls: [missing], next: null })).toBe(false);
    expect(validate({ calls: [{ ...good, extra: 1 }], next: null })).toBe(false);
  });

  it('/calls and /recording: errors', async () => {
    const bad = await call('calls', { pageSize: '500' });
    expect(bad.status).toBe(400);
    expectValid('Error', bad.json);
    const missing = await call('recording', { sid: recordingSid(999) });
    expect(missing.status).toBe(404);
    expectValid('Error', missing.json);
  });

  it('/month: the 30 days, and its errors', async () => {
    const answer = await call('month', {});
    expect(answer.status).toBe(200);
    expectValid('MonthView', answer.json);
    expect((answer.json as { totals: { calls: number } }).totals.calls).toBe(feedCalls(NOW).length);
    expectValid('MonthView', { ...(answer.json as Json), missedRate: null });
    expect(schema('MonthView')({ ...(answer.json as Json), hours: [] })).toBe(false);
    const bad = await call('month', { day: '2026-02-30' });
    expect(bad.status).toBe(400);
    expectValid('Error', bad.json);
  });

  it('/handled and /note: the call as edited, a note conflict, and their errors', async () => {
    const sid = feedCalls(NOW)[1].call.callSid;
    const handled = await call('handled', { callSid: sid, handled: true });
    expect(handled.status).toBe(200);
    expectValid('EditedCall', handled.json);
    const noted = await call('note', { callSid: sid, note: 'Call back after 3', base: '' });
    expect(noted.status).toBe(200);
    expectValid('EditedCall', noted.json);
    const conflict = await call('note', { callSid: sid, note: 'Another', base: '' });
    expect(conflict.status).toBe(409);
    expectValid('NoteConflict', conflict.json);
    const bad = await call('note', { callSid: 'CA1', note: '', base: '' });
    expect(bad.status).toBe(400);
    expectValid('Error', bad.json);
  });

  it('/changes and /reconcile: the version, and what was restored', async () => {
    media.addCallRecords(missedThenVoicemail(2, '+15025550100', 0x7000, new Date(NOW.getTime() - 60_000)));
    const since = new Date(NOW.getTime() - 3_600_000).toISOString();
    const changes = await call('changes', { since });
    expect(changes.status).toBe(200);
    expectValid('Changes', changes.json);
    const reconciled = await call('reconcile', { since });
    expect(reconciled.json).toMatchObject({ callsSeen: 2, restored: 2, merged: 0, failed: 0, more: false, remaining: 0 });
    expect((reconciled.json as { cursor: string }).cursor).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expectValid('Reconciled', reconciled.json);
    const bad = await call('reconcile', { since: '2001-01-01T00:00:00Z' });
    expect(bad.status).toBe(400);
    expectValid('Error', bad.json);
  });

  it('/alerts-due: what it sent', async () => {
    const answer = await call('alerts-due', {});
    expect(answer.json).toEqual({ sent: null, failed: null, more: false });
    expectValid('AlertsDue', answer.json);
    expectValid('AlertsDue', { sent: { callSid: 'CA1', kind: 'missed' }, failed: null, more: true });
    expectValid('AlertsDue', { sent: null, failed: { callSid: 'CA1', message: 'email to a@example.com failed (403)' }, more: false });
    expect(schema('AlertsDue')({ sent: { callSid: 'CA1', kind: 'answered' }, failed: null, more: false })).toBe(false);
  });

  it('/session: a token of the documented shape, which /calls takes until it ends', async () => {
    const session = await call('session', {});
    expect(session.status).toBe(200);
    expectValid('Session', session.json);
    const { token, expiresAt } = session.json as { token: string; expiresAt: string };
    expect(expiresAt).toBe('2026-11-24T03:00:00.000Z');
    const answer = await invoke(
      'calls',
      { request: { headers: { authorization: `Bearer ${token}`, [SIMULATED_TIME_HEADER]: NOW.toISOString() }, cookies: {} } },
      env,
    );
    expect(answer.status).toBe(200);
    expectValid('CallPage', JSON.parse(answer.body));
    const ended = await invoke(
      'calls',
      { request: { headers: { authorization: `Bearer ${token}`, [SIMULATED_TIME_HEADER]: expiresAt }, cookies: {} } },
      env,
    );
    expect(ended.status).toBe(401);
    expectValid('Error', JSON.parse(ended.body));
  });

  it('/recording: the audio, of the documented type', async () => {
    const answer = await invoke('recording', { request: { headers, cookies: {} }, sid: recordingSid(2) }, env);
    expect(answer.status).toBe(200);
    const documented = Object.keys((paths['/recording'].get.responses as Record<string, { content: Json }>)['200'].content);
    expect([answer.headers['Content-Type']]).toEqual(documented);
    expect(answer.bytes?.length).toBeGreaterThan(0);
  });
});
