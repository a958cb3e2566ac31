// JSONPath Choice rules: comparison operators (and their *Path forms), type tests (IsNull,
// IsPresent, ...), StringMatches wildcards and the And / Or / Not combinators.
import { compareInstants, parseIsoInstant, parseIsoTimestamp } from './iso-timestamp.ts';
import { readReference, PathNotFound, type PathEnv } from './payload-template.ts';

export type ChoiceRule = Record<string, unknown>;

const OPERATORS = [
  'StringEquals', 'StringLessThan', 'StringGreaterThan', 'StringLessThanEquals', 'StringGreaterThanEquals', 'StringMatches',
  'NumericEquals', 'NumericLessThan', 'NumericGreaterThan', 'NumericLessThanEquals', 'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals', 'TimestampLessThan', 'TimestampGreaterThan', 'TimestampLessThanEquals', 'TimestampGreaterThanEquals',
  'IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp',
] as const;

/** Raised when a rule's Variable (or a *Path operand) points nowhere. */
export class ChoicePathError extends Error {}

export function evaluateRule(rule: ChoiceRule, env: PathEnv): boolean {
  if (Array.isArray(rule.And)) return (rule.And as ChoiceRule[]).every((r) => evaluateRule(r, env));
  if (Array.isArray(rule.Or)) return (rule.Or as ChoiceRule[]).some((r) => evaluateRule(r, env));
  if (rule.Not !== undefined) return !evaluateRule(rule.Not as ChoiceRule, env);
  const variable = rule.Variable;
  if (typeof variable !== 'string') return false;
  let present = true;
  let value: unknown;
  try {
    value = readReference(variable, env);
  } catch (e) {
    if (!(e instanceof PathNotFound)) throw e;
    present = false;
  }
  for (const op of OPERATORS) {
    if (rule[op] !== undefined) return compare(op, value, present, rule[op], env, variable);
    const pathOperand = rule[`${op}Path`];
    if (typeof pathOperand === 'string') {
      let other: unknown;
      try {
        other = readReference(pathOperand, env);
      } catch (e) {
        if (e instanceof PathNotFound) throw new ChoicePathError(`Invalid path '${pathOperand}' : ${e.jaywayMessage}`);
        throw e;
      }
      return compare(op, value, present, other, env, variable);
    }
  }
  return false;
}

function compare(op: (typeof OPERATORS)[number], value: unknown, present: boolean, operand: unknown, _env: PathEnv, variable: string): boolean {
  if (op === 'IsPresent') return present === operand;
  if (!present) throw new ChoicePathError(`Invalid path '${variable}' : No results for path: ${variable}`);
  switch (op) {
    case 'IsNull':
      return (value === null) === operand;
    case 'IsNumeric':
      return (typeof value === 'number') === operand;
    case 'IsString':
      return (typeof value === 'string') === operand;
    case 'IsBoolean':
      return (typeof value === 'boolean') === operand;
    case 'IsTimestamp':
      return (parseIsoTimestamp(value) !== null) === operand;
    case 'BooleanEquals':
      return typeof value === 'boolean' && value === operand;
    case 'StringMatches':
      return typeof value === 'string' && typeof operand === 'string' && wildcardMatch(operand, value);
    default:
      break;
  }
  if (op.startsWith('String')) {
    if (typeof value !== 'string' || typeof operand !== 'string') return false;
    return ordered(op.slice('String'.length), value < operand ? -1 : value > operand ? 1 : 0);
  }
  if (op.startsWith('Numeric')) {
    if (typeof value !== 'number' || typeof operand !== 'number') return false;
    return ordered(op.slice('Numeric'.length), Math.sign(value - operand));
  }
  const a = parseIsoInstant(value);
  const b = parseIsoInstant(operand);
  if (a === null || b === null) return false;
  return ordered(op.slice('Timestamp'.length), compareInstants(a, b));
}

function ordered(kind: string, cmp: number): boolean {
  switch (kind) {
    case 'Equals':
      return cmp === 0;
    case 'LessThan':
      return cmp < 0;
    case 'GreaterThan':
      return cmp > 0;
    case 'LessThanEquals':
      return cmp <= 0;
    case 'GreaterThanEquals':
      return cmp >= 0;
    default:
      return false;
  }
}

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are literal. */
export function wildcardMatch(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRe(pattern[i + 1] as string);
      i += 1;
    } else if (c === '*') re += '[\\s\\S]*';
    else re += escapeRe(c);
  }
  return new RegExp(`${re}$`).test(text);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
