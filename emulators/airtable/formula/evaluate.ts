// Evaluates a parsed formula against one record.
import type { BinaryOp, FormulaNode } from './ast';
import { callFunction, type FunctionContext, lookupFunction } from './functions';
import { compareValues, FormulaError, type FormulaValue, isError, type PlainValue, toNumber, toText, valuesEqual } from './values';

export interface EvaluationContext extends FunctionContext {
  fieldValue(name: string): PlainValue;
}

function arithmetic(op: '+' | '-' | '*' | '/', a: PlainValue, b: PlainValue): FormulaValue {
  const left = toNumber(a);
  const right = toNumber(b);
  if (isError(left)) return left;
  if (isError(right)) return right;
  if (op === '/' && right === 0) return new FormulaError('Division by zero');
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    default:
      return left / right;
  }
}

function ordered(op: '<' | '>' | '<=' | '>=', a: PlainValue, b: PlainValue): boolean {
  const order = compareValues(a, b);
  if (order === undefined) return false;
  switch (op) {
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    default:
      return order >= 0;
  }
}

function binary(op: BinaryOp, a: FormulaValue, b: FormulaValue): FormulaValue {
  if (isError(a)) return a;
  if (isError(b)) return b;
  switch (op) {
    case '=':
      return valuesEqual(a, b);
    case '!=':
      return !valuesEqual(a, b);
    case '&':
      return toText(a) + toText(b);
    case '+':
    case '-':
    case '*':
    case '/':
      return arithmetic(op, a, b);
    default:
      return ordered(op, a, b);
  }
}

export function evaluate(node: FormulaNode, context: EvaluationContext): FormulaValue {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'field':
      return context.fieldValue(node.name);
    case 'negate': {
      const value = evaluate(node.operand, context);
      if (isError(value)) return value;
      const number = toNumber(value);
      return isError(number) ? number : -number;
    }
    case 'binary':
      return binary(node.op, evaluate(node.left, context), evaluate(node.right, context));
    case 'call':
      // The parser only builds calls to known functions.
      return callFunction(
        lookupFunction(node.name)!,
        node.args.map((arg) => evaluate(arg, context)),
        context,
      );
  }
}
