// Definition checks for CreateStateMachine / ValidateStateMachineDefinition. Structural errors
// that make a definition unrunnable fail it (InvalidDefinition); asl-validator's other findings
// are only diagnostics, because it rejects definitions AWS accepts and runs (DESIGN.md §3).
import { createRequire } from 'node:module';

export interface DefinitionDiagnostic {
  message: string;
  path?: string;
}

export interface DefinitionValidation {
  ok: boolean;
  /** Structural errors first (each one fails the definition), then asl-validator's warnings. */
  diagnostics: DefinitionDiagnostic[];
}

type AslValidator = (definition: unknown, opts?: { checkPaths?: boolean; checkArn?: boolean }) => {
  isValid: boolean;
  errors: Array<{ Message?: string; message?: string; path?: string; 'Error code'?: string }>;
};

const require = createRequire(import.meta.url);
let validator: AslValidator | null = null;
function aslValidator(): AslValidator | null {
  if (validator) return validator;
  try {
    validator = require('asl-validator') as AslValidator;
  } catch {
    validator = null;
  }
  return validator;
}

const STATE_TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Longest Wait Seconds the schema allows (99999999 s). */
const MAX_WAIT_SECONDS = 99_999_999;

type QueryLanguage = 'JSONPath' | 'JSONata';

function ql(node: Record<string, unknown>, inherited: QueryLanguage): QueryLanguage {
  return node.QueryLanguage === 'JSONata' || node.QueryLanguage === 'JSONPath' ? node.QueryLanguage : inherited;
}

/**
 * A Wait's Seconds is an integer from 0 to 99999999 (in JSONata also a `{% %}` expression):
 * CreateStateMachine refuses anything else, e.g. "10" as a string, rather than waiting 0 s.
 */
function checkWait(name: string, state: Record<string, unknown>, lang: QueryLanguage, at: string, out: DefinitionDiagnostic[]): void {
  const seconds = state.Seconds;
  if (seconds === undefined) return;
  if (lang === 'JSONata' && typeof seconds === 'string' && /^\{%[\s\S]*%\}$/.test(seconds.trim())) return;
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_WAIT_SECONDS) {
    const got = typeof seconds === 'string' ? `the string ${JSON.stringify(seconds)}` : JSON.stringify(seconds);
    out.push({ message: `SCHEMA_VALIDATION_FAILED: Wait state '${name}': Seconds must be an integer from 0 to ${MAX_WAIT_SECONDS}${lang === 'JSONata' ? ' or a JSONata expression' : ''}, got ${got}.`, path: `${at}.Seconds` });
  }
}

function checkMachine(machine: unknown, path: string, out: DefinitionDiagnostic[], inheritedQl: QueryLanguage = 'JSONPath'): void {
  if (!isObject(machine)) {
    out.push({ message: 'The state machine must be a JSON object.', path });
    return;
  }
  const states = machine.States;
  const machineQl = ql(machine, inheritedQl);
  if (typeof machine.StartAt !== 'string') out.push({ message: "Missing required field 'StartAt'.", path });
  if (!isObject(states) || Object.keys(states).length === 0) {
    out.push({ message: "Missing required field 'States' (it must hold at least one state).", path });
    return;
  }
  if (typeof machine.StartAt === 'string' && !Object.hasOwn(states, machine.StartAt)) {
    out.push({ message: `MISSING_TRANSITION_TARGET: StartAt '${machine.StartAt}' does not name a state.`, path: `${path}.StartAt` });
  }
  let terminal = false;
  for (const [name, state] of Object.entries(states)) {
    const at = `${path}.States.${name}`;
    if (name.length > 80) out.push({ message: `State name '${name.slice(0, 20)}…' is longer than 80 characters.`, path: at });
    if (!isObject(state)) {
      out.push({ message: `State '${name}' must be an object.`, path: at });
      continue;
    }
    const type = state.Type;
    if (typeof type !== 'string' || !STATE_TYPES.has(type)) {
      out.push({ message: `State '${name}' has an invalid Type ${JSON.stringify(type)}.`, path: `${at}.Type` });
      continue;
    }
    const targets: string[] = [];
    if (typeof state.Next === 'string') targets.push(state.Next);
    if (typeof state.Default === 'string') targets.push(state.Default);
    for (const c of [...((state.Choices as unknown[]) ?? []), ...((state.Catch as unknown[]) ?? [])]) {
      if (isObject(c) && typeof c.Next === 'string') targets.push(c.Next);
    }
    for (const t of targets) {
      if (!Object.hasOwn(states, t)) out.push({ message: `MISSING_TRANSITION_TARGET: State '${name}' transitions to '${t}', which does not exist.`, path: at });
    }
    if (type === 'Succeed' || type === 'Fail' || state.End === true) terminal = true;
    if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail' && state.End !== true && typeof state.Next !== 'string') {
      out.push({ message: `State '${name}' needs either 'Next' or 'End': true.`, path: at });
    }
    if (type === 'Choice' && (!Array.isArray(state.Choices) || state.Choices.length === 0)) {
      out.push({ message: `Choice state '${name}' needs a non-empty 'Choices' array.`, path: at });
    }
    if (type === 'Wait') checkWait(name, state, ql(state, machineQl), at, out);
    if (type === 'Task' && typeof state.Resource !== 'string') out.push({ message: `Task state '${name}' is missing 'Resource'.`, path: at });
    if (type === 'Parallel') {
      if (!Array.isArray(state.Branches) || state.Branches.length === 0) out.push({ message: `Parallel state '${name}' needs 'Branches'.`, path: at });
      else state.Branches.forEach((b, i) => checkMachine(b, `${at}.Branches[${i}]`, out, ql(state, machineQl)));
    }
    if (type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor === undefined) out.push({ message: `Map state '${name}' needs 'ItemProcessor' (or 'Iterator').`, path: at });
      else checkMachine(processor, `${at}.${state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator'}`, out, ql(state, machineQl));
    }
  }
  if (!terminal) out.push({ message: 'MISSING_TERMINAL_STATE: No state ends the state machine (End, Succeed or Fail).', path });
}

/** asl-validator's findings per definition text, most recently used last. */
const ADVISORY_CACHE_SIZE = 200;
const advisoryCache = new Map<string, DefinitionDiagnostic[]>();

/**
 * asl-validator's findings (advisory). It builds and compiles its JSON schemas on every call
 * (about 0.3 s of blocked event loop), so results are remembered per definition text.
 */
function advisoryDiagnostics(definition: Record<string, unknown>): DefinitionDiagnostic[] {
  const v = aslValidator();
  if (!v) return [];
  let key: string | undefined;
  try {
    key = JSON.stringify(definition);
  } catch {
    key = undefined; // too deep to serialise: asl-validator would not cope either
  }
  if (key === undefined) return [];
  const hit = advisoryCache.get(key);
  if (hit) {
    advisoryCache.delete(key);
    advisoryCache.set(key, hit);
    return hit.map((d) => ({ ...d }));
  }
  const warnings: DefinitionDiagnostic[] = [];
  try {
    // The validator fills in QueryLanguage on the object it is given: hand it a copy.
    const r = v(JSON.parse(key) as unknown, { checkPaths: true, checkArn: false });
    for (const e of r.errors) {
      const d: DefinitionDiagnostic = { message: `asl-validator: ${e['Error code'] ? `${e['Error code']}: ` : ''}${e.Message ?? e.message ?? 'unknown'}` };
      if (e.path) d.path = e.path;
      warnings.push(d);
    }
  } catch {
    // The validator is advisory only.
  }
  advisoryCache.set(key, warnings);
  if (advisoryCache.size > ADVISORY_CACHE_SIZE) advisoryCache.delete(advisoryCache.keys().next().value as string);
  return warnings.map((d) => ({ ...d }));
}

/**
 * Structural errors (each fails the definition), then, unless `advisory` is false, asl-validator's
 * findings as warnings. CreateStateMachine only needs the errors.
 */
export function validateDefinition(definition: unknown, options: { advisory?: boolean } = {}): DefinitionValidation {
  const errors: DefinitionDiagnostic[] = [];
  checkMachine(definition, '$', errors);
  const warnings = options.advisory !== false && isObject(definition) ? advisoryDiagnostics(definition) : [];
  return { ok: errors.length === 0, diagnostics: [...errors, ...warnings] };
}
