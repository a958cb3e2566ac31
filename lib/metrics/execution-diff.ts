// The diff of two executions (DESIGN.md §2.6 GET /api/executions/diff; issue 10 item 3): which
// states each took, their outcomes side by side, the first state where they part, and JSON diffs
// (jsondiffpatch deltas) of the executions' input and output and of every paired run's input and
// output. Pure: the route loads both analyses and hands them over.
//
// Runs are paired by (Map iteration, state name, occurrence): the n-th entry of a state in the same
// inline Map iteration (mapIndex) of each execution. State names are unique within a definition
// (ASL), so this pairs Parallel branches and nested Maps too, and executions of different state
// machines are matched by name. Loops and redrives enter a state again: occurrence 1, 2, … pair them
// in order.
import { create, type Delta, type DiffContext, type DiffPatcher } from 'jsondiffpatch';
import { decodePayload } from '../history/decode-payload.ts';
import { severity } from '../history/statuses.ts';
import type { ExecutionAnalysis, StateRun, StateRunStatus } from '../history/types.ts';

/**
 * A jsondiffpatch delta (https://github.com/benjamine/jsondiffpatch/blob/master/docs/deltas.md) from
 * A's value to B's: `[new]` added, `[old, new]` modified, `[old, 0, 0]` deleted, an object of
 * per-key deltas, or an array delta (`_t: "a"`, `"i"` for B's index i, `"_i"` for A's index i;
 * `["", j, 3]` moved to j). null when the values are equal (or one side is missing).
 */
export type JsonDiff = Exclude<Delta, undefined> | null;

/** One execution as the diff needs it. `execution` is passed through unchanged as the answer's `a`/`b`. */
export interface DiffSubject<E = unknown> {
  execution: E;
  analysis: ExecutionAnalysis;
  /** The execution's input, as received (JSON string or parsed value); null/undefined when unknown. */
  input: unknown;
  /** The execution's output, as received; null/undefined when it has none. */
  output: unknown;
}

/** Whether a state was taken by both executions, only by A or only by B (the graph's path colours). */
export type PathMembership = 'both' | 'a' | 'b';

/** Why a pair of runs (or a state) counts as different. `path`: only one execution has this run. */
export type RunDifference = 'path' | 'status' | 'next' | 'error' | 'input' | 'output';

/** What marks a divergence (§2.6: status, next state or error; or a run only one side has). */
export type DivergenceReason = Exclude<RunDifference, 'input' | 'output'>;

/** One state's runs in one execution, summed up (the §2.6 `states[].a` / `.b`). */
export interface StateSide {
  /** The worst status of its runs (FAILED > CAUGHT > ABORTED > RUNNING > SUCCEEDED). */
  status: StateRunStatus;
  /** Entries into the state: Map iterations, Parallel branches, loops and redrives each count. */
  runs: number;
  /** Sum of the runs' known durations, ms; null when none is known. */
  durationMs: number | null;
  /** Sum of the runs' Task attempts (0 for states that schedule nothing). */
  attempts: number;
  /** The error of its worst run (the first such run); null when none raised one. */
  error: string | null;
}

/** One run in one execution, as the pair shows it. */
export interface RunSide {
  /** Index in that execution's `analysis.runs`. */
  runIndex: number;
  status: StateRunStatus;
  /** The state entered after this run in the same scope (Map iteration / Parallel branch / top level); null when it was the last. */
  nextStateName: string | null;
  error: string | null;
  durationMs: number | null;
  attempts: number;
}

/** The runs of one state that pair up: same Map iteration, same occurrence. */
export interface RunPair {
  /** Enclosing inline Map iterations, outermost first ([] outside any Map). */
  mapIndex: number[];
  /** 0-based: the n-th entry of this state in this Map iteration (loops, redrives). */
  occurrence: number;
  a: RunSide | null;
  b: RunSide | null;
  /** Empty when the two runs are alike (also in input and output). */
  differences: RunDifference[];
  /** A's run input → B's; null when equal or when one side is missing. */
  input: JsonDiff;
  /** A's run output → B's (undefined while a run has not exited); null when equal or one side is missing. */
  output: JsonDiff;
}

export interface StateDiff {
  stateName: string;
  /** From the runs (Task, Choice, Map, …): A's when it took the state, else B's. */
  stateType: string;
  taken: PathMembership;
  a: StateSide | null;
  b: StateSide | null;
  /** Some pair of its runs differs (path, status, next, error, input or output). */
  differs: boolean;
  /** Its runs paired, in A's order of entry, then B's unpaired ones in B's order. */
  runs: RunPair[];
}

export interface Divergence {
  stateName: string;
  mapIndex: number[];
  occurrence: number;
  reasons: DivergenceReason[];
  /** A's run there; null when only B entered the state (at this Map iteration / occurrence). */
  a: RunSide | null;
  b: RunSide | null;
}

export interface ExecutionDiff<E = unknown> {
  a: E;
  b: E;
  /**
   * The first run pair, in A's order of entry (then B's runs A has no counterpart for, in B's
   * order), whose status, next state or error differs or that only one side has; null when both
   * took the same path with the same outcomes.
   */
  firstDivergence: Divergence | null;
  /** Every state either execution entered, in order of first entry (B-only states after the state B entered before them). */
  states: StateDiff[];
  /** The executions' inputs, A → B. */
  input: JsonDiff;
  /** The executions' outputs, A → B. */
  output: JsonDiff;
}

/**
 * The trimmed middle of two arrays is compared with jsondiffpatch's LCS, an n × m matrix; beyond
 * this many cells (e.g. 500 × 500) the arrays are compared by index instead, so a 256 KiB payload of
 * thousands of items stays in milliseconds and bounded memory.
 */
export const LCS_MAX_CELLS = 250_000;

/** Keys that identify an array item across the two sides (an inserted item then shows as one insertion). */
const ID_KEYS = ['id', 'Id', 'ID', '_id', 'key', 'Key'] as const;

function objectHash(item: object, index?: number): string {
  const record = item as Record<string, unknown>;
  for (const key of ID_KEYS) {
    const value = record[key];
    if (typeof value === 'string' || typeof value === 'number') return `${key}:${typeof value}:${value}`;
  }
  // No identity: match by position (the default would scan every pair for shared references, O(n·m)).
  return `$$index:${index ?? -1}`;
}

type ArrayDeltaResult = { _t: 'a' } & Record<string, unknown>;

/** Before jsondiffpatch's "arrays" filter: big arrays compared index by index (see LCS_MAX_CELLS). */
function bigArraysByIndex(context: DiffContext): void {
  if (!context.leftIsArray) return;
  const left = context.left as unknown[];
  const right = context.right as unknown[];
  if (left.length * right.length <= LCS_MAX_CELLS) return;
  // DiffContext is exported as a type only; every context is built by the same constructor.
  const Context = context.constructor as new (left: unknown, right: unknown) => DiffContext;
  const common = Math.min(left.length, right.length);
  for (let i = 0; i < common; i++) if (left[i] !== right[i]) context.push(new Context(left[i], right[i]), i);
  let result: ArrayDeltaResult | undefined;
  for (let i = common; i < right.length; i++) (result ??= { _t: 'a' })[i] = [right[i]];
  for (let i = common; i < left.length; i++) (result ??= { _t: 'a' })[`_${i}`] = [left[i], 0, 0];
  // Children (the common indexes) are diffed next; collectChildren adds their deltas to `result`.
  context.setResult(result as Delta).exit();
}
bigArraysByIndex.filterName = 'bigArraysByIndex';

let patcher: DiffPatcher | undefined;

function differ(): DiffPatcher {
  if (patcher === undefined) {
    // The plain entry point has no text diffs: a changed string is [old, new], never a
    // diff-match-patch run over a 256 KiB string.
    patcher = create({ objectHash, arrays: { detectMove: true, includeValueOnMove: false } });
    patcher.processor.pipes.diff.before('arrays', bigArraysByIndex);
  }
  return patcher;
}

/**
 * The JSON diff of two payloads as received (JSON strings or parsed values): parsed first, so a
 * changed nested field is named by its path in the delta. Equal strings are equal without parsing.
 */
export function jsonDiff(a: unknown, b: unknown): JsonDiff {
  if (a === b) return null;
  const left = decodePayload(a).value;
  const right = decodePayload(b).value;
  if (left === right) return null;
  return differ().diff(left, right) ?? null;
}

interface Indexed {
  runs: readonly StateRun[];
  next: Array<string | null>;
  /** Pairing key of each run. */
  keys: string[];
  occurrence: number[];
  byKey: Map<string, number>;
  /** State names in order of first entry. */
  order: string[];
}

const pairKey = (mapIndex: readonly number[], stateName: string, occurrence: number) => `${mapIndex.join(',')}\u0000${stateName}\u0000${occurrence}`;

function indexRuns(runs: readonly StateRun[]): Indexed {
  const next: Array<string | null> = new Array<string | null>(runs.length).fill(null);
  const keys: string[] = [];
  const occurrence: number[] = [];
  const byKey = new Map<string, number>();
  const order: string[] = [];
  const seenStates = new Set<string>();
  const lastInScope = new Map<string, number>();
  const counts = new Map<string, number>();
  runs.forEach((run, i) => {
    // Runs are in order of entry; the previous run of the same scope is followed by this one.
    // Inside a Parallel without a definition branchIndex is null and branches share one scope.
    const scope = `${run.parentRunIndex ?? -1}|${run.mapIndex.join(',')}|${run.branchIndex ?? ''}`;
    const previous = lastInScope.get(scope);
    if (previous !== undefined) next[previous] = run.stateName;
    lastInScope.set(scope, i);
    const countKey = `${run.mapIndex.join(',')}\u0000${run.stateName}`;
    const n = counts.get(countKey) ?? 0;
    counts.set(countKey, n + 1);
    const key = pairKey(run.mapIndex, run.stateName, n);
    keys.push(key);
    occurrence.push(n);
    byKey.set(key, i);
    if (!seenStates.has(run.stateName)) {
      seenStates.add(run.stateName);
      order.push(run.stateName);
    }
  });
  return { runs, next, keys, occurrence, byKey, order };
}

function runSide(indexed: Indexed, i: number): RunSide {
  const run = indexed.runs[i] as StateRun;
  return {
    runIndex: i,
    status: run.status,
    nextStateName: indexed.next[i] ?? null,
    error: run.error,
    durationMs: run.durationMs,
    attempts: run.attempts,
  };
}

function stateSide(runs: readonly StateRun[], indexes: readonly number[]): StateSide | null {
  let worst: StateRun | null = null;
  let durationMs: number | null = null;
  let attempts = 0;
  for (const i of indexes) {
    const run = runs[i] as StateRun;
    if (worst === null || severity(run.status) > severity(worst.status)) worst = run;
    if (run.durationMs !== null) durationMs = (durationMs ?? 0) + run.durationMs;
    attempts += run.attempts;
  }
  if (worst === null) return null;
  return { status: worst.status, runs: indexes.length, durationMs, attempts, error: worst.error };
}

function pairOf(a: Indexed, b: Indexed, ia: number | null, ib: number | null): RunPair {
  const runA = ia === null ? null : (a.runs[ia] as StateRun);
  const runB = ib === null ? null : (b.runs[ib] as StateRun);
  const sideA = ia === null ? null : runSide(a, ia);
  const sideB = ib === null ? null : runSide(b, ib);
  const differences: RunDifference[] = [];
  let input: JsonDiff = null;
  let output: JsonDiff = null;
  if (sideA === null || sideB === null || runA === null || runB === null) differences.push('path');
  else {
    if (sideA.status !== sideB.status) differences.push('status');
    if (sideA.nextStateName !== sideB.nextStateName) differences.push('next');
    if (sideA.error !== sideB.error) differences.push('error');
    input = jsonDiff(runA.input, runB.input);
    output = jsonDiff(runA.output, runB.output);
    if (input !== null) differences.push('input');
    if (output !== null) differences.push('output');
  }
  const run = (runA ?? runB) as StateRun;
  const occurrence = ia !== null ? (a.occurrence[ia] as number) : (b.occurrence[ib as number] as number);
  return { mapIndex: [...run.mapIndex], occurrence, a: sideA, b: sideB, differences, input, output };
}

const DIVERGENCE_REASONS: ReadonlySet<RunDifference> = new Set<RunDifference>(['path', 'status', 'next', 'error']);

function divergenceOf(stateName: string, pair: RunPair): Divergence | null {
  const reasons = pair.differences.filter((d): d is DivergenceReason => DIVERGENCE_REASONS.has(d));
  return reasons.length === 0 ? null : { stateName, mapIndex: pair.mapIndex, occurrence: pair.occurrence, reasons, a: pair.a, b: pair.b };
}

/**
 * A's state order with B's other states merged in: each after the state B entered before it, or,
 * for those B entered before any state A has, just before the first such state (else at the end).
 */
function mergeOrder(orderA: readonly string[], orderB: readonly string[]): string[] {
  const merged = [...orderA];
  const placed = new Set(orderA);
  let anchor = -1;
  let leading: string[] = [];
  for (const name of orderB) {
    if (placed.has(name)) {
      anchor = merged.indexOf(name);
      if (leading.length > 0) {
        merged.splice(anchor, 0, ...leading);
        anchor += leading.length;
        leading = [];
      }
      continue;
    }
    placed.add(name);
    if (anchor === -1) leading.push(name);
    else merged.splice(++anchor, 0, name);
  }
  merged.push(...leading);
  return merged;
}

/**
 * The §2.6 diff of execution A against execution B (`a` → `b` in every delta). Cost: one pass over
 * each execution's runs plus a JSON diff per paired run whose payloads are not the identical string.
 */
export function diffExecutions<E>(a: DiffSubject<E>, b: DiffSubject<E>): ExecutionDiff<E> {
  const ia = indexRuns(a.analysis.runs);
  const ib = indexRuns(b.analysis.runs);

  const pairsByState = new Map<string, RunPair[]>();
  const addPair = (stateName: string, pair: RunPair) => {
    const list = pairsByState.get(stateName);
    if (list) list.push(pair);
    else pairsByState.set(stateName, [pair]);
  };

  let firstDivergence: Divergence | null = null;
  ia.runs.forEach((run, i) => {
    const j = ib.byKey.get(ia.keys[i] as string) ?? null;
    const pair = pairOf(ia, ib, i, j);
    addPair(run.stateName, pair);
    firstDivergence ??= divergenceOf(run.stateName, pair);
  });
  ib.runs.forEach((run, j) => {
    if (ia.byKey.has(ib.keys[j] as string)) return;
    const pair = pairOf(ia, ib, null, j);
    addPair(run.stateName, pair);
    firstDivergence ??= divergenceOf(run.stateName, pair);
  });

  const runsOf = (indexed: Indexed) => {
    const out = new Map<string, number[]>();
    indexed.runs.forEach((run, i) => {
      const list = out.get(run.stateName);
      if (list) list.push(i);
      else out.set(run.stateName, [i]);
    });
    return out;
  };
  const byStateA = runsOf(ia);
  const byStateB = runsOf(ib);

  const states: StateDiff[] = mergeOrder(ia.order, ib.order).map((stateName) => {
    const runsA = byStateA.get(stateName) ?? [];
    const runsB = byStateB.get(stateName) ?? [];
    const sideA = stateSide(ia.runs, runsA);
    const sideB = stateSide(ib.runs, runsB);
    const pairs = pairsByState.get(stateName) ?? [];
    const first = runsA.length > 0 ? ia.runs[runsA[0] as number] : ib.runs[runsB[0] as number];
    return {
      stateName,
      stateType: first?.stateType ?? '',
      taken: sideA !== null && sideB !== null ? 'both' : sideA !== null ? 'a' : 'b',
      a: sideA,
      b: sideB,
      differs: pairs.some((pair) => pair.differences.length > 0),
      runs: pairs,
    };
  });

  return {
    a: a.execution,
    b: b.execution,
    firstDivergence,
    states,
    input: jsonDiff(a.input ?? null, b.input ?? null),
    output: jsonDiff(a.output ?? null, b.output ?? null),
  };
}
