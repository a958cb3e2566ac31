// Per-state statistics of one state machine in a window (DESIGN.md §2.5
// GET /api/state-machines/{arn}/states). This is the definition; the store computes the same
// figures in SQL over the derived StateRun rows (lib/store/aggregates), and the tests check the
// SQL against this function.
//
// - The window selects executions by startDate, half-open [from, to); executions with an
//   unknown startDate are in no window. `executions` counts the selected executions, whatever
//   their status (running ones included) and whether or not they have runs.
// - Every run of a selected execution counts, one per entry into the state: runs inside inline
//   Map iterations and Parallel branches, and the runs of each redrive attempt.
// - One item per stateName with at least one run, in code-unit order of stateName (the same on
//   every database and locale).
// - failed / caught / aborted count runs by StateRun.status (FAILED, CAUGHT, ABORTED).
// - attempts is the sum of the runs' attempts; retriedRuns counts the runs with attempts > 1.
// - durationMs: nearest-rank p50/p95/p99/max (percentiles.ts) over the runs whose durationMs is
//   known; all null when none is (e.g. recordings without timestamps, or only open runs).
import type { StateRunStatus } from '../history/statuses.ts';
import { durationPercentiles, type DurationPercentiles } from './percentiles.ts';
import { inWindow, type TimeWindow } from './time-window.ts';

/** The fields of a StateRun the per-state statistics read. */
export interface StateRunFigures {
  stateName: string;
  status: StateRunStatus | (string & {});
  attempts: number;
  durationMs: number | null;
}

export interface ExecutionRuns {
  /** Epoch ms or Date; null when unknown (then the execution is in no window). */
  startDate: Date | number | null;
  runs: readonly StateRunFigures[];
}

export interface StateStats {
  stateName: string;
  runs: number;
  failed: number;
  caught: number;
  aborted: number;
  attempts: number;
  retriedRuns: number;
  durationMs: DurationPercentiles;
}

export interface StateStatsResult {
  /** Executions of the state machine started in the window. */
  executions: number;
  items: StateStats[];
}

/** The run counts of StateStats and the StateRun.status each one counts (the SQL uses this too). */
export const STATUS_COUNTS = { failed: 'FAILED', caught: 'CAUGHT', aborted: 'ABORTED' } as const satisfies Record<string, StateRunStatus>;
export type StatusCount = keyof typeof STATUS_COUNTS;
const STATUS_FIELDS = Object.keys(STATUS_COUNTS) as StatusCount[];

/** Code-unit order (not locale order): what JavaScript's default sort does, on every machine. */
export function compareStateNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function computeStateStats(executions: Iterable<ExecutionRuns>, window: TimeWindow): StateStatsResult {
  let count = 0;
  const byState = new Map<string, { stats: StateStats; durations: Array<number | null> }>();
  for (const execution of executions) {
    if (!inWindow(execution.startDate, window)) continue;
    count += 1;
    for (const run of execution.runs) {
      let entry = byState.get(run.stateName);
      if (entry === undefined) {
        entry = {
          stats: { stateName: run.stateName, runs: 0, failed: 0, caught: 0, aborted: 0, attempts: 0, retriedRuns: 0, durationMs: durationPercentiles([]) },
          durations: [],
        };
        byState.set(run.stateName, entry);
      }
      const { stats } = entry;
      stats.runs += 1;
      for (const field of STATUS_FIELDS) if (run.status === STATUS_COUNTS[field]) stats[field] += 1;
      stats.attempts += run.attempts;
      if (run.attempts > 1) stats.retriedRuns += 1;
      entry.durations.push(run.durationMs);
    }
  }
  const items = [...byState.values()]
    .map(({ stats, durations }) => ({ ...stats, durationMs: durationPercentiles(durations) }))
    .sort((a, b) => compareStateNames(a.stateName, b.stateName));
  return { executions: count, items };
}
