// Pure helpers over analysis.runs for the execution page: nesting, Map iterations, failed runs
// and the run a URL selection names.
import type { StateRun, StateRunStatus } from '@/lib/history/types';

const SEVERITY: Record<StateRunStatus, number> = { SUCCEEDED: 1, RUNNING: 2, ABORTED: 3, CAUGHT: 4, FAILED: 5 };

export function worse(a: StateRunStatus | null, b: StateRunStatus): StateRunStatus {
  return a === null || SEVERITY[b] > SEVERITY[a] ? b : a;
}

/** Nesting depth of each run (0 = top level), through parentRunIndex. */
export function runDepths(runs: readonly StateRun[]): number[] {
  const depth = new Array<number>(runs.length).fill(0);
  runs.forEach((run, i) => {
    const p = run.parentRunIndex;
    depth[i] = typeof p === 'number' && p >= 0 && p < i ? (depth[p] ?? 0) + 1 : 0;
  });
  return depth;
}

export function sameIndex(a: readonly number[] | null | undefined, b: readonly number[] | null | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((v, i) => v === b[i]);
}

export interface MapIteration {
  index: number;
  status: StateRunStatus;
}

export interface MapPicker {
  /** Index of the Map run in analysis.runs. */
  runIndex: number;
  stateName: string;
  /** mapIndex of the Map run itself (iterations of it are [...prefix, index]). */
  prefix: number[];
  iterations: MapIteration[];
}

/** Direct children of every run. */
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

/**
 * One picker per Map run that is visible under the current selection: top-level Maps, and Maps
 * inside the selected iteration (nested Maps get a picker once their outer iteration is chosen).
 */
export function mapPickers(runs: readonly StateRun[], children: Map<number, number[]>, selected: readonly number[] | null): MapPicker[] {
  const out: MapPicker[] = [];
  runs.forEach((run, i) => {
    if (run.stateType !== 'Map') return;
    const prefix = run.mapIndex;
    if (prefix.length > 0 && (!selected || !sameIndex(selected.slice(0, prefix.length), prefix))) return;
    const byIndex = new Map<number, StateRunStatus>();
    const visit = (r: number, guard: number) => {
      for (const c of children.get(r) ?? []) {
        const child = runs[c];
        if (!child) continue;
        const it = child.mapIndex[prefix.length];
        if (it !== undefined) byIndex.set(it, worse(byIndex.get(it) ?? null, child.status));
        if (guard < 64 && child.stateType !== 'Map') visit(c, guard + 1);
      }
    };
    visit(i, 0);
    if (byIndex.size === 0) return;
    const iterations = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([index, status]) => ({ index, status }));
    out.push({ runIndex: i, stateName: run.stateName, prefix, iterations });
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

/** The best run among candidates: failed first, then caught, aborted, running, else the last. */
export function pickRun(runs: readonly StateRun[], candidates: readonly number[]): number | null {
  let best: number | null = null;
  for (const i of candidates) {
    const run = runs[i];
    if (!run) continue;
    const current = best === null ? null : runs[best];
    if (!current || SEVERITY[run.status] >= SEVERITY[current.status]) best = i;
  }
  return best;
}

/** The run a URL selection names: `run` when it matches `state`, else the best run of `state` in `iter`. */
export function resolveRun(runs: readonly StateRun[], state: string | null, iter: readonly number[] | null, runParam: number | null): number | null {
  if (state === null) return null;
  if (runParam !== null && runs[runParam]?.stateName === state) return runParam;
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

/** Indexes of failed runs (FAILED; CAUGHT too when nothing failed), in event order. */
export function failedRuns(runs: readonly StateRun[]): number[] {
  const failed: number[] = [];
  const caught: number[] = [];
  runs.forEach((run, i) => {
    if (run.status === 'FAILED') failed.push(i);
    else if (run.status === 'CAUGHT') caught.push(i);
  });
  return failed.length > 0 ? failed : caught;
}

export function parseIndexList(text: string | null): number[] | null {
  if (text === null || text === '') return null;
  const parts = text.split(',').map((p) => Number(p));
  return parts.every((n) => Number.isInteger(n) && n >= 0) ? parts : null;
}

export interface MapIterationCounts {
  total: number;
  succeeded: number;
  failed: number;
  aborted: number;
  running: number;
}

/**
 * Iteration counts of Map run `mapRun` (the console's Map details: Succeeded / Failed / Aborted /
 * In progress). An iteration's status is the worst of its runs; an error caught inside the
 * iteration still counts as succeeded.
 */
export function mapIterationCounts(runs: readonly StateRun[], children: Map<number, number[]>, mapRun: number): MapIterationCounts {
  const run = runs[mapRun];
  const counts: MapIterationCounts = { total: 0, succeeded: 0, failed: 0, aborted: 0, running: 0 };
  if (!run) return counts;
  const depth = run.mapIndex.length;
  const byIndex = new Map<number, StateRunStatus>();
  const visit = (r: number, guard: number) => {
    for (const c of children.get(r) ?? []) {
      const child = runs[c];
      if (!child) continue;
      const it = child.mapIndex[depth];
      if (it !== undefined) byIndex.set(it, worse(byIndex.get(it) ?? null, child.status));
      if (guard < 64) visit(c, guard + 1);
    }
  };
  visit(mapRun, 0);
  for (const status of byIndex.values()) {
    counts.total += 1;
    if (status === 'FAILED') counts.failed += 1;
    else if (status === 'ABORTED') counts.aborted += 1;
    else if (status === 'RUNNING') counts.running += 1;
    else counts.succeeded += 1;
  }
  return counts;
}
