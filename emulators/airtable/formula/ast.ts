// The parsed form of a formula.
export type BinaryOp = '=' | '!=' | '<' | '>' | '<=' | '>=' | '&' | '+' | '-' | '*' | '/';

export type FormulaNode =
  | { kind: 'literal'; value: string | number }
  | { kind: 'field'; name: string }
  | { kind: 'call'; name: string; args: FormulaNode[] }
  | { kind: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode }
  | { kind: 'negate'; operand: FormulaNode };
