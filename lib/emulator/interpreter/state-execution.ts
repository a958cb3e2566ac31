// One state being executed (one entry into it, retries included), and the input/output
// processing every state type shares:
// JSONPath (InputPath → Parameters → result → ResultSelector → ResultPath → OutputPath, Assign)
// and JSONata (Arguments → result → Output, Assign, with $states bound).
// Not lib/history's StateRun (the analysed record of an entry): this is the interpreter's live view.
import type { ExecutionContext, Lane } from './execution-context.ts';
import { evaluateTemplate, type JsonataBindings } from './jsonata-eval.ts';
import { readPath, writePath } from './json-path.ts';
import type { AslState, QueryLanguage } from './machine-def.ts';
import type { StateResume } from './redrive.ts';
import { PathNotFound, readReference, resolvePayload, type PathEnv } from './payload-template.ts';
import { runtimeError } from './states-error.ts';
import type { VariableScope } from './variable-scope.ts';

export interface StateExecution {
  exec: ExecutionContext;
  lane: Lane;
  name: string;
  state: AslState;
  input: unknown;
  enteredId: number;
  /** previousEventId of the Entered event: EvaluationFailed links there, not to Entered. */
  enteredPrev: number;
  enteredTime: string;
  ql: QueryLanguage;
  scope: VariableScope;
  retryCount: number;
  /** Context object Map.Item of the enclosing iteration, if any. */
  mapItem?: { Index: number; Value: unknown };
  /** RedriveExecution: the earlier attempt of this state (Map/Parallel keep what succeeded). */
  resume?: StateResume;
}

export interface StateResult {
  output: unknown;
  /** Name of the next state; null ends this lane's machine. */
  next: string | null;
  /** Variables assigned by the state (already evaluated, applied by the runner). */
  assigned?: Record<string, unknown>;
}

export function contextObject(run: StateExecution, extra?: Record<string, unknown>): Record<string, unknown> {
  const exec = run.exec;
  const ctx: Record<string, unknown> = {
    Execution: {
      Id: exec.request.executionArn,
      Input: exec.input,
      Name: exec.executionName,
      RoleArn: exec.request.roleArn,
      StartTime: exec.startTime,
      RedriveCount: exec.redriveCount,
      ...(exec.redriveTime !== undefined ? { RedriveTime: exec.redriveTime } : {}),
    },
    StateMachine: { Id: exec.request.stateMachineArn, Name: exec.stateMachineName },
    State: { Name: run.name, EnteredTime: run.enteredTime, RetryCount: run.retryCount },
  };
  if (run.mapItem) ctx.Map = { Item: run.mapItem };
  return extra ? { ...ctx, ...extra } : ctx;
}

export function pathEnv(run: StateExecution, input: unknown, extraContext?: Record<string, unknown>): PathEnv {
  return { input, context: contextObject(run, extraContext), scope: run.scope };
}

export function nextOf(state: AslState): string | null {
  return state.End === true || typeof state.Next !== 'string' ? null : state.Next;
}

// ---- JSONPath -------------------------------------------------------------------------------

/** InputPath (null → {}); a missing path is States.Runtime "Invalid path ... : No results for path". */
export function applyInputPath(run: StateExecution, input: unknown): unknown {
  const path = run.state.InputPath;
  if (path === undefined) return input;
  if (path === null) return {};
  return readOrRuntime(run, input, String(path));
}

export function applyOutputPath(run: StateExecution, output: unknown): unknown {
  const path = run.state.OutputPath;
  if (path === undefined) return output;
  if (path === null) return {};
  return readOrRuntime(run, output, String(path));
}

function readOrRuntime(run: StateExecution, data: unknown, path: string): unknown {
  try {
    if (path.startsWith('$$') || /^\$[A-Za-z_]/.test(path)) return readReference(path, { input: data, context: contextObject(run), scope: run.scope });
    const r = readPath(data, path);
    if (!r.found) throw new PathNotFound(path, r.message);
    return r.value;
  } catch (e) {
    if (e instanceof PathNotFound) throw runtimeError(run.name, run.enteredId, `Invalid path '${path}' : ${stripInvalid(e.jaywayMessage)}`);
    throw e;
  }
}

/** Reads a *Path field's path: on `data` for `$…`, the context for `$$…`, a variable for `$name…`. */
export function readStatePath(run: StateExecution, data: unknown, path: string): { found: true; value: unknown } | { found: false; message: string } {
  try {
    return { found: true, value: readReference(path, { input: data, context: contextObject(run), scope: run.scope }) };
  } catch (e) {
    if (e instanceof PathNotFound) return { found: false, message: stripInvalid(e.jaywayMessage) };
    throw e;
  }
}

function stripInvalid(message: string): string {
  return message.replace(/^Invalid path '[^']*' : /, '');
}

export function applyTemplate(run: StateExecution, template: unknown, input: unknown, extraContext?: Record<string, unknown>): unknown {
  return resolvePayload(template, pathEnv(run, input, extraContext));
}

/** ResultPath: null keeps the input, `$` replaces it, `$.x` merges the result into a copy. */
export function applyResultPath(run: StateExecution, rawInput: unknown, result: unknown, path: unknown): unknown {
  if (path === undefined || path === '$') return result;
  if (path === null) return rawInput;
  const w = writePath(rawInput, String(path), result);
  if (!w.ok) throw runtimeError(run.name, run.enteredId, w.message);
  return w.value;
}

/** Assign in a JSONPath state: a payload template over `$` = the state's result. */
export function jsonPathAssign(run: StateExecution, assign: unknown, value: unknown): Record<string, unknown> | undefined {
  if (assign === undefined || assign === null) return undefined;
  return resolvePayload(assign, pathEnv(run, value)) as Record<string, unknown>;
}

/**
 * The tail of a JSONPath state: ResultSelector, Assign, ResultPath, OutputPath.
 * `rawInput` is the state's input before InputPath (ResultPath merges into it).
 */
export function finishJsonPath(run: StateExecution, rawInput: unknown, result: unknown, opts: { selector: boolean }): { output: unknown; assigned?: Record<string, unknown> } {
  const s = run.state;
  let selected = result;
  if (opts.selector && s.ResultSelector !== undefined) selected = applyTemplate(run, s.ResultSelector, result);
  const assigned = jsonPathAssign(run, s.Assign, selected);
  const merged = applyResultPath(run, rawInput, selected, s.ResultPath);
  const output = applyOutputPath(run, merged);
  return assigned ? { output, assigned } : { output };
}

// ---- JSONata --------------------------------------------------------------------------------

export function jsonataBindings(run: StateExecution, extra: { result?: unknown; errorOutput?: unknown; context?: Record<string, unknown> } = {}): JsonataBindings {
  const states: Record<string, unknown> = { input: run.input, context: contextObject(run, extra.context) };
  if (extra.result !== undefined) states.result = extra.result;
  if (extra.errorOutput !== undefined) states.errorOutput = extra.errorOutput;
  return { states, scope: run.scope };
}

/** Assign then Output (both see the variables as they were before the state). */
export async function finishJsonata(
  run: StateExecution,
  fallback: unknown,
  bindings: JsonataBindings,
  source: { Output?: unknown; Assign?: unknown } = { Output: run.state.Output, Assign: run.state.Assign },
): Promise<{ output: unknown; assigned?: Record<string, unknown> }> {
  let assigned: Record<string, unknown> | undefined;
  if (source.Assign !== undefined && source.Assign !== null) {
    assigned = (await evaluateTemplate(source.Assign, bindings, 'Assign')) as Record<string, unknown>;
  }
  const output = source.Output === undefined ? fallback : await evaluateTemplate(source.Output, bindings, 'Output');
  return assigned ? { output, assigned } : { output };
}

