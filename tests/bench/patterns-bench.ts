// Patterns across executions (DESIGN.md §2.5) at 100,000 executions and 2,000,000 state runs of
// one state machine over 30 days, on SQLite and PostgreSQL: the state overlay (queryStateStats),
// the execution series (queryExecutionSeries, 1 h buckets) and the failure clusters
// (queryFailureClusters, one machine and all) of the 30-day window, each beside the baseline of
// reading the same rows into JavaScript and computing the figure with its lib/metrics definition
// (the "loops, not SQL" way), measured in the same run. The store is seeded with INSERT … SELECT
// over a generated sequence (seconds, not the minutes of a per-execution import), then ANALYZEd.
// The state overlay of a window of more than 2,000 executions reads the per-state hourly rollup
// (StateRunRollup, approximate durations), built here by rebuildStateRunRollups (timed); the
// series and clusters are exact. The rollup's cost at ingest: saveExecutionHistory of 1,000
// executions × 20 runs, beside the rollup's share of it (reading the replaced runs and applying
// the delta, the same work alone in a transaction).
// Run alone: `TZ=UTC npx tsx tests/bench/patterns-bench.ts [executions]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { computeStateStats, executionSeries, failureClusterKey, failureClusters, type ClusterExecution, type ExecutionRuns, type StateRunFigures } from '../../lib/metrics/index.ts';
import { internalsOf } from '../../lib/store/db/internals.ts';
import type { StateRun } from '../../lib/history/index.ts';
import { applyStateRunRollupDelta, readRollupRuns } from '../../lib/store/aggregates/state-run-rollup.ts';
import { withWriteTransaction } from '../../lib/store/db/write-transaction.ts';
import { rollupRunOf, runRow } from '../../lib/store/ingest/save-execution-history.ts';
import {
  openStore,
  queryExecutionSeries,
  queryFailureClusters,
  queryStateStats,
  rebuildStateRunRollups,
  recordListedExecutions,
  saveExecutionHistory,
  type Store,
} from '../../lib/store/index.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:PatternsBench';
const RUNS_PER_EXECUTION = 20;
const DAY = 86_400_000;
const REVISIONS = 5;
/** The failures' (state, error, cause) kinds: a FAILED or TIMED_OUT execution n has kind n % 12. */
const FAILURE_KINDS = Array.from({ length: 12 }, (_, k) => ({ stateName: `S${k % 5}`, error: ['States.Timeout', 'Lambda.Unknown', 'Payment.Declined'][k % 3] as string, cause: `kind ${k} after <n> ms` }));

export interface PatternsBenchRow {
  backend: 'sqlite' | 'postgres';
  seedMs: number;
  rollupRebuildMs: number;
  ingestPerExecutionMs: number;
  rollupPerExecutionMs: number;
  overlayApproximate: boolean;
  overlayMs: number;
  overlayScanMs: number;
  seriesMs: number;
  seriesScanMs: number;
  clustersMs: number;
  clustersAllMs: number;
  clustersScanMs: number;
}

export interface PatternsBenchResult {
  executions: number;
  runs: number;
  rows: PatternsBenchRow[];
}

/** A seeded state machine: its executions are `<arn with :execution: (:express: for EXPRESS)>:e-<n>`. */
export interface SeedMachine {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
}

const PATTERNS_MACHINE: SeedMachine = { stateMachineArn: MACHINE, name: 'PatternsBench', type: 'STANDARD' };

/** The ARN prefix of a seeded machine's executions (followed by the sequence number). */
function executionPrefix(machine: SeedMachine): string {
  return `${machine.stateMachineArn.replace(':stateMachine:', machine.type === 'EXPRESS' ? ':express:' : ':execution:')}:e-`;
}

/** The executions' generated columns as SQL over the sequence column `n` (0 … count − 1). */
function executionSelect(backend: 'sqlite' | 'postgres', count: number, end: number, machine: SeedMachine): string {
  const start = end - 30 * DAY;
  const ms = `(${start} + (n * ${Math.floor((30 * DAY) / count)}) + ((n * 7919) % 1000))`;
  const date = (expr: string) =>
    backend === 'postgres' ? `(to_timestamp((${expr}) / 1000.0) AT TIME ZONE 'UTC')` : `(strftime('%Y-%m-%dT%H:%M:%f', (${expr}) / 1000.0, 'unixepoch') || '+00:00')`;
  const status = `CASE WHEN (n * 37) % 100 < 85 THEN 'SUCCEEDED' WHEN (n * 37) % 100 < 93 THEN 'FAILED' WHEN (n * 37) % 100 < 95 THEN 'TIMED_OUT' WHEN (n * 37) % 100 < 97 THEN 'ABORTED' ELSE 'RUNNING' END`;
  const failing = `(n * 37) % 100 BETWEEN 85 AND 94`;
  const duration = `(100 + (n * 7919) % 60000)`;
  const kindCase = (pick: (k: number) => string) => `CASE WHEN ${failing} THEN CASE n % 12 ${FAILURE_KINDS.map((_, k) => `WHEN ${k} THEN ${pick(k)}`).join(' ')} END END`;
  const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
  const text = (expr: string) => (backend === 'postgres' ? `CAST(${expr} AS TEXT)` : expr);
  const boolFalse = backend === 'postgres' ? 'false' : '0';
  const boolTrue = backend === 'postgres' ? 'true' : '1';
  return `SELECT ${quote(executionPrefix(machine))} || ${text('n')}, ${quote(machine.stateMachineArn)}, 'e-' || ${text('n')}, ${status},
      ${date(ms)}, CASE WHEN (n * 37) % 100 >= 97 THEN NULL ELSE ${date(`${ms} + ${duration}`)} END,
      CASE WHEN (n * 37) % 100 >= 97 THEN NULL ELSE ${duration} END,
      'rev-' || ${text(`(n * ${REVISIONS}) / ${count}`)}, ${boolTrue}, ${boolFalse}, ${boolFalse}, 2,
      ${kindCase((k) => quote(FAILURE_KINDS[k]?.stateName ?? ''))}, ${kindCase((k) => quote(FAILURE_KINDS[k]?.error ?? ''))},
      ${kindCase((k) => quote(FAILURE_KINDS[k]?.cause ?? ''))}, ${kindCase((k) => quote(failureClusterKey(machine.stateMachineArn, FAILURE_KINDS[k] as (typeof FAILURE_KINDS)[number]).id))},
      CASE WHEN ${failing} AND n % 3 = 0 THEN 'Inner' END, CASE WHEN ${failing} AND n % 3 = 0 THEN 'E.Root' END`;
}

const EXECUTION_COLUMNS =
  '"executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "durationMs", "revisionId", "historyComplete", "partial", "expired", "analyzerVersion", "failedStateName", "failureError", "causePattern", "clusterId", "rootCauseStateName", "rootCauseError"';

/**
 * `count` executions of `machine` over the 30 days before `end` (85 % SUCCEEDED, 10 % FAILED or
 * TIMED_OUT, 2 % ABORTED, 3 % RUNNING; 100 ms … 60 s), each with 20 state runs of 1–3 attempts
 * and its Execution.transitions filled from them. With `runs: false` the StateRun rows are not
 * written (most of the seeding time): Execution.transitions is set to what they would have given.
 */
export async function seed(store: Store, count: number, end: number, machine: SeedMachine = PATTERNS_MACHINE, options: { runs?: boolean } = {}): Promise<void> {
  for (let r = 0; r < REVISIONS; r++) {
    await recordListedExecutions(store, {
      stateMachine: { stateMachineArn: machine.stateMachineArn, name: machine.name, type: machine.type, definition: `{"Comment":"rev-${r}","StartAt":"S0","States":{"S0":{"Type":"Pass","End":true}}}`, revisionId: `rev-${r}` },
      executions: [],
    });
  }
  const { client, dialect } = internalsOf(store);
  const backend = dialect.backend;
  const sequence = (n: number) => (backend === 'postgres' ? `generate_series(CAST(0 AS BIGINT), ${n - 1}) AS g(n)` : `g`);
  const recursive = (n: number) => (backend === 'postgres' ? '' : `WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < ${n - 1}) `);
  await client.$executeRawUnsafe(`${recursive(count)}INSERT INTO "Execution" (${EXECUTION_COLUMNS}) ${executionSelect(backend, count, end, machine)} FROM ${sequence(count)}`);
  // 20 runs per execution: state S<ordinal>, mostly SUCCEEDED, some FAILED / CAUGHT / ABORTED,
  // 1–3 attempts, durations spread over 1 ms … 60 s.
  const machineArn = `'${machine.stateMachineArn.replace(/'/g, "''")}'`;
  const sequenceOf = `CAST(substr("executionArn", ${executionPrefix(machine).length + 1}) AS INTEGER)`;
  if (options.runs === false) {
    // Run o of execution x has 1 + (x + o) % 3 attempts: 20 runs + the attempts beyond the first.
    const retries = Array.from({ length: RUNS_PER_EXECUTION }, (_, o) => `((${sequenceOf} + ${o}) % 3)`).join(' + ');
    await client.$executeRawUnsafe(`UPDATE "Execution" SET "transitions" = ${RUNS_PER_EXECUTION} + ${retries} WHERE "stateMachineArn" = ${machineArn}`);
    await client.$executeRawUnsafe('ANALYZE');
    return;
  }
  const runStatus = `CASE WHEN (x * 13 + o) % 100 < 90 THEN 'SUCCEEDED' WHEN (x * 13 + o) % 100 < 95 THEN 'CAUGHT' WHEN (x * 13 + o) % 100 < 98 THEN 'FAILED' ELSE 'ABORTED' END`;
  const ordinals = Array.from({ length: RUNS_PER_EXECUTION }, (_, o) => `SELECT ${o} AS o`).join(' UNION ALL ');
  const runSelect = `SELECT e."executionArn", o, ${machineArn}, 'S' || ${backend === 'postgres' ? 'CAST(o AS TEXT)' : 'o'}, 'Task', ${runStatus}, 1 + (x + o) % 3, '[]',
      1 + ((x * 31 + o * 7) % 60000), CASE WHEN ${runStatus} IN ('FAILED', 'CAUGHT') THEN 'E' || ${backend === 'postgres' ? 'CAST(o % 4 AS TEXT)' : '(o % 4)'} END, 2
    FROM (SELECT "executionArn", ${sequenceOf} AS x FROM "Execution" WHERE "stateMachineArn" = ${machineArn}) e
    CROSS JOIN (${ordinals}) AS ords`;
  await client.$executeRawUnsafe(
    `INSERT INTO "StateRun" ("executionArn", "ordinal", "stateMachineArn", "stateName", "stateType", "status", "attempts", "mapIndex", "durationMs", "error", "analyzerVersion") ${runSelect}`,
  );
  // Execution.transitions as the store writes it beside the runs (lib/metrics stateTransitions:
  // one per run plus the attempts beyond the first), from the rows just inserted.
  await client.$executeRawUnsafe(
    `UPDATE "Execution" SET "transitions" = (SELECT COUNT(*) + COALESCE(SUM(CASE WHEN r."attempts" > 1 THEN r."attempts" - 1 ELSE 0 END), 0) FROM "StateRun" r WHERE r."executionArn" = "Execution"."executionArn")
     WHERE "stateMachineArn" = ${machineArn}`,
  );
  await client.$executeRawUnsafe('ANALYZE');
}

/** Median of `samples` timed runs after one warm-up run (ms). */
export async function median(run: () => Promise<unknown>, samples = 5): Promise<number> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(samples / 2)] ?? 0;
}

async function benchBackend(backend: 'sqlite' | 'postgres', count: number, end: number): Promise<PatternsBenchRow> {
  let url: string;
  let drop: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-patterns-bench-'));
    url = `file:${path.join(dir, 'bench.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    ({ url, drop } = await createTestDatabase('patterns-bench'));
  }
  const store = await openStore(url);
  try {
    const seedStart = performance.now();
    await seed(store, count, end);
    const seedMs = performance.now() - seedStart;
    const rebuildStart = performance.now();
    await rebuildStateRunRollups(store);
    const rollupRebuildMs = performance.now() - rebuildStart;
    const { client } = internalsOf(store);
    const window = { from: new Date(end - 30 * DAY), to: new Date(end + 1) };
    const epoch = { from: window.from.getTime(), to: window.to.getTime() };
    const scanExecutions = () =>
      client.execution.findMany({
        where: { stateMachineArn: MACHINE, startDate: { gte: window.from, lt: window.to } },
        select: { executionArn: true, stateMachineArn: true, status: true, startDate: true, durationMs: true, revisionId: true, failedStateName: true, failureError: true, causePattern: true, clusterId: true, rootCauseStateName: true, rootCauseError: true },
      });
    const overlayScan = async () => {
      const runs = await client.stateRun.findMany({
        where: { stateMachineArn: MACHINE, execution: { startDate: { gte: window.from, lt: window.to } } },
        select: { executionArn: true, stateName: true, status: true, attempts: true, durationMs: true, execution: { select: { startDate: true } } },
      });
      const byExecution = new Map<string, ExecutionRuns & { runs: StateRunFigures[] }>();
      for (const run of runs) {
        let entry = byExecution.get(run.executionArn);
        if (entry === undefined) byExecution.set(run.executionArn, (entry = { startDate: run.execution.startDate, runs: [] }));
        entry.runs.push({ stateName: run.stateName, status: run.status, attempts: run.attempts, durationMs: run.durationMs === null ? null : Number(run.durationMs) } as StateRunFigures);
      }
      return computeStateStats(byExecution.values(), epoch);
    };
    const seriesScan = async () => {
      const rows = await scanExecutions();
      return executionSeries(
        rows.map((row) => ({ startDate: row.startDate, status: row.status, durationMs: row.durationMs === null ? null : Number(row.durationMs) })),
        epoch,
        3_600_000,
      );
    };
    const clustersScan = async () => {
      const rows = await scanExecutions();
      return failureClusters(
        rows.map(
          (row): ClusterExecution => ({
            executionArn: row.executionArn,
            stateMachineArn: row.stateMachineArn,
            status: row.status,
            startDate: row.startDate,
            revisionId: row.revisionId,
            failure: row.clusterId === null ? null : { stateName: row.failedStateName, error: row.failureError, cause: row.causePattern, rootCause: row.rootCauseStateName === null ? null : { stateName: row.rootCauseStateName, error: row.rootCauseError } },
          }),
        ),
        epoch,
      );
    };
    const overlay = await queryStateStats(store, { stateMachineArn: MACHINE, ...window });
    const figures = {
      overlayMs: await median(() => queryStateStats(store, { stateMachineArn: MACHINE, ...window })),
      overlayScanMs: await median(overlayScan, 3),
      seriesMs: await median(() => queryExecutionSeries(store, { stateMachineArn: MACHINE, ...window, bucketMs: 3_600_000 })),
      seriesScanMs: await median(seriesScan, 3),
      clustersMs: await median(() => queryFailureClusters(store, { stateMachineArn: MACHINE, ...window })),
      clustersAllMs: await median(() => queryFailureClusters(store, window)),
      clustersScanMs: await median(clustersScan, 3),
    };
    // Last: it adds executions (and rollup rows of runs it does not store).
    const ingest = await ingestCost(store, end);
    return { backend, seedMs, rollupRebuildMs, ...ingest, overlayApproximate: overlay.approximate === true, ...figures };
  } finally {
    await store.close();
    await drop();
  }
}

const INGEST_SAMPLE = 1_000;

/** saveExecutionHistory per execution (20 runs) vs the rollup work of the same runs alone. */
async function ingestCost(store: Store, end: number): Promise<{ ingestPerExecutionMs: number; rollupPerExecutionMs: number }> {
  const { dialect } = internalsOf(store);
  const runs = (i: number): StateRun[] =>
    Array.from({ length: RUNS_PER_EXECUTION }, (_, o) => ({ stateName: `S${o}`, stateType: 'Task', status: 'SUCCEEDED', attempts: 1 + ((i + o) % 3), mapIndex: [], enteredEventId: null, exitedEventId: null, durationMs: 1 + ((i * 31 + o * 7) % 60_000), error: null, cause: null }));
  const input = (i: number) => ({
    execution: { executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:ingest-${i}`, stateMachineArn: MACHINE, name: `ingest-${i}`, status: 'SUCCEEDED', startDate: new Date(end - (i % 720) * 3_600_000), stopDate: null, input: '{}', output: '{}', error: null, cause: null, redriveCount: 0, historyComplete: true, partial: false },
    events: [],
    runs: runs(i),
    analyzerVersion: 2,
  });
  const ingestStart = performance.now();
  for (let i = 0; i < INGEST_SAMPLE; i++) await saveExecutionHistory(store, input(i));
  const ingestMs = performance.now() - ingestStart;
  const rollupStart = performance.now();
  for (let i = INGEST_SAMPLE; i < 2 * INGEST_SAMPLE; i++) {
    const { execution, runs: added } = input(i);
    const rows = added.map((run, ordinal) => runRow(execution, run, ordinal, 2));
    await withWriteTransaction(store, async (tx) => {
      const replaced = await readRollupRuns(tx, dialect, [execution.executionArn]);
      await applyStateRunRollupDelta(tx, dialect, replaced, rows.map(rollupRunOf));
    });
  }
  const rollupMs = performance.now() - rollupStart;
  return { ingestPerExecutionMs: ingestMs / INGEST_SAMPLE, rollupPerExecutionMs: rollupMs / INGEST_SAMPLE };
}

export async function runPatternsBench(count = 100_000): Promise<PatternsBenchResult> {
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const rows: PatternsBenchRow[] = [];
  for (const backend of ['sqlite', 'postgres'] as const) rows.push(await benchBackend(backend, count, end));
  return { executions: count, runs: count * RUNS_PER_EXECUTION, rows };
}

export function formatPatternsBench(result: PatternsBenchResult): string[] {
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  const lines = [
    `patterns over ${result.executions.toLocaleString('en-US')} executions / ${result.runs.toLocaleString('en-US')} state runs, 30-day window (target ≤ 300 ms each, ≤ 1 s at worst; baseline: the same rows read into JS and computed by lib/metrics)`,
  ];
  for (const row of result.rows) {
    lines.push(
      `  ${row.backend.padEnd(8)} overlay${row.overlayApproximate ? ' (rollup)' : ''} ${ms(row.overlayMs)} (scan ${ms(row.overlayScanMs)}, ${(row.overlayScanMs / row.overlayMs).toFixed(1)}×) · series 1h ${ms(row.seriesMs)} (scan ${ms(row.seriesScanMs)}, ${(row.seriesScanMs / row.seriesMs).toFixed(1)}×) · clusters ${ms(row.clustersMs)} / all machines ${ms(row.clustersAllMs)} (scan ${ms(row.clustersScanMs)}, ${(row.clustersScanMs / row.clustersMs).toFixed(1)}×) · seed ${ms(row.seedMs)}`,
      `           rollup rebuild ${ms(row.rollupRebuildMs)} · ingest ${ms(row.ingestPerExecutionMs)} per execution (20 runs), of which rollup upkeep ${ms(row.rollupPerExecutionMs)} (${((row.rollupPerExecutionMs / row.ingestPerExecutionMs) * 100).toFixed(0)} %)`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  for (const line of formatPatternsBench(await runPatternsBench(count))) console.log(line);
}
