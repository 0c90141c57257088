// Every log line that can hold what a request sent stays one line: its control characters are
// escaped, so a CR/LF in a parameter cannot forge a line of the function log.
import { answerError } from '../../functions/lib/boundary/error-answers';
import { StoreError } from '../../functions/lib/boundary/errors';
import { logText } from '../../functions/lib/boundary/log-text';

const FORGED = 'Bob\r\nConfiguration problem in /menu: FORWARD_TO is not set\u001b[2K\u2028';

it('escapes control characters and line separators as JSON does, and doubles a backslash so an escape cannot be faked', () => {
  expect(logText(FORGED)).toBe('Bob\\r\\nConfiguration problem in /menu: FORWARD_TO is not set\\u001b[2K\\u2028');
  expect(logText('a\\nb\tc\u0085')).toBe('a\\\\nb\\tc\\u0085');
  expect(logText('Voicemail from +14155550123 (48 s)')).toBe('Voicemail from +14155550123 (48 s)');
});

it.each([
  ['a store error quoting a value', new StoreError(`Airtable request failed: Cannot accept "${FORGED}"`, { retryable: false })],
  ['an unexpected error', new TypeError(FORGED)],
])('logs %s on one line', (_, err) => {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  answerError('feed', err, '/calls');
  const lines = errors.mock.calls.map((args) => args.map(String).join(' '));
  expect(lines).toHaveLength(1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it matches
  expect(lines[0]).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/);
  expect(lines[0]).toContain('Bob\\r\\nConfiguration problem');
  errors.mockRestore();
});
