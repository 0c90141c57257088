// Splits an Airtable formula into tokens. Anything it does not recognise is a syntax
// error, which the API reports as INVALID_FILTER_BY_FORMULA.
import { FormulaSyntaxError } from './errors';

export type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'field'; name: string; at: number }
  | { kind: 'identifier'; name: string; at: number }
  | { kind: 'operator'; op: string; at: number }
  | { kind: 'punct'; char: '(' | ')' | ','; at: number }
  | { kind: 'end'; at: number };

const OPERATORS = ['!=', '<=', '>=', '=', '<', '>', '&', '+', '-', '*', '/'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const char = source[i];
    if (char === quote) return { value, end: i + 1 };
    if (char === '\\' && i + 1 < source.length) {
      // Any escaped character stands for itself, so \' \" and \\ never end the literal.
      value += ESCAPES[source[i + 1]] ?? source[i + 1];
      i += 2;
      continue;
    }
    value += char;
    i += 1;
  }
  throw new FormulaSyntaxError(`Unterminated string starting at ${start}`);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '"' || char === "'") {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', value, at: i });
      i = end;
    } else if (char === '{') {
      const close = source.indexOf('}', i + 1);
      if (close === -1) throw new FormulaSyntaxError(`Unterminated field reference at ${i}`);
      tokens.push({ kind: 'field', name: source.slice(i + 1, close), at: i });
      i = close + 1;
    } else if (/[0-9.]/.test(char)) {
      const match = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(source.slice(i));
      if (!match) throw new FormulaSyntaxError(`Unexpected "." at ${i}`);
      tokens.push({ kind: 'number', value: Number(match[0]), at: i });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(char)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
      tokens.push({ kind: 'identifier', name, at: i });
      i += name.length;
    } else if (char === '(' || char === ')' || char === ',') {
      tokens.push({ kind: 'punct', char, at: i });
      i += 1;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
      if (!op) throw new FormulaSyntaxError(`Unexpected character ${JSON.stringify(char)} at ${i}`);
      tokens.push({ kind: 'operator', op, at: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}
