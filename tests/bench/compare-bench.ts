// GET /api/compare (DESIGN.md §2.6) over 100,000 executions per machine — one STANDARD and one
// EXPRESS machine over 30 days — on SQLite and PostgreSQL: queryCompare of both machines over the
// 30-day window (first call, then the median of 5 after a warm-up), beside the baseline of reading
// the same rows into JavaScript through the typed client and computing the figures with their
// lib/metrics definition (compareFigures + compareItems), measured in the same run (one timed run
// after a warm-up: it takes seconds); the two answers are checked equal. Seeded with the patterns
// bench's INSERT … SELECT (seconds, not the minutes of a per-execution import) without StateRun
// rows: queryCompare reads none, and Execution.transitions is set to what the patterns bench's 20
// runs of 1–3 attempts give (the store writes it beside the runs; ingest tests check that). The
// baseline gives lib/metrics each execution's transitions as one run of that many attempts, which
// stateTransitions counts the same (1 + attempts − 1). Then ANALYZE; PostgreSQL also VACUUMs, the
// state autovacuum leaves a table in (index-only scans need its visibility map). Target ≤ 300 ms.
// Run alone: `TZ=UTC npx tsx tests/bench/compare-bench.ts [executions per machine]`.
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compareFigures, compareItems, type CompareExecution, type CompareItem } from '../../lib/metrics/index.ts';
import { internalsOf } from '../../lib/store/db/internals.ts';
import { openStore, queryCompare, type Store } from '../../lib/store/index.ts';
import { createTestDatabase } from '../helpers/postgres.ts';
import { median, seed, type SeedMachine } from './patterns-bench.ts';

const DAY = 86_400_000;
const MACHINES: readonly SeedMachine[] = [
  { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:CompareBenchStandard', name: 'CompareBenchStandard', type: 'STANDARD' },
  { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:CompareBenchExpress', name: 'CompareBenchExpress', type: 'EXPRESS' },
];

export interface CompareBenchRow {
  backend: 'sqlite' | 'postgres';
  seedMs: number;
  compareMs: number;
  compareFirstMs: number;
  baselineMs: number;
  /** queryCompare's answer equals the baseline's (lib/metrics over the same rows). */
  exact: boolean;
}

export interface CompareBenchResult {
  executionsPerMachine: number;
  rows: CompareBenchRow[];
}

/** The baseline: each machine's rows read into JS, figures by lib/metrics (the "loops, not SQL" way). */
async function compareInJs(store: Store, window: { from: Date; to: Date }): Promise<CompareItem[]> {
  const { client } = internalsOf(store);
  const epoch = { from: window.from.getTime(), to: window.to.getTime() };
  const machines = [];
  for (const machine of MACHINES) {
    const executions = await client.execution.findMany({
      where: { stateMachineArn: machine.stateMachineArn, startDate: { gte: window.from, lt: window.to } },
      select: { startDate: true, status: true, durationMs: true, transitions: true, partial: true },
    });
    const rows = executions.map(
      (e): CompareExecution => ({
        startDate: e.startDate,
        status: e.status,
        durationMs: e.durationMs === null ? null : Number(e.durationMs),
        // One run of `transitions` attempts: stateTransitions counts 1 + (attempts − 1).
        runs: e.transitions === null ? null : [{ attempts: e.transitions }],
        partial: e.partial,
      }),
    );
    machines.push({ machine: { stateMachineArn: machine.stateMachineArn, type: machine.type, region: machine.stateMachineArn.split(':')[3] ?? '' }, figures: compareFigures(rows, epoch) });
  }
  return compareItems(machines);
}

async function benchBackend(backend: 'sqlite' | 'postgres', count: number, end: number): Promise<CompareBenchRow> {
  let url: string;
  let drop: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-compare-bench-'));
    url = `file:${path.join(dir, 'bench.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    ({ url, drop } = await createTestDatabase('compare-bench'));
  }
  const store = await openStore(url);
  try {
    const seedStart = performance.now();
    for (const machine of MACHINES) await seed(store, count, end, machine, { runs: false });
    if (backend === 'postgres') await internalsOf(store).client.$executeRawUnsafe('VACUUM ANALYZE "Execution"');
    const seedMs = performance.now() - seedStart;
    const query = { machines: MACHINES.map((m) => ({ stateMachineArn: m.stateMachineArn, type: m.type })), from: new Date(end - 30 * DAY), to: new Date(end + 1) };
    const firstStart = performance.now();
    const answer = await queryCompare(store, query);
    const compareFirstMs = performance.now() - firstStart;
    const compareMs = await median(() => queryCompare(store, query));
    const baseline = await compareInJs(store, query);
    const baselineMs = await median(() => compareInJs(store, query), 1);
    return { backend, seedMs, compareMs, compareFirstMs, baselineMs, exact: isDeepStrictEqual(answer, baseline) };
  } finally {
    await store.close();
    await drop();
  }
}

export async function runCompareBench(count = 100_000): Promise<CompareBenchResult> {
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const rows: CompareBenchRow[] = [];
  for (const backend of ['sqlite', 'postgres'] as const) rows.push(await benchBackend(backend, count, end));
  return { executionsPerMachine: count, rows };
}

export function formatCompareBench(result: CompareBenchResult): string[] {
  const ms = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 1 : 0 })} ms`;
  const lines = [
    `compare (GET /api/compare) of a STANDARD and an EXPRESS machine, ${result.executionsPerMachine.toLocaleString('en-US')} executions each, 30-day window (target ≤ 300 ms; baseline: the same rows read into JS and computed by lib/metrics compareFigures, same run)`,
  ];
  for (const row of result.rows) {
    lines.push(
      `  ${row.backend.padEnd(8)} queryCompare ${ms(row.compareMs)} (first call ${ms(row.compareFirstMs)}) · baseline ${ms(row.baselineMs)} (${(row.baselineMs / row.compareMs).toFixed(1)}× queryCompare's time) · ${row.exact ? 'exact' : 'ANSWERS DIFFER'} · seed ${ms(row.seedMs)}`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  for (const line of formatCompareBench(await runCompareBench(count))) console.log(line);
}
