// The page's CSV (assets/feed/csv.js) as pure functions: RFC 4180 quoting, and a caller's text
// kept from running as a spreadsheet formula.
import { CSV_COLUMNS, callsCsv, csvCell, localIso } from '../../assets/feed/csv.js';
import type { FeedCall } from '../../assets/feed/types.js';

const call = (overrides: Partial<FeedCall>): FeedCall => ({
  callSid: 'CA1',
  startedAt: '2026-11-20T18:05:09.000Z',
  caller: { number: '+14045550101', name: null, location: null },
  choice: 'voicemail',
  outcome: 'voicemail',
  afterHours: false,
  forwarding: null,
  status: 'completed',
  durationSeconds: 66,
  voicemail: null,
  alertedAt: null,
  alertFailed: false,
  textAlert: null,
  handledAt: null,
  note: null,
  callBackOf: null,
  ...overrides,
});

describe('csvCell', () => {
  it('quotes every cell and doubles the quotes in it', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('Smith, "J"')).toBe('"Smith, ""J"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(66)).toBe('"66"');
    expect(csvCell(null)).toBe('""');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', '"\'=HYPERLINK(""http://evil.example"",""x"")"'],
    ['+14045550101', '"\'+14045550101"'],
    ['-2+3', '"\'-2+3"'],
    ['@SUM(A1)', '"\'@SUM(A1)"'],
    ['\t=1', '"\'\t=1"'],
    ['\r=1', '"\'\r=1"'],
  ])('defuses a cell a spreadsheet would run: %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('leaves a formula character inside the text alone', () => {
    expect(csvCell('a=b+c')).toBe('"a=b+c"');
  });
});

describe('callsCsv', () => {
  // New York: UTC-5 in winter, UTC-4 in summer.
  const newYork = (date: Date) => (date.getUTCMonth() >= 3 && date.getUTCMonth() <= 9 ? -240 : -300);

  it('writes the local time with its offset', () => {
    expect(localIso(new Date('2026-11-20T18:05:09Z'), -300)).toBe('2026-11-20T13:05:09-05:00');
    expect(localIso(new Date('2026-07-01T03:00:00Z'), -240)).toBe('2026-06-30T23:00:00-04:00');
    expect(localIso(new Date('2026-07-01T03:00:00Z'), 330)).toBe('2026-07-01T08:30:00+05:30');
    expect(localIso(new Date('2026-07-01T03:00:00Z'), 0)).toBe('2026-07-01T03:00:00+00:00');
  });

  it('has a header and one CRLF line per call, in the order given', () => {
    const text = callsCsv(
      [
        call({
          caller: { number: '+13125550142', name: '=cmd|" /C calc"!A0', location: null },
          voicemail: {
            recordingSid: 'RE1',
            durationSeconds: 48,
            audioUrl: null,
            transcript: 'Call me back, "soon"',
            transcriptionStatus: 'completed',
          },
        }),
        call({ startedAt: null, caller: { number: null, name: null, location: null }, outcome: 'abandoned', durationSeconds: null }),
      ],
      newYork,
    );
    expect(text.split('\r\n')).toEqual([
      CSV_COLUMNS.map((name) => `"${name}"`).join(','),
      '"2026-11-20T13:05:09-05:00","\'+13125550142","\'=cmd|"" /C calc""!A0","voicemail","66","Call me back, ""soon"""',
      '"","","","abandoned","",""',
      '',
    ]);
  });
});
