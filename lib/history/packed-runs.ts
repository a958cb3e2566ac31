// A compact wire form of ExecutionAnalysis.runs (the execution page embeds its detail in the
// HTML): each run becomes an array of its values in a shared key order, string-only columns are
// interned in one string table, and task attempts are packed the same way. 5,000 runs: ~2.5 MB of
// JSON objects → a few hundred KB. Pure: the server page packs, the client unpacks.
import type { StateRun, TaskAttempt } from './types.ts';

interface PackedTable {
  keys: string[];
  /** Indexes (in `keys`) of columns whose values are indexes into `strings` (or null). */
  interned: number[];
  rows: unknown[][];
}

export interface PackedRuns {
  strings: string[];
  runs: PackedTable;
  /** Every run's task attempts, run after run. */
  attempts: PackedTable;
  /** Per run: how many rows of `attempts` are its own; -1 when the run has no `taskAttempts`. */
  attemptCounts: number[];
}

function packTable(items: readonly Record<string, unknown>[], skip: ReadonlySet<string>, intern: (s: string) => number): PackedTable {
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
  const isInterned = keys.map((_, k) => interned.includes(k));
  const rows = items.map((item) => {
    const row = keys.map((key, k) => {
      const v = item[key];
      if (v === undefined || v === null) return null;
      return isInterned[k] ? intern(v as string) : v;
    });
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  return { keys, interned, rows };
}

function unpackTable(table: PackedTable, strings: readonly string[]): Record<string, unknown>[] {
  const isInterned = table.keys.map((_, k) => table.interned.includes(k));
  return table.rows.map((row) => {
    const item: Record<string, unknown> = {};
    table.keys.forEach((key, k) => {
      const v = row[k] ?? null;
      item[key] = v !== null && isInterned[k] ? (strings[v as number] ?? null) : v;
    });
    return item;
  });
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
  const table = packTable(runs as unknown as Record<string, unknown>[], new Set(['taskAttempts']), intern);
  const attempts = packTable(runs.flatMap((run) => run.taskAttempts ?? []) as unknown as Record<string, unknown>[], new Set(), intern);
  return { strings, runs: table, attempts, attemptCounts: runs.map((run) => (run.taskAttempts === undefined ? -1 : run.taskAttempts.length)) };
}

export function unpackRuns(packed: PackedRuns): StateRun[] {
  const runs = unpackTable(packed.runs, packed.strings) as unknown as StateRun[];
  const attempts = unpackTable(packed.attempts, packed.strings) as unknown as TaskAttempt[];
  let next = 0;
  runs.forEach((run, i) => {
    const count = packed.attemptCounts[i] ?? -1;
    if (count < 0) return;
    run.taskAttempts = attempts.slice(next, next + count);
    next += count;
  });
  return runs;
}
