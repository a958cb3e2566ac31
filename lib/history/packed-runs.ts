// A compact wire form of ExecutionAnalysis.runs (the execution page embeds its detail in the
// HTML): each run becomes an array of its values in a shared key order, string-only columns are
// interned in one string table, timestamps (ms since the epoch) are written relative to the
// earliest one, and task attempts are packed the same way. 5,000 runs: ~2.5 MB of JSON objects →
// ~500 KB. Pure: the server page packs, the client unpacks.
import type { StateRun, TaskAttempt } from './types.ts';

interface PackedTable {
  keys: string[];
  /** Indexes (in `keys`) of columns whose values are indexes into `strings` (or null). */
  interned: number[];
  /** Indexes of timestamp columns, written as ms after PackedRuns.epoch (absent: none). */
  relative?: number[];
  rows: unknown[][];
}

/** The run and attempt fields that hold ms since the epoch. */
const TIMESTAMPS: ReadonlySet<string> = new Set(['enteredAt', 'exitedAt', 'scheduledAt', 'closedAt', 'startedAt', 'submittedAt']);

export interface PackedRuns {
  strings: string[];
  runs: PackedTable;
  /** Every run's task attempts, run after run. */
  attempts: PackedTable;
  /** Per run: how many rows of `attempts` are its own; -1 when the run has no `taskAttempts`. */
  attemptCounts: number[];
  /** What the `relative` columns are relative to (absent or 0: absolute values). */
  epoch?: number;
}

function packTable(items: readonly Record<string, unknown>[], skip: ReadonlySet<string>, intern: (s: string) => number, epoch: number): PackedTable {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    for (const key of Object.keys(item)) {
      if (skip.has(key) || seen.has(key)) continue;
      seen.add(key);
      keys.push(key);
    }
  }
  const interned: number[] = [];
  keys.forEach((key, k) => {
    let strings = 0;
    for (const item of items) {
      const v = item[key];
      if (typeof v === 'string') strings++;
      else if (v !== null && v !== undefined) return;
    }
    if (strings > 0) interned.push(k);
  });
  const relative = epoch === 0 ? [] : keys.flatMap((key, k) => (TIMESTAMPS.has(key) && items.every((item) => item[key] === null || item[key] === undefined || typeof item[key] === 'number') ? [k] : []));
  const isInterned = keys.map((_, k) => interned.includes(k));
  const isRelative = keys.map((_, k) => relative.includes(k));
  const rows = items.map((item) => {
    const row = keys.map((key, k) => {
      const v = item[key];
      if (v === undefined || v === null) return null;
      return isInterned[k] ? intern(v as string) : isRelative[k] ? (v as number) - epoch : v;
    });
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return relative.length > 0 ? { keys, interned, relative, rows } : { keys, interned, rows };
}

function unpackTable(table: PackedTable, strings: readonly string[], epoch: number): Record<string, unknown>[] {
  const { keys } = table;
  const isInterned = keys.map((_, k) => table.interned.includes(k));
  const isRelative = keys.map((_, k) => table.relative?.includes(k) === true);
  return table.rows.map((row) => {
    const item: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      const v = row[k] ?? null;
      item[keys[k] as string] = v === null ? null : isInterned[k] ? (strings[v as number] ?? null) : isRelative[k] ? (v as number) + epoch : v;
    }
    return item;
  });
}

/** The earliest timestamp of the runs and their attempts (0 when there is none). */
function earliest(runs: readonly StateRun[]): number {
  let min = Infinity;
  const see = (v: unknown) => {
    if (typeof v === 'number' && v < min) min = v;
  };
  for (const run of runs) {
    see(run.enteredAt);
    see(run.exitedAt);
    for (const a of run.taskAttempts ?? []) {
      see(a.scheduledAt);
      see(a.closedAt);
    }
  }
  return Number.isFinite(min) ? min : 0;
}

export function packRuns(runs: readonly StateRun[]): PackedRuns {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const epoch = earliest(runs);
  const table = packTable(runs as unknown as Record<string, unknown>[], new Set(['taskAttempts']), intern, epoch);
  const attempts = packTable(runs.flatMap((run) => run.taskAttempts ?? []) as unknown as Record<string, unknown>[], new Set(), intern, epoch);
  const attemptCounts = runs.map((run) => (run.taskAttempts === undefined ? -1 : run.taskAttempts.length));
  return epoch === 0 ? { strings, runs: table, attempts, attemptCounts } : { strings, runs: table, attempts, attemptCounts, epoch };
}

export function unpackRuns(packed: PackedRuns): StateRun[] {
  const epoch = packed.epoch ?? 0;
  const runs = unpackTable(packed.runs, packed.strings, epoch) as unknown as StateRun[];
  const attempts = unpackTable(packed.attempts, packed.strings, epoch) as unknown as TaskAttempt[];
  let next = 0;
  runs.forEach((run, i) => {
    const count = packed.attemptCounts[i] ?? -1;
    if (count < 0) return;
    run.taskAttempts = attempts.slice(next, next + count);
    next += count;
  });
  return runs;
}
