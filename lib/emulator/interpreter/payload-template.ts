// JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign, Credentials):
// keys ending in `.$` take their value from a path on the input (`$.x`), the context object
// (`$$.x`), a variable (`$name.x`) or an intrinsic function (`States.Format(...)`).
import { evaluateIntrinsic, isIntrinsic } from './intrinsic-functions.ts';
import { readPath } from './json-path.ts';
import { StatesError } from './states-error.ts';
import type { VariableScope } from './variable-scope.ts';

export interface PathEnv {
  input: unknown;
  context: unknown;
  scope: VariableScope;
}

/** A path that failed; the caller turns it into States.Runtime with the wording of the field. */
export class PathNotFound extends Error {
  constructor(
    readonly path: string,
    readonly jaywayMessage: string,
  ) {
    super(jaywayMessage);
    this.name = 'PathNotFound';
  }
}

/** `$name.rest` → ['name', '$.rest'] for variable references in JSONPath states. */
function variableRef(path: string): [string, string] | null {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s.exec(path);
  if (!m) return null;
  return [m[1] as string, `$${m[2] ?? ''}`];
}

/** Reads `$`, `$$` or `$var` paths; throws PathNotFound when nothing is there. */
export function readReference(path: string, env: PathEnv): unknown {
  let data: unknown;
  let rel: string;
  if (path.startsWith('$$')) {
    data = env.context;
    rel = path.slice(1);
  } else if (path === '$' || path.startsWith('$.') || path.startsWith('$[')) {
    data = env.input;
    rel = path;
  } else {
    const v = variableRef(path);
    if (!v) throw new PathNotFound(path, `Invalid path '${path}'`);
    if (!env.scope.has(v[0])) throw new PathNotFound(path, `Invalid path '${path}' : The variable '${v[0]}' is not defined`);
    data = env.scope.get(v[0]);
    rel = v[1];
  }
  const r = readPath(data, rel);
  if (!r.found) throw new PathNotFound(path, r.message);
  return r.value;
}

/** Evaluates the value of a `.$` key: a path or an intrinsic function. */
export function evaluatePathExpression(expr: string, env: PathEnv): unknown {
  if (isIntrinsic(expr)) return evaluateIntrinsic(expr, (p) => readReference(p, env));
  return readReference(expr, env);
}

function inputText(env: PathEnv): string {
  return JSON.stringify(env.input);
}

/**
 * Resolves a payload template. Missing paths raise States.Runtime with AWS's cause (without the
 * state prefix, which the runner adds): "The JSONPath '$.x' specified for the field 'k.$' could
 * not be found in the input '<input>'".
 */
export function resolvePayload(template: unknown, env: PathEnv): unknown {
  if (Array.isArray(template)) return template.map((t) => resolvePayload(t, env));
  if (template === null || typeof template !== 'object') return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      try {
        out[key.slice(0, -2)] = evaluatePathExpression(value, env);
      } catch (e) {
        if (e instanceof PathNotFound) {
          throw new StatesError(
            'States.Runtime',
            `The JSONPath '${value}' specified for the field '${key}' could not be found in the input '${inputText(env)}'`,
          );
        }
        throw e;
      }
    } else {
      out[key] = resolvePayload(value, env);
    }
  }
  return out;
}
