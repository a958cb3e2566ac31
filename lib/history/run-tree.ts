// The run tree over ExecutionAnalysis.runs: nesting (parentRunIndex, depth), the enclosing Map of
// a run, the worst run among candidates, failed runs, and the run a selection names (state name +
// Map iteration). Pure; the execution page draws what these return.
import { severity } from './statuses.ts';
import type { StateRun } from './types.ts';

/** Same index list (e.g. two mapIndex values); false when either is absent. */
export function sameIndex(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => v === b[i]);
}

/** Direct children of every run (through parentRunIndex), in run order. */
export function childrenOf(runs: readonly StateRun[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  runs.forEach((run, i) => {
    const p = run.parentRunIndex;
    if (typeof p !== 'number' || p < 0) return;
    const list = out.get(p);
    if (list) list.push(i);
    else out.set(p, [i]);
  });
  return out;
}

/** The enclosing Map run of run `i` (walking parentRunIndex), or null. */
export function enclosingMapRun(runs: readonly StateRun[], i: number): number | null {
  let p = runs[i]?.parentRunIndex;
  for (let guard = 0; typeof p === 'number' && p >= 0 && guard < 256; guard++) {
    if (runs[p]?.stateType === 'Map') return p;
    p = runs[p]?.parentRunIndex;
  }
  return null;
}

/** The worst run among candidates (severity order; ties go to the later candidate); null when none. */
export function pickRun(runs: readonly StateRun[], candidates: readonly number[]): number | null {
  let best: number | null = null;
  for (const i of candidates) {
    const run = runs[i];
    if (!run) continue;
    const current = best === null ? null : runs[best];
    if (!current || severity(run.status) >= severity(current.status)) best = i;
  }
  return best;
}

/** The run a selection names: `runIndex` when it is a run of `state`, else the worst run of `state` (in iteration `iter` when it has one there). */
export function resolveRun(runs: readonly StateRun[], state: string | null, iter: readonly number[] | null, runIndex: number | null): number | null {
  if (state === null) return null;
  if (runIndex !== null && runs[runIndex]?.stateName === state) return runIndex;
  const all: number[] = [];
  runs.forEach((run, i) => {
    if (run.stateName === state) all.push(i);
  });
  if (iter) {
    const inIter = all.filter((i) => {
      const mi = runs[i]?.mapIndex ?? [];
      return mi.length === 0 || sameIndex(mi.slice(0, iter.length), iter) || sameIndex(mi, iter.slice(0, mi.length));
    });
    if (inIter.length > 0) return pickRun(runs, inIter);
  }
  return pickRun(runs, all);
}

/** Indexes of failed runs (FAILED; CAUGHT ones when nothing failed), in event order: the page's next/previous failure. */
export function failedRuns(runs: readonly StateRun[]): number[] {
  const failed: number[] = [];
  const caught: number[] = [];
  runs.forEach((run, i) => {
    if (run.status === 'FAILED') failed.push(i);
    else if (run.status === 'CAUGHT') caught.push(i);
  });
  return failed.length > 0 ? failed : caught;
}

/** A comma-separated index list ("1,0", a mapIndex in a URL); null when empty or not all non-negative integers. */
export function parseIndexList(text: string | null): number[] | null {
  if (text === null || text === '') return null;
  const parts = text.split(',').map((p) => Number(p));
  return parts.every((n) => Number.isInteger(n) && n >= 0) ? parts : null;
}
