// JSONata evaluation as Step Functions does it: `{% expr %}` strings inside Arguments, Output,
// Assign, Items, Condition, ... evaluated with `$states` ({input, result, errorOutput, context})
// and the workflow variables bound, plus AWS's extra functions ($partition, $range, $hash,
// $random, $uuid, $parse). An expression that yields nothing is an error (States.QueryEvaluationError).
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { StatesError } from './states-error.ts';
import type { VariableScope } from './variable-scope.ts';

export interface JsonataBindings {
  states: Record<string, unknown>;
  scope: VariableScope;
}

/** Raised for JSONata failures; the runner emits EvaluationFailed with `location` before failing. */
export class QueryEvaluationError extends StatesError {
  readonly location: string | undefined;
  constructor(cause: string, location?: string) {
    super('States.QueryEvaluationError', cause);
    this.location = location;
  }
}

const compiled = new Map<string, jsonata.Expression>();

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function compile(expr: string): jsonata.Expression {
  let e = compiled.get(expr);
  if (e) return e;
  e = jsonata(expr);
  e.registerFunction('partition', (arr: unknown[], size: number) => {
    const out: unknown[][] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  });
  e.registerFunction('range', (start: number, end: number, step: number) => {
    const out: number[] = [];
    if (step === 0) return out;
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
    return out;
  });
  e.registerFunction('hash', (data: unknown, algo: string) => {
    const name = HASHES[algo];
    if (!name) throw new Error(`unsupported hash algorithm '${algo}'`);
    return createHash(name).update(typeof data === 'string' ? data : JSON.stringify(data), 'utf8').digest('hex');
  });
  e.registerFunction('random', (seed?: number) => {
    if (seed === undefined) return Math.random();
    let t = (seed + 0x6d2b79f5) | 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  });
  e.registerFunction('uuid', () => randomUUID());
  e.registerFunction('parse', (text: string) => JSON.parse(text) as unknown);
  if (compiled.size > 2000) compiled.clear();
  compiled.set(expr, e);
  return e;
}

const TEMPLATE = /^\{%([\s\S]*)%\}$/;

export function isJsonataTemplate(value: unknown): value is string {
  return typeof value === 'string' && TEMPLATE.test(value);
}

function expressionOf(template: string): string {
  return (TEMPLATE.exec(template)?.[1] ?? '').trim();
}

/** jsonata returns arrays with a `sequence` flag and may return functions: make plain JSON. */
function toJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (typeof value === 'function') throw new Error('function');
  if (Array.isArray(value)) return value.map((v) => toJson(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const j = toJson(v);
      if (j !== undefined) out[k] = j;
    }
    return out;
  }
  return value;
}

/** Evaluates one `{% expr %}` string. `field` names where it sits (e.g. `Output/result`). */
export async function evaluateExpression(template: string, bindings: JsonataBindings, field: string): Promise<unknown> {
  const expr = expressionOf(template);
  let raw: unknown;
  try {
    const vars = bindings.scope.flatten({});
    vars.states = bindings.states;
    raw = await compile(expr).evaluate(bindings.states.input, vars);
  } catch (e) {
    const err = e as { message?: string; code?: string };
    throw new QueryEvaluationError(
      `The JSONata expression '${expr}' specified for the field '${field}' threw an error during evaluation. ${err.message ?? String(e)}`,
      field,
    );
  }
  if (raw === undefined) {
    throw new QueryEvaluationError(`The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`, field);
  }
  try {
    return toJson(raw);
  } catch {
    throw new QueryEvaluationError(`The JSONata expression '${expr}' specified for the field '${field}' returned an unsupported result type.`, field);
  }
}

/** Evaluates every `{% %}` string inside a value (objects and arrays recursively). */
export async function evaluateTemplate(value: unknown, bindings: JsonataBindings, field: string): Promise<unknown> {
  if (typeof value === 'string') return isJsonataTemplate(value) ? evaluateExpression(value, bindings, field) : value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i += 1) out.push(await evaluateTemplate(value[i], bindings, `${field}[${i}]`));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = await evaluateTemplate(v, bindings, `${field}/${k}`);
    return out;
  }
  return value;
}

