// Recursive-descent parser with Excel's precedence (comparison < & < + - < * / < unary -).
// Function names and argument counts are checked here so that a formula Airtable would
// reject never reaches evaluation.
import type { BinaryOp, FormulaNode } from './ast';
import { FormulaSyntaxError } from './errors';
import { lookupFunction } from './functions';
import { type Token, tokenize } from './lexer';

/** Deep enough for any real filter, shallow enough that recursion cannot overflow the stack. */
const MAX_DEPTH = 100;

const LEVELS: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['=', '!=', '<', '>', '<=', '>=']),
  new Set(['&']),
  new Set(['+', '-']),
  new Set(['*', '/']),
];

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseFormula(): FormulaNode {
    const node = this.expression(0);
    const next = this.peek();
    if (next.kind !== 'end') throw new FormulaSyntaxError(`Unexpected token at ${next.at}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private advance(): Token {
    return this.tokens[this.position++];
  }

  private isPunct(char: '(' | ')' | ','): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.char === char;
  }

  private expect(char: '(' | ')'): void {
    if (!this.isPunct(char)) throw new FormulaSyntaxError(`Expected "${char}" at ${this.peek().at}`);
    this.advance();
  }

  private expression(level: number): FormulaNode {
    if (level === LEVELS.length) return this.unary();
    let left = this.expression(level + 1);
    for (let token = this.peek(); token.kind === 'operator' && LEVELS[level].has(token.op); token = this.peek()) {
      this.advance();
      left = { kind: 'binary', op: token.op as BinaryOp, left, right: this.expression(level + 1) };
    }
    return left;
  }

  private unary(): FormulaNode {
    if (++this.depth > MAX_DEPTH) throw new FormulaSyntaxError('Formula is nested too deeply');
    try {
      const token = this.peek();
      if (token.kind === 'operator' && token.op === '-') {
        this.advance();
        return { kind: 'negate', operand: this.unary() };
      }
      return this.primary();
    } finally {
      this.depth -= 1;
    }
  }

  private primary(): FormulaNode {
    const token = this.advance();
    switch (token.kind) {
      case 'number':
      case 'string':
        return { kind: 'literal', value: token.value };
      case 'field':
        return { kind: 'field', name: token.name };
      case 'identifier':
        // A bare word is a field name unless a call follows, as in Airtable.
        return this.isPunct('(') ? this.call(token.name, token.at) : { kind: 'field', name: token.name };
      case 'punct':
        if (token.char === '(') {
          const inner = this.expression(0);
          this.expect(')');
          return inner;
        }
        break;
      default:
        break;
    }
    throw new FormulaSyntaxError(`Unexpected token at ${token.at}`);
  }

  private call(name: string, at: number): FormulaNode {
    const fn = lookupFunction(name);
    if (!fn) throw new FormulaSyntaxError(`Unknown function ${name} at ${at}`);
    this.expect('(');
    const args: FormulaNode[] = [];
    if (!this.isPunct(')')) {
      args.push(this.expression(0));
      while (this.isPunct(',')) {
        this.advance();
        args.push(this.expression(0));
      }
    }
    this.expect(')');
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      throw new FormulaSyntaxError(`Wrong number of arguments to ${name.toUpperCase()} at ${at}`);
    }
    return { kind: 'call', name: name.toUpperCase(), args };
  }
}

export function parseFormula(source: string): FormulaNode {
  return new Parser(tokenize(source)).parseFormula();
}
