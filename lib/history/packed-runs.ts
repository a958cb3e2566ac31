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
  /**
   * Which key each row position holds (absent: position k holds keys[k]): the columns that are
   * null most often come last, so that a row's trailing nulls are left out. `keys` keeps the
   * fields' own order, the order of the unpacked objects' keys.
   */
  columns?: number[];
  rows: unknown[][];
}

const NONE: ReadonlySet<string> = new Set();

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

/**
 * `skip`: keys left out; `blank`: keys kept with every value null (a run without its payloads,
 * as the page embeds it, reads as the slim run did: its attempts' `parameters` and `result` null).
 */
function packTable(items: readonly Record<string, unknown>[], skip: ReadonlySet<string>, intern: (s: string) => number, epoch: number, blank: ReadonlySet<string> = NONE): PackedTable {
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
  const isBlank = keys.map((key) => blank.has(key));
  const nulls = keys.map((key, k) => (isBlank[k] ? items.length : items.reduce((n, item) => (item[key] === null || item[key] === undefined ? n + 1 : n), 0)));
  const columns = keys.map((_, k) => k).sort((a, b) => (nulls[a] as number) - (nulls[b] as number) || a - b);
  const rows = items.map((item) => {
    const row = columns.map((k) => {
      const v = isBlank[k] ? null : item[keys[k] as string];
      if (v === undefined || v === null) return null;
      return isInterned[k] ? intern(v as string) : isRelative[k] ? (v as number) - epoch : v;
    });
    while (row.length > 0 && row[row.length - 1] === null) row.pop();
    return row;
  });
  const reordered = columns.some((k, position) => k !== position);
  return { keys, interned, ...(relative.length > 0 ? { relative } : {}), ...(reordered ? { columns } : {}), rows };
}

function unpackTable(table: PackedTable, strings: readonly string[], epoch: number): Record<string, unknown>[] {
  const { keys, columns } = table;
  const isInterned = keys.map((_, k) => table.interned.includes(k));
  const isRelative = keys.map((_, k) => table.relative?.includes(k) === true);
  // Every item starts as a copy of one object holding every key (null): the copies share one
  // shape and the loop only overwrites existing properties. Adding the keys one by one to `{}`
  // cost ~390 ms for 5,003 runs in a server's first page render (V8 not yet optimised), ~20 ms after.
  const template: Record<string, unknown> = {};
  for (const key of keys) template[key] = null;
  return table.rows.map((row) => {
    const item: Record<string, unknown> = { ...template };
    for (let position = 0; position < row.length; position++) {
      const v = row[position];
      if (v === null || v === undefined) continue;
      const k = columns === undefined ? position : (columns[position] as number);
      item[keys[k] as string] = isInterned[k] ? (strings[v as number] ?? null) : isRelative[k] ? (v as number) + epoch : v;
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

/**
 * `omitPayloads`: the runs as the page embeds them (get-execution-detail.ts slimDetail's form, in
 * one pass instead of a copy of every run first): no `input` or `output`, attempts' `parameters`
 * and `result` null.
 */
export function packRuns(runs: readonly StateRun[], options: { omitPayloads?: boolean } = {}): PackedRuns {
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
  const omit = options.omitPayloads === true;
  const table = packTable(runs as unknown as Record<string, unknown>[], new Set(omit ? ['taskAttempts', 'input', 'output'] : ['taskAttempts']), intern, epoch);
  const attempts = packTable(runs.flatMap((run) => run.taskAttempts ?? []) as unknown as Record<string, unknown>[], NONE, intern, epoch, omit ? new Set(['parameters', 'result']) : NONE);
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
