// Alert evaluation per poll cycle (issue 12): 100 rules over 100,000 executions of 10 state
// machines started over the last 24 h (so the 24-hour window rules see all of them), on SQLite and
// PostgreSQL. Seeded like patterns-bench.ts: one INSERT … SELECT over a generated sequence, then
// ANALYZE. Figures:
//   first cycle   runner.evaluate() on a store no rule has fired on: figures, rules, and the one
//                 transaction writing every firing's delivery row (the deliveries are not sent);
//   per cycle     runner.evaluate() again, the steady state of every later cycle (median of 5);
//   figures+rules queryAlertFigures + the firing episodes + evaluateAlerts, without the write;
//   baseline      the same rules evaluated by loading the executions (and the failing runs and
//                 delivery keys) into JavaScript and computing every figure there with lib/metrics
//                 (the "loops, not SQL" way), same run. Both must give the same transitions.
// Run alone: `TZ=UTC npx tsx tests/bench/alerts-bench.ts [executions]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertFiguresRequest, createAlertRunner, evaluateAlerts, type AlertTransition } from '../../lib/alerts/index.ts';
import { parseConfig, type AlertRule } from '../../lib/config/index.ts';
import { FAILURE_STATUSES, failureClusterKey, percentile } from '../../lib/metrics/index.ts';
import { internalsOf } from '../../lib/store/db/internals.ts';
import { toNumber } from '../../lib/store/db/sql.ts';
import {
  CLUSTER_SIZE_SPAN_MS,
  listAlertStates,
  openStore,
  queryAlertFigures,
  recordListedExecutions,
  type AlertFigures,
  type EndedFailure,
  type MachineWindowFigures,
  type NewCluster,
  type Store,
} from '../../lib/store/index.ts';
import { createTestDatabase } from '../helpers/postgres.ts';

const MACHINES = Array.from({ length: 10 }, (_, i) => ({ name: `${['orders', 'billing', 'etl', 'media', 'iot'][i % 5]}-${Math.floor(i / 5)}`, i }));
const machineArn = (name: string) => `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
const HOUR = 3_600_000;
const FAILURE_KINDS = Array.from({ length: 12 }, (_, k) => ({ stateName: `S${k % 5}`, error: ['States.Timeout', 'Lambda.Unknown', 'Payment.Declined'][k % 3] as string, cause: `kind ${k} after <n> ms` }));

export interface AlertsBenchRow {
  backend: 'sqlite' | 'postgres';
  seedMs: number;
  firstCycleMs: number;
  firstCycleDeliveries: number;
  cycleMs: number;
  figuresMs: number;
  baselineMs: number;
  transitions: number;
  /** The baseline found the same transitions (rule and subject) as the SQL figures. */
  agree: boolean;
}

export interface AlertsBenchResult {
  executions: number;
  rules: number;
  rows: AlertsBenchRow[];
}

/** 100 rules of every kind: 40 execution-ended, 20 failure rate, 20 p95, 10 running longer, 10 new cluster. */
export function benchRules(webhook = 'http://127.0.0.1:9/hook'): AlertRule[] {
  const alerts: unknown[] = [];
  const pattern = (i: number) => ['*', 'orders-*', 'billing-0', 'etl-?', machineArn('iot-1'), 'media-*'][i % 6];
  const windows = [15, 60, 1_440];
  for (let i = 0; i < 40; i++) {
    alerts.push({ name: `ended-${i}`, when: { stateMachine: pattern(i), status: i % 3 === 0 ? ['TIMED_OUT'] : ['FAILED', 'TIMED_OUT'], ...(i % 4 === 1 ? { error: ['States.*', 'Payment.Declined', 'Lambda.*'][i % 3] } : {}) }, webhook });
  }
  for (let i = 0; i < 20; i++) alerts.push({ name: `rate-${i}`, when: { stateMachine: pattern(i), failureRate: { above: [0.05, 0.1, 0.2, 0.5][i % 4], windowMinutes: windows[i % 3], minExecutions: 20 } }, webhook });
  for (let i = 0; i < 20; i++) alerts.push({ name: `p95-${i}`, when: { stateMachine: pattern(i), durationP95Ms: { above: [10_000, 50_000, 58_000, 100_000][i % 4], windowMinutes: windows[i % 3] } }, webhook });
  for (let i = 0; i < 10; i++) alerts.push({ name: `stuck-${i}`, when: { stateMachine: pattern(i), runningLongerThanMs: [600_000, 3_600_000, 6 * HOUR][i % 3] }, webhook });
  for (let i = 0; i < 10; i++) alerts.push({ name: `cluster-${i}`, when: { stateMachine: pattern(i), newFailureCluster: { windowMinutes: [60, 1_440][i % 2] } }, webhook });
  return parseConfig(JSON.stringify({ alerts }), 'alerts bench').alerts;
}

/**
 * `count` executions over the 24 h before `end`, round-robin over the 10 machines: 85 %
 * SUCCEEDED, 10 % FAILED or TIMED_OUT (12 failure kinds per machine, so 120 clusters; a few
 * kinds only in the last hours, so new clusters exist), 2 % ABORTED, 3 % RUNNING; durations
 * 100 ms … 60 s. Each failure has its failing run (and a succeeded run before it).
 */
export async function seedAlerts(store: Store, count: number, end: number): Promise<void> {
  for (const machine of MACHINES) await recordListedExecutions(store, { stateMachine: { stateMachineArn: machineArn(machine.name), name: machine.name, type: 'STANDARD' }, executions: [] });
  const { client, dialect } = internalsOf(store);
  const pg = dialect.backend === 'postgres';
  const text = (expr: string) => (pg ? `CAST(${expr} AS TEXT)` : expr);
  const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
  const date = (expr: string) => (pg ? `(to_timestamp((${expr}) / 1000.0) AT TIME ZONE 'UTC')` : `(strftime('%Y-%m-%dT%H:%M:%f', (${expr}) / 1000.0, 'unixepoch') || '+00:00')`);
  const start = end - 24 * HOUR;
  // Newest last: n = count − 1 started just before `end`.
  const ms = `(${start} + (n * ${Math.floor((24 * HOUR) / count)}) + ((n * 7919) % 1000))`;
  const m = `(n % ${MACHINES.length})`;
  const machine = `CASE ${m} ${MACHINES.map((x) => `WHEN ${x.i} THEN ${quote(machineArn(x.name))}`).join(' ')} END`;
  const status = `CASE WHEN (n * 37) % 100 < 85 THEN 'SUCCEEDED' WHEN (n * 37) % 100 < 93 THEN 'FAILED' WHEN (n * 37) % 100 < 95 THEN 'TIMED_OUT' WHEN (n * 37) % 100 < 97 THEN 'ABORTED' ELSE 'RUNNING' END`;
  const failing = `(n * 37) % 100 BETWEEN 85 AND 94`;
  // Kinds 10 and 11 appear only in the last 3 hours: new clusters.
  const kind = `(CASE WHEN n < ${Math.floor(count * (21 / 24))} THEN n % 10 ELSE n % 12 END)`;
  const duration = `(100 + (n * 7919) % 60000)`;
  const kindCase = (pick: (k: number) => string) => `CASE WHEN ${failing} THEN CASE ${kind} ${FAILURE_KINDS.map((_, k) => `WHEN ${k} THEN ${pick(k)}`).join(' ')} END END`;
  const clusterCase = `CASE WHEN ${failing} THEN CASE ${m} ${MACHINES.map((x) => `WHEN ${x.i} THEN CASE ${kind} ${FAILURE_KINDS.map((f, k) => `WHEN ${k} THEN ${quote(failureClusterKey(machineArn(x.name), f).id)}`).join(' ')} END`).join(' ')} END END`;
  const [t, f] = pg ? ['true', 'false'] : ['1', '0'];
  const select = `SELECT replace(${machine}, ':stateMachine:', ':execution:') || ':e-' || ${text('n')}, ${machine}, 'e-' || ${text('n')}, ${status},
      ${date(ms)}, CASE WHEN (n * 37) % 100 >= 97 THEN NULL ELSE ${date(`${ms} + ${duration}`)} END,
      CASE WHEN (n * 37) % 100 >= 97 THEN NULL ELSE ${duration} END, ${t}, ${f}, ${f}, 2,
      ${kindCase((k) => quote(FAILURE_KINDS[k]?.stateName ?? ''))}, ${kindCase((k) => quote(FAILURE_KINDS[k]?.error ?? ''))}, ${kindCase((k) => quote(FAILURE_KINDS[k]?.cause ?? ''))},
      ${kindCase((k) => quote(FAILURE_KINDS[k]?.cause ?? ''))}, ${clusterCase}, ${date('0')}, ${date('0')}`;
  const columns = '"executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "durationMs", "historyComplete", "partial", "expired", "analyzerVersion", "failedStateName", "error", "cause", "causePattern", "clusterId", "createdAt", "updatedAt"';
  const sequence = pg ? `generate_series(CAST(0 AS BIGINT), ${count - 1}) AS g(n)` : 'g';
  const recursive = pg ? '' : `WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < ${count - 1}) `;
  await client.$executeRawUnsafe(`${recursive}INSERT INTO "Execution" (${columns}) ${select} FROM ${sequence}`);
  await client.$executeRawUnsafe(`UPDATE "Execution" SET "failureError" = "error" WHERE "clusterId" IS NOT NULL`);
  // The failing run (ordinal 1, in the failing state) and a run before it.
  for (const [ordinal, runState, name] of [
    [0, 'SUCCEEDED', `'Start'`],
    [1, 'FAILED', '"failedStateName"'],
  ] as const) {
    await client.$executeRawUnsafe(
      `INSERT INTO "StateRun" ("executionArn", "ordinal", "stateMachineArn", "stateName", "stateType", "status", "attempts", "mapIndex", "durationMs", "analyzerVersion")
       SELECT "executionArn", ${ordinal}, "stateMachineArn", ${name}, 'Task', '${runState}', 1, '[]', 10, 2 FROM "Execution" WHERE "clusterId" IS NOT NULL`,
    );
  }
  await client.$executeRawUnsafe('ANALYZE');
}

/** The baseline: every figure computed in JavaScript over the rows read from the store. */
async function figuresInJs(store: Store, rules: readonly AlertRule[], now: Date): Promise<AlertFigures> {
  const { client } = internalsOf(store);
  const request = alertFiguresRequest(rules, now);
  const nowMs = now.getTime();
  const rows = await client.execution.findMany({
    select: { executionArn: true, stateMachineArn: true, status: true, startDate: true, stopDate: true, durationMs: true, error: true, cause: true, failedStateName: true, failureError: true, clusterId: true, analyzerVersion: true, expired: true },
  });
  const names = new Map((await client.stateMachine.findMany({ select: { stateMachineArn: true, name: true } })).map((m) => [m.stateMachineArn, m.name]));
  const delivered = await client.alertDelivery.findMany({ select: { subject: true, rule: true } });
  const fired = new Map<string, Set<string>>();
  for (const d of delivered) (fired.get(d.subject) ?? fired.set(d.subject, new Set()).get(d.subject))?.add(d.rule);
  const failedRuns = await client.stateRun.findMany({ where: { status: 'FAILED' }, select: { executionArn: true, stateName: true, ordinal: true, mapIndex: true } });
  const runOf = new Map<string, { ordinal: number; mapIndex: number[] }>();
  const execByArn = new Map(rows.map((r) => [r.executionArn, r]));
  for (const run of failedRuns) {
    const e = execByArn.get(run.executionArn);
    const prev = runOf.get(run.executionArn);
    if (e && run.stateName === e.failedStateName && (!prev || prev.ordinal < run.ordinal)) runOf.set(run.executionArn, { ordinal: run.ordinal, mapIndex: JSON.parse(run.mapIndex) as number[] });
  }
  const isFailure = (s: string) => (FAILURE_STATUSES as readonly string[]).includes(s);
  const start = (r: (typeof rows)[number]) => r.startDate?.getTime() ?? null;
  const clusterRecent = new Map<string, number>();
  const clusterFirst = new Map<string, number>();
  for (const r of rows) {
    const s = start(r);
    if (r.clusterId === null || s === null) continue;
    if (s >= nowMs - CLUSTER_SIZE_SPAN_MS) clusterRecent.set(r.clusterId, (clusterRecent.get(r.clusterId) ?? 0) + 1);
    clusterFirst.set(r.clusterId, Math.min(clusterFirst.get(r.clusterId) ?? Infinity, s));
  }
  const ended: EndedFailure[] = [];
  if (request.endedSince !== null) {
    for (const r of rows) {
      if (!isFailure(r.status) || r.analyzerVersion === null || r.stopDate === null || r.stopDate < request.endedSince) continue;
      ended.push({
        executionArn: r.executionArn,
        stateMachineArn: r.stateMachineArn,
        stateMachineName: names.get(r.stateMachineArn) ?? '',
        status: r.status,
        stopDate: r.stopDate.getTime(),
        error: r.error,
        cause: r.cause,
        stateName: r.failedStateName,
        clusterId: r.clusterId,
        clusterSize: r.clusterId === null ? null : (clusterRecent.get(r.clusterId) ?? 0),
        failingRun: runOf.get(r.executionArn) ?? null,
        firedRules: [...(fired.get(r.executionArn) ?? [])],
      });
    }
  }
  const windows = request.windowsMs.map((windowMs) => {
    const byMachine = new Map<string, { rows: typeof rows }>();
    for (const r of rows) {
      const s = start(r);
      if (s === null || s < nowMs - windowMs || s >= nowMs) continue;
      (byMachine.get(r.stateMachineArn) ?? byMachine.set(r.stateMachineArn, { rows: [] }).get(r.stateMachineArn))?.rows.push(r);
    }
    const machines: MachineWindowFigures[] = [...byMachine].map(([arn, { rows: list }]) => {
      const counts: Record<string, number> = {};
      for (const r of list) counts[r.status] = (counts[r.status] ?? 0) + 1;
      const durations = list.map((r) => toNumber(r.durationMs)).filter((d): d is number => d !== null);
      const latest = list.filter((r) => isFailure(r.status)).sort((a, b) => (b.stopDate?.getTime() ?? 0) - (a.stopDate?.getTime() ?? 0) || (b.executionArn > a.executionArn ? 1 : -1))[0];
      return {
        stateMachineArn: arn,
        stateMachineName: names.get(arn) ?? '',
        counts,
        knownDurations: durations.length,
        p95Ms: percentile(durations, 0.95),
        latestFailure: latest ? { executionArn: latest.executionArn, stateName: latest.failedStateName, error: latest.error, cause: latest.cause } : null,
      };
    });
    return { windowMs, machines: machines.sort((a, b) => (a.stateMachineArn < b.stateMachineArn ? -1 : 1)) };
  });
  const running =
    request.runningLongerThanMs === null
      ? []
      : rows
          .filter((r) => r.status === 'RUNNING' && !r.expired && r.startDate !== null && r.startDate.getTime() < nowMs - (request.runningLongerThanMs as number))
          .map((r) => ({ executionArn: r.executionArn, stateMachineArn: r.stateMachineArn, stateMachineName: names.get(r.stateMachineArn) ?? '', startDate: (r.startDate as Date).getTime() }));
  const newClusters = request.newClusterWindowsMs.map((windowMs) => {
    const members = new Map<string, typeof rows>();
    for (const r of rows) {
      const s = start(r);
      if (r.clusterId === null || !isFailure(r.status) || s === null || s < nowMs - windowMs || s >= nowMs) continue;
      if ((clusterFirst.get(r.clusterId) ?? 0) < nowMs - windowMs) continue;
      (members.get(r.clusterId) ?? members.set(r.clusterId, []).get(r.clusterId))?.push(r);
    }
    const clusters: NewCluster[] = [...members].map(([id, list]) => {
      const newest = [...list].sort((a, b) => (start(b) ?? 0) - (start(a) ?? 0) || (b.executionArn > a.executionArn ? 1 : -1))[0] as (typeof rows)[number];
      return {
        clusterId: id,
        stateMachineArn: newest.stateMachineArn,
        stateMachineName: names.get(newest.stateMachineArn) ?? '',
        stateName: newest.failedStateName,
        error: newest.failureError,
        causePattern: null,
        count: list.length,
        firstSeen: Math.min(...list.map((r) => start(r) ?? Infinity)),
        sample: { executionArn: newest.executionArn, stateName: newest.failedStateName, error: newest.error, cause: newest.cause, failingRun: runOf.get(newest.executionArn) ?? null },
        firedRules: [...(fired.get(id) ?? [])],
      };
    });
    return { windowMs, clusters };
  });
  return { now: nowMs, ended, windows, running, newClusters };
}

const transitionKeys = (transitions: AlertTransition[]) => transitions.map((t) => `${t.type} ${t.rule.name} ${t.message.subject}`).sort();

export async function median(run: () => Promise<unknown>, samples = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(samples / 2)] ?? 0;
}

async function benchBackend(backend: 'sqlite' | 'postgres', count: number, end: number): Promise<AlertsBenchRow> {
  let url: string;
  let drop: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-alerts-bench-'));
    url = `file:${path.join(dir, 'bench.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    ({ url, drop } = await createTestDatabase('alerts-bench'));
  }
  const store = await openStore(url);
  try {
    const seedStart = performance.now();
    await seedAlerts(store, count, end);
    const seedMs = performance.now() - seedStart;
    const rules = benchRules();
    const now = new Date(end);
    const conditionNames = rules.filter((r) => r.kind === 'failureRate' || r.kind === 'durationP95Ms' || r.kind === 'runningLongerThanMs').map((r) => r.name);

    // Same answer both ways, before anything fired.
    const sqlFigures = async () => evaluateAlerts(rules, await queryAlertFigures(store, alertFiguresRequest(rules, now)), await listAlertStates(store, { rules: conditionNames, firingOnly: true }));
    const sqlTransitions = await sqlFigures();
    const jsTransitions = evaluateAlerts(rules, await figuresInJs(store, rules, now), []);
    const agree = JSON.stringify(transitionKeys(sqlTransitions)) === JSON.stringify(transitionKeys(jsTransitions));
    await sqlFigures(); // warm
    const figuresMs = await median(sqlFigures);
    const baselineMs = await median(async () => evaluateAlerts(rules, await figuresInJs(store, rules, now), await listAlertStates(store, { rules: conditionNames, firingOnly: true })), 3);

    // No sends: the outbox keeps the rows, and later evaluations find them there.
    const runner = createAlertRunner({ store, rules, dashboardUrl: 'http://127.0.0.1:3000', owner: 'alerts-bench', clock: () => end, autoSend: false });
    const firstStart = performance.now();
    const first = await runner.evaluate();
    const firstCycleMs = performance.now() - firstStart;
    const cycleMs = await median(async () => {
      const result = await runner.evaluate();
      if (!result.leased || result.written !== 0) throw new Error(`a steady-state cycle was not leased or wrote ${result.written} deliveries`);
    });
    await runner.stop();
    return { backend, seedMs, firstCycleMs, firstCycleDeliveries: first.written, cycleMs, figuresMs, baselineMs, transitions: sqlTransitions.length, agree };
  } finally {
    await store.close();
    await drop();
  }
}

export async function runAlertsBench(count = 100_000): Promise<AlertsBenchResult> {
  const end = Math.floor(Date.now() / 60_000) * 60_000;
  const rows: AlertsBenchRow[] = [];
  for (const backend of ['sqlite', 'postgres'] as const) rows.push(await benchBackend(backend, count, end));
  return { executions: count, rules: benchRules().length, rows };
}

export function formatAlertsBench(result: AlertsBenchResult): string[] {
  const ms = (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ms`;
  const lines = [
    `alert evaluation per poll cycle, ${result.rules} rules over ${result.executions.toLocaleString('en-US')} executions of 10 machines in the last 24 h (windows 15 min / 1 h / 24 h; baseline: the rows read into JS and the figures computed there with lib/metrics, same run)`,
  ];
  for (const row of result.rows) {
    lines.push(
      `  ${row.backend.padEnd(8)} per cycle ${ms(row.cycleMs)} (figures + rules ${ms(row.figuresMs)}; baseline ${ms(row.baselineMs)}, ${(row.baselineMs / row.figuresMs).toFixed(1)}×) · first cycle ${ms(row.firstCycleMs)} writing ${row.firstCycleDeliveries.toLocaleString('en-US')} deliveries · ${row.transitions.toLocaleString('en-US')} transitions, ${row.agree ? 'same as the baseline' : 'DIFFERENT FROM THE BASELINE'} · seed ${ms(row.seedMs)}`,
    );
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  for (const line of formatAlertsBench(await runAlertsBench(count))) console.log(line);
}
