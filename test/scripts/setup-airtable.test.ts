import { type AirtableEmulator, startAirtableEmulator } from '../../emulators/airtable';
import { TABLE_FIELDS } from '../../functions/lib/calls/record';
import { describeCheck, ensureCallTable } from '../../scripts/setup-airtable';

const BASE = 'appSetupTest00001';
let emulator: AirtableEmulator;
const config = () => ({ token: 'patSetup.secret', baseId: BASE, table: 'Calls', endpointUrl: emulator.url });

beforeEach(async () => {
  emulator = await startAirtableEmulator({ port: 0, tokens: ['patSetup.secret'] });
});
afterEach(() => emulator.close());

describe('npm run setup:airtable', () => {
  it('creates the table through the Meta API, then finds it complete', async () => {
    const created = await ensureCallTable(config());
    expect(describeCheck('Calls', created)).toBe(`Created table "Calls" with ${TABLE_FIELDS.length} fields.`);
    const response = await fetch(`${emulator.url}/v0/meta/bases/${BASE}/tables`, { headers: { Authorization: 'Bearer patSetup.secret' } });
    const { tables } = (await response.json()) as { tables: Array<{ name: string; fields: Array<{ name: string; type: string }> }> };
    expect(tables[0].name).toBe('Calls');
    expect(tables[0].fields.map((f) => f.name)).toEqual(TABLE_FIELDS.map((f) => f.name));
    expect(tables[0].fields[0]).toMatchObject({ name: 'Call SID', type: 'singleLineText' });
    expect(describeCheck('Calls', await ensureCallTable(config()))).toMatch(/already has every field/);
  });

  it('reports exactly which fields an existing table lacks or has with the wrong type, and changes nothing', async () => {
    const fields = TABLE_FIELDS.filter((f) => f.name !== 'Transcript' && f.name !== 'Duration').map((f) =>
      f.name === 'From' ? { name: 'From', type: 'multilineText', description: '' } : f,
    );
    emulator.createTable(BASE, { name: 'Calls', fields });
    const check = await ensureCallTable(config());
    expect(check.state).toBe('incomplete');
    const report = describeCheck('Calls', check);
    expect(report).toMatch(/missing: "Duration" \(duration\)/);
    expect(report).toMatch(/missing: "Transcript" \(multilineText\)/);
    expect(report).toMatch(/wrong type: "From" is multilineText, expected singleLineText/);
    expect(report.match(/missing:/g)).toHaveLength(2);
  });

  it("finds a table made before the alerts' retry fields lacking exactly those two, with their types", async () => {
    emulator.createTable(BASE, {
      name: 'Calls',
      fields: TABLE_FIELDS.filter((f) => f.name !== 'Alert Attempts' && f.name !== 'Alert Retry At'),
    });
    const report = describeCheck('Calls', await ensureCallTable(config()));
    expect(report).toMatch(/missing: "Alert Attempts" \(number\)/);
    expect(report).toMatch(/missing: "Alert Retry At" \(dateTime\)/);
    expect(report.match(/missing:/g)).toHaveLength(2);
  });

  it("finds a table made before the texts' delivery reports lacking exactly those two, with their types", async () => {
    const added = ['Text Failed To', 'Text Error Code'];
    emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS.filter((f) => !added.includes(f.name)) });
    const report = describeCheck('Calls', await ensureCallTable(config()));
    expect(report.match(/missing: .*/g)).toEqual(['missing: "Text Failed To" (singleLineText)', 'missing: "Text Error Code" (number)']);
  });

  it("finds a table made before the feed's inbox lacking Handled At and Notes, and says the feed works without them", async () => {
    emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS.filter((f) => f.name !== 'Handled At' && f.name !== 'Notes') });
    const report = describeCheck('Calls', await ensureCallTable(config()));
    expect(report.match(/missing: .*/g)).toEqual(['missing: "Handled At" (dateTime)', 'missing: "Notes" (multilineText)']);
    expect(report).toMatch(/"Handled At" and "Notes": the feed's Done and notes; until they are added the feed lists every call as new/);
  });

  it('finds a table made before the call back lacking Call Back Of, and says a call back works without it', async () => {
    emulator.createTable(BASE, { name: 'Calls', fields: TABLE_FIELDS.filter((f) => f.name !== 'Call Back Of') });
    const report = describeCheck('Calls', await ensureCallTable(config()));
    expect(report.match(/missing: .*/g)).toEqual(['missing: "Call Back Of" (singleLineText)']);
    expect(report).toMatch(/"Call Back Of": the feed's call backs; until it is added a call back still rings and marks the call done/);
    expect(report).not.toMatch(/Done and notes/);
  });

  it('reports Airtable refusing the token', async () => {
    await expect(ensureCallTable({ ...config(), token: 'patWrong.secret' })).rejects.toThrow(/401/);
  });
});
