// The Airtable functions a call-log filter needs. Names are case-insensitive, as in Airtable.
import { FormulaError, type FormulaValue, isError, isTruthy, type PlainValue, toDate, toNumber, toText } from './values';

export interface FunctionContext {
  recordId: string;
}

export interface FormulaFunction {
  minArgs: number;
  maxArgs: number;
  call(args: PlainValue[], context: FunctionContext): FormulaValue;
}

const UNLIMITED = Number.POSITIVE_INFINITY;

/** IS_SAME units, each mapped to the start of the period that contains a date (UTC). */
const PERIOD_START: Record<string, (d: Date) => number> = {
  millisecond: (d) => d.getTime(),
  second: (d) => Math.floor(d.getTime() / 1000) * 1000,
  minute: (d) => Math.floor(d.getTime() / 60_000) * 60_000,
  hour: (d) => Math.floor(d.getTime() / 3_600_000) * 3_600_000,
  day: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
  week: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay()),
  month: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth()),
  quarter: (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (d.getUTCMonth() % 3)),
  year: (d) => Date.UTC(d.getUTCFullYear(), 0),
};

/** Applies a test to two dates; a blank date makes it FALSE(), an unreadable one an error. */
function withDates(a: PlainValue, b: PlainValue, test: (a: Date, b: Date) => FormulaValue): FormulaValue {
  const left = toDate(a);
  const right = toDate(b);
  if (isError(left)) return left;
  if (isError(right)) return right;
  return left && right ? test(left, right) : false;
}

function dateTest(test: (a: Date, b: Date) => boolean): FormulaFunction {
  return { minArgs: 2, maxArgs: 2, call: ([a, b]) => withDates(a, b, test) };
}

function find(ignoreCase: boolean, notFound: FormulaValue): FormulaFunction {
  return {
    minArgs: 2,
    maxArgs: 3,
    call: ([needle, haystack, start]) => {
      const from = start === undefined ? 1 : toNumber(start);
      if (isError(from)) return from;
      const fold = (value: PlainValue) => (ignoreCase ? toText(value).toLowerCase() : toText(value));
      const index = fold(haystack).indexOf(fold(needle), Math.max(0, from - 1));
      return index === -1 ? notFound : index + 1;
    },
  };
}

function text(transform: (value: string) => FormulaValue): FormulaFunction {
  return { minArgs: 1, maxArgs: 1, call: ([value]) => transform(toText(value)) };
}

function constant(value: FormulaValue): FormulaFunction {
  return { minArgs: 0, maxArgs: 0, call: () => value };
}

const FUNCTIONS: Record<string, FormulaFunction> = {
  AND: { minArgs: 1, maxArgs: UNLIMITED, call: (args) => args.every(isTruthy) },
  OR: { minArgs: 1, maxArgs: UNLIMITED, call: (args) => args.some(isTruthy) },
  NOT: { minArgs: 1, maxArgs: 1, call: ([value]) => !isTruthy(value) },
  IF: { minArgs: 2, maxArgs: 3, call: ([test, then, otherwise]) => (isTruthy(test) ? then : (otherwise ?? null)) },
  // FIND answers 0 when the needle is absent; SEARCH answers blank.
  FIND: find(false, 0),
  SEARCH: find(true, null),
  LOWER: text((value) => value.toLowerCase()),
  UPPER: text((value) => value.toUpperCase()),
  LEN: text((value) => value.length),
  TRIM: text((value) => value.trim()),
  CONCATENATE: { minArgs: 1, maxArgs: UNLIMITED, call: (args) => args.map(toText).join('') },
  VALUE: text((value) => {
    // Airtable ignores currency signs and thousands separators.
    const parsed = Number(value.replace(/[$,\s]/g, ''));
    return value.trim() !== '' && Number.isFinite(parsed) ? parsed : new FormulaError(`VALUE(${JSON.stringify(value)})`);
  }),
  IS_AFTER: dateTest((a, b) => a.getTime() > b.getTime()),
  IS_BEFORE: dateTest((a, b) => a.getTime() < b.getTime()),
  IS_SAME: {
    minArgs: 2,
    maxArgs: 3,
    call: ([a, b, unit]) => {
      const unitName = unit === undefined ? 'millisecond' : toText(unit).toLowerCase().replace(/s$/, '');
      const start = Object.hasOwn(PERIOD_START, unitName) ? PERIOD_START[unitName] : undefined;
      if (!start) return new FormulaError(`Unknown unit ${JSON.stringify(unit)}`);
      return withDates(a, b, (left, right) => start(left) === start(right));
    },
  },
  DATETIME_PARSE: { minArgs: 1, maxArgs: 1, call: ([value]) => toDate(value) },
  RECORD_ID: { minArgs: 0, maxArgs: 0, call: (_args, context) => context.recordId },
  TRUE: constant(true),
  FALSE: constant(false),
  BLANK: constant(null),
};

export function lookupFunction(name: string): FormulaFunction | undefined {
  return Object.hasOwn(FUNCTIONS, name.toUpperCase()) ? FUNCTIONS[name.toUpperCase()] : undefined;
}

/** Applies a function, letting any error among its arguments win, as Airtable does. */
export function callFunction(fn: FormulaFunction, args: FormulaValue[], context: FunctionContext): FormulaValue {
  const plain: PlainValue[] = [];
  for (const arg of args) {
    if (isError(arg)) return arg;
    plain.push(arg);
  }
  return fn.call(plain, context);
}
