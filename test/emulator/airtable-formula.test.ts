// The emulator's filterByFormula engine on its own: Airtable's semantics for the subset
// a call-log filter uses, and no input that can make it throw anything but a syntax error.
import { FormulaSyntaxError, UnknownFormulaFieldError } from '../../emulators/airtable/formula/errors';
import { compileFilter } from '../../emulators/airtable/formula/filter';
import type { StoredRecord, StoredTable } from '../../emulators/airtable/types';

const table: StoredTable = {
  id: 'tblFormulaTest001',
  name: 'T',
  viewId: 'viwFormulaTest001',
  records: [],
  fields: [
    { id: 'fldName0000000001', name: 'Name', type: 'singleLineText' },
    { id: 'fldN00000000000001', name: 'N', type: 'number', options: { precision: 0 } },
    { id: 'fldWhen0000000001', name: 'When', type: 'dateTime' },
    { id: 'fldDone0000000001', name: 'Done', type: 'checkbox' },
    { id: 'fldPick0000000001', name: 'Pick Me', type: 'singleSelect', options: { choices: [{ id: 'selA', name: 'a' }] } },
  ],
};

const full: StoredRecord = {
  id: 'recFull0000000001',
  createdTime: '2025-01-01T00:00:00.000Z',
  fields: { Name: "O'Brien", N: 7, When: '2025-01-15T10:30:00.000Z', Done: true, 'Pick Me': 'a' },
};
const empty: StoredRecord = { id: 'recEmpty000000001', createdTime: '2025-01-01T00:00:00.000Z', fields: {} };

const passes = (formula: string, record: StoredRecord = full) => compileFilter(formula, table)(record);

describe('formula evaluation', () => {
  it.each([
    '1 + 2 * 3 = 7',
    '(1 + 2) * 3 = 9',
    '-{N} < 0',
    'N > 1',
    "'a' & 'b' = 'ab'",
    '{N} & "" = "7"',
    "{Name} = 'O\\'Brien'",
    '{Name} = "O\'Brien"',
    "LEN('a\\\\b') = 3",
    "FIND('Bri', {Name}) = 3",
    "FIND('z', {Name}) = 0",
    "FIND('r', 'rarr', 2) = 3",
    "SEARCH('bri', {Name}) = 3",
    "SEARCH('zz', {Name}) = BLANK()",
    "LEN(TRIM('  ab ')) = 2",
    "UPPER('a') = 'A'",
    'LOWER({Name}) = "o\'brien"',
    "VALUE('$1,234.5') = 1234.5",
    "IF({N} > 5, 'big', 'small') = 'big'",
    'IF(FALSE(), 1) = BLANK()',
    "CONCATENATE('a', 1, TRUE()) = 'a11'",
    'and(1, true())',
    '{Done}',
    "{Pick Me} = 'a'",
    "RECORD_ID() = 'recFull0000000001'",
    "IS_AFTER({When}, '2025-01-15T10:29:59Z')",
    "IS_BEFORE({When}, DATETIME_PARSE('2025-01-16'))",
    "IS_SAME({When}, '2025-01-15T23:59:00Z', 'day')",
    "IS_SAME({When}, '2025-01-01', 'months')",
    "NOT(IS_SAME({When}, '2025-01-15T11:00:00Z', 'hour'))",
    "IS_SAME({When}, '2025-01-15T10:30:00.000Z')",
    "{When} = '2025-01-15T11:30:00+01:00'",
    "{When} < '2025-02-01'",
    "DATETIME_PARSE('2025-01-01') = '2025-01-01T00:00:00.000Z'",
  ])('%s is true for a filled record', (formula) => {
    expect(passes(formula)).toBe(true);
  });

  it.each([
    "{Name} = ''",
    '{Name} = BLANK()',
    '{N} = 0',
    '{N} < 1',
    'NOT({Done})',
    "{When} = ''",
    'LEN(CONCATENATE({N})) = 0',
    "FIND('x', {Name}) = 0",
  ])('%s is true for a blank record', (formula) => {
    expect(passes(formula, empty)).toBe(true);
  });

  it.each([
    "IS_AFTER({When}, '2025-01-01')",
    "IS_BEFORE({When}, '2030-01-01')",
    "{When} < '2030-01-01'",
    '{Done}',
    '{Name}',
    "SEARCH('a', {Name})",
  ])('%s is false for a blank record', (formula) => {
    expect(passes(formula, empty)).toBe(false);
  });

  it.each([
    '1 / 0',
    'NOT(1 / 0)',
    "VALUE('abc')",
    "'abc' * 2",
    "IS_AFTER('not a date', {When})",
    "IS_SAME({When}, {When}, 'fortnight')",
    'OR(TRUE(), 1/0)',
  ])('%s is an error, which filters the record out', (formula) => {
    expect(passes(formula)).toBe(false);
  });

  it('keeps an escaped quote inside the literal, so an injection attempt is just text', () => {
    const attempt = "x') , TRUE(), ('";
    const escaped = attempt.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
    expect(passes(`{Name} = '${escaped}'`)).toBe(false);
    expect(passes(`{Name} = '${escaped}'`, { ...full, fields: { Name: attempt } })).toBe(true);
  });
});

describe('formula errors', () => {
  it.each([
    "FIND('x', {Name}",
    "{Name} = 'open",
    '{Name',
    'NOPE(1)',
    'IF()',
    'NOT(1, 2)',
    'TRUE',
    '1 +',
    '{Name} # 1',
    "FIND('x') , TRUE(), ('', {Name})",
    '(1))',
    '1 2',
    'AND(1,)',
    `${'('.repeat(5000)}1${')'.repeat(5000)}`,
  ])('rejects %s as a syntax error or unknown field', (formula) => {
    expect(() => compileFilter(formula, table)).toThrow();
    try {
      compileFilter(formula, table);
    } catch (error) {
      expect(error instanceof FormulaSyntaxError || error instanceof UnknownFormulaFieldError).toBe(true);
    }
  });

  it('names the unknown fields', () => {
    expect(() => compileFilter('{Nope} = {Name} & {Other}', table)).toThrow('Unknown field names: Nope, Other');
  });

  it('never throws anything else, whatever the input', () => {
    const pieces = [
      '{Name}',
      '{N}',
      '{When}',
      '{Done}',
      "'",
      '"',
      '\\',
      '(',
      ')',
      ',',
      '=',
      '!=',
      '<',
      '>=',
      '&',
      '+',
      '-',
      '*',
      '/',
      '1',
      '0',
      '.5',
      'AND(',
      'OR(',
      'NOT(',
      'IF(',
      'FIND(',
      'SEARCH(',
      'IS_SAME(',
      'DATETIME_PARSE(',
      'VALUE(',
      'BLANK()',
      'TRUE()',
      "'2025-01-01'",
      ' ',
      '{',
      '}',
      'x',
    ];
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(random() * 12);
      const formula = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      let filter: ((record: StoredRecord) => boolean) | undefined;
      try {
        filter = compileFilter(formula, table);
      } catch (error) {
        if (!(error instanceof FormulaSyntaxError || error instanceof UnknownFormulaFieldError)) throw error;
      }
      if (filter) {
        parsed += 1;
        expect(typeof filter(full)).toBe('boolean');
        expect(typeof filter(empty)).toBe('boolean');
      }
    }
    expect(parsed).toBeGreaterThan(50);
  });
});
