// Where the error behind an execution's failure was first raised, when the failing run was
// reached through a Catch (DESIGN.md §2.5 `rootCauses`, `analysis.failure.rootCause`).
//
// The chain of runs is followed by event linkage, not by state names: a run's *StateEntered
// names (previousEventId) the event it followed — the previous run's *StateExited, or the
// MapIterationStarted/ParallelStateStarted of its container when it is the first state of an
// iteration or branch (then the chain goes on from the container). The earliest CAUGHT run on
// that chain is the Catch that took the error first; for a Map/Parallel that caught, the error
// came from its failed iteration/branch, traced on to the innermost run that raised it (which may
// itself lie behind a Catch inside the iteration).
import type { LinkedView, RunRecord } from './run-record.ts';
import type { RootCause, RunRef, StateRun } from './types.ts';

interface Found {
  root: number;
  /** The run whose Catch took the root error; -1 when none was found below a container. */
  catcher: number;
  /** Runs from the catcher on, in the order the error travelled. */
  path: number[];
}

/**
 * The run `r` followed in its own iteration/branch (or at top level): -2 when `r` is the first
 * run of its container's iteration/branch, -1 when the linkage cannot be followed.
 */
function predecessor(view: LinkedView, r: number): number {
  const run = view.runs[r] as RunRecord;
  if (run.masked) return -1;
  const p = view.prevPos[run.enteredPos] ?? -1;
  if (p < 0) return -1;
  let o = view.owner[p] ?? -1;
  if (o < 0) return -1;
  if (o === run.parent) return -2;
  // An inner event of a sibling container (not how AWS links, but harmless): lift it to the sibling.
  while (o >= 0 && (view.runs[o] as RunRecord).parent !== run.parent) o = (view.runs[o] as RunRecord).parent;
  return o >= 0 && o < r ? o : -1;
}

/** Runs leading to `r`, earliest first, ending with `r`; climbs out of containers up to (not into) `limit`. */
function chainTo(view: LinkedView, r: number, limit: number): number[] {
  const chain = [r];
  // Every step moves to a run entered earlier, so the walk ends.
  for (let x = r; ; ) {
    const prev = predecessor(view, x);
    if (prev === -2) {
      const parent = (view.runs[x] as RunRecord).parent;
      if (parent < 0 || parent === limit) break;
      chain.push(parent);
      x = parent;
    } else if (prev >= 0) {
      chain.push(prev);
      x = prev;
    } else break;
  }
  return chain.reverse();
}

/** The child of a Map/Parallel whose failure the container raised: the last FAILED one of its last attempt. */
function failedChild(view: LinkedView, runs: StateRun[], c: number): number {
  const container = view.runs[c] as RunRecord;
  let found = -1;
  for (let r = c + 1; r < view.runs.length; r++) {
    const run = view.runs[r] as RunRecord;
    if (run.parent === c && run.enteredPos > container.lastStartedPos && runs[r]?.status === 'FAILED') found = r;
  }
  return found;
}

/** Who raised the error run `r` ended with: `r` itself, or for a Map/Parallel the run inside that did. */
function raiser(view: LinkedView, runs: StateRun[], r: number): Found {
  const type = runs[r]?.stateType;
  if (type !== 'Map' && type !== 'Parallel') return { root: r, catcher: -1, path: [] };
  const child = failedChild(view, runs, r);
  if (child < 0) return { root: r, catcher: -1, path: [] };
  const inner = throughCatch(view, runs, child, r);
  if (inner) return inner;
  const deeper = raiser(view, runs, child);
  return deeper.catcher >= 0 ? { ...deeper, path: [...deeper.path, child] } : deeper;
}

/** The root behind run `r` when a Catch lies on its chain (within `limit`), else null. */
function throughCatch(view: LinkedView, runs: StateRun[], r: number, limit: number): Found | null {
  const chain = chainTo(view, r, limit);
  const k = chain.findIndex((x, i) => i < chain.length - 1 && runs[x]?.status === 'CAUGHT');
  if (k < 0) return null;
  const catcher = chain[k] as number;
  const from = raiser(view, runs, catcher);
  const rest = chain.slice(k);
  if (from.catcher >= 0) return { root: from.root, catcher: from.catcher, path: [...from.path, ...rest] };
  return { root: from.root, catcher, path: rest };
}

function ref(runs: StateRun[], r: number): RunRef {
  return { stateName: runs[r]?.stateName ?? '', runIndex: r };
}

/**
 * `failure.rootCause` for the failing run `failing` (failure.runIndex): null when no Catch lies on
 * the chain that led to it (the failure itself is then the root). `runs` are the built runs
 * (1:1 with view.runs), whose statuses say which runs were CAUGHT.
 */
export function rootCause(view: LinkedView, runs: StateRun[], failing: number | null): RootCause | null {
  if (failing === null || failing < 0 || failing >= runs.length) return null;
  const found = throughCatch(view, runs, failing, -1);
  if (!found) return null;
  const root = runs[found.root] as StateRun;
  let attempt: number | null = null;
  for (const a of root.taskAttempts ?? []) if (a.error !== null || a.status === 'FAILED' || a.status === 'TIMED_OUT') attempt = a.attempt;
  return {
    stateName: root.stateName,
    error: root.error,
    cause: root.cause,
    runIndex: found.root,
    mapIndex: root.mapIndex,
    branchIndex: root.branchIndex ?? null,
    attempt,
    caughtBy: ref(runs, found.catcher),
    path: found.path.map((r) => ref(runs, r)),
  };
}
