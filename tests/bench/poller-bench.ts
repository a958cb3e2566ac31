// Poller bench: a seeded workload on the built-in emulator with AWS's API
// quotas enforced (--aws-quotas), polled by the real poller (lib/poller) over HTTP with the SDK.
// Reported: API calls by operation next to the theoretical minimum for that workload (target
// ≤ 1.1×), throttles surfaced to the user (target 0), ingestion lag p50/p95, events/s stored;
// and the same workload polled, in the same run, by a naive strategy (every cycle: list every
// execution and re-fetch every history), for the ratio. Reported, never asserted.
//
// Workload (≥ 2,000 executions): Standard machines that succeed, fail, time out, are aborted,
// run long (a 20 s Wait, so they are tracked while running and end during the run) and one
// whose executions have 3,000+ event histories (an inline Map over 500 items × 2 Pass states);
// an Express machine logging ALL to CloudWatch Logs. Executions keep being started for the
// first seconds of polling, so the poller works both as a backfill and live.
//
// Theoretical minimum, for what the poller observed (S = Standard machines, M = all machines,
// G = log groups, C = poll cycles, R = redrive checks the configured interval asks for):
//   ListStateMachines                 1 page per discovery (M ≤ 1000; one discovery in the run)
//   DescribeStateMachine              M per discovery
//   DescribeStateMachineForExecution  1 per definition revision (one per Standard machine here)
//   ListExecutions                    Σ ceil(executions / 1000) per Standard machine (the backfill)
//                                     + (C − 1) × S (one "anything new or ended?" page per machine
//                                       per later cycle: nothing cheaper reveals new executions)
//                                     + R (redrive checks: ListExecutions redriveFilter=REDRIVEN)
//   GetExecutionHistory               Σ ceil(events / 1000) per Standard execution
//                                     + one page per refresh of a running execution: for each, the
//                                       poll cycles that started while it ran, at most one per
//                                       runningRefreshMs of its run (a read while running, to show
//                                       it, and the final read counted above)
//   FilterLogEvents                   Σ ceil(records / 10,000) per log group + (C − 1) × G
// The naive strategy is charged what it actually sends.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../lib/config/index.ts';
import { startEmulator, type Emulator } from '../../lib/emulator/index.ts';
import { startPoller, type PollerHandle } from '../../lib/poller/index.ts';
import { countIngestBacklog, countRows, getExecution, listExecutions, openStore, type Store } from '../../lib/store/index.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/steplens-bench';

const chain = (n: number, end: Record<string, unknown> = { Type: 'Succeed' }) => ({
  StartAt: 'S0',
  States: {
    ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, { Type: 'Pass', Next: i === n - 1 ? 'End' : `S${i + 1}` }])),
    End: end,
  },
});

export interface WorkloadMachine {
  key: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: unknown;
  executions: number;
  input: () => unknown;
  /** Started this many ms after the poller (live part of the workload); default 0 = before. */
  abortAfterMs?: number;
}

const ITEMS_500 = Array.from({ length: 500 }, (_, i) => i);

export function benchWorkload(scale = 1): WorkloadMachine[] {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  return [
    { key: 'ok', type: 'STANDARD', definition: chain(4), executions: n(700), input: () => ({ ok: true }) },
    { key: 'fails', type: 'STANDARD', definition: chain(2, { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' }), executions: n(250), input: () => ({}) },
    {
      key: 'timesout',
      type: 'STANDARD',
      definition: { TimeoutSeconds: 1, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } },
      executions: n(60),
      input: () => ({}),
    },
    {
      key: 'aborted',
      type: 'STANDARD',
      definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } },
      executions: n(40),
      input: () => ({}),
      abortAfterMs: 3_000,
    },
    {
      key: 'long',
      type: 'STANDARD',
      definition: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'W' }, W: { Type: 'Wait', Seconds: 20, Next: 'B' }, B: { Type: 'Pass', End: true } } },
      executions: n(40),
      input: () => ({}),
    },
    {
      key: 'big',
      type: 'STANDARD',
      definition: {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 0,
            ItemProcessor: { StartAt: 'P1', States: { P1: { Type: 'Pass', Next: 'P2' }, P2: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      executions: n(6),
      input: () => ({ items: ITEMS_500 }),
    },
    { key: 'express', type: 'EXPRESS', definition: chain(3), executions: n(904), input: () => ({ fast: true }) },
  ];
}

interface BuiltMachine {
  spec: WorkloadMachine;
  arn: string;
  executionArns: string[];
}

async function createMachines(emulator: Emulator, workload: readonly WorkloadMachine[], prefix: string): Promise<BuiltMachine[]> {
  const built: BuiltMachine[] = [];
  for (const spec of workload) {
    const name = `${prefix}-${spec.key}`;
    let loggingConfiguration: unknown;
    if (spec.type === 'EXPRESS') {
      const group = `/aws/vendedlogs/states/${name}`;
      await emulator.createLogGroup(group);
      loggingConfiguration = {
        level: 'ALL',
        includeExecutionData: true,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }],
      };
    }
    const out = await emulator.createStateMachine({
      name,
      type: spec.type,
      definition: JSON.stringify(spec.definition),
      roleArn: ROLE_ARN,
      ...(loggingConfiguration ? { loggingConfiguration } : {}),
    });
    built.push({ spec, arn: out.stateMachineArn, executionArns: [] });
  }
  return built;
}

/** Starts `count` executions of each machine, in-process, `batch` at a time. */
async function startExecutions(emulator: Emulator, machines: readonly BuiltMachine[], fraction: [number, number]): Promise<void> {
  for (const machine of machines) {
    const from = Math.floor(machine.spec.executions * fraction[0]);
    const to = Math.floor(machine.spec.executions * fraction[1]);
    const indexes = Array.from({ length: to - from }, (_, i) => from + i);
    for (let i = 0; i < indexes.length; i += 50) {
      const chunk = indexes.slice(i, i + 50);
      const arns = await Promise.all(
        chunk.map(async (k) => {
          const input = JSON.stringify(machine.spec.input());
          const name = `e${String(k).padStart(5, '0')}`;
          if (machine.spec.type === 'EXPRESS') {
            const out = await emulator.startSyncExecution(machine.arn, input, name);
            return String(out.executionArn);
          }
          return (await emulator.startExecution(machine.arn, input, name)).executionArn;
        }),
      );
      machine.executionArns.push(...arns);
    }
  }
}

async function sourceHistory(emulator: Emulator, executionArn: string): Promise<Array<Record<string, unknown>>> {
  const events: Array<Record<string, unknown>> = [];
  let nextToken: string | undefined;
  do {
    const page = await emulator.callSfn('GetExecutionHistory', { executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    events.push(...((page.events as Array<Record<string, unknown>> | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return events;
}

/** CloudWatch Logs records of a log group by execution, in id order (Express histories). */
async function loggedRecords(emulator: Emulator, logGroupName: string): Promise<Map<string, Array<Record<string, unknown>>>> {
  const byArn = new Map<string, Array<Record<string, unknown>>>();
  let nextToken: string | undefined;
  do {
    const page = await emulator.callLogs('FilterLogEvents', { logGroupName, limit: 10_000, ...(nextToken ? { nextToken } : {}) });
    for (const entry of (page.events as Array<{ message?: string }> | undefined) ?? []) {
      const record = JSON.parse(entry.message ?? '{}') as Record<string, unknown>;
      const arn = String(record.execution_arn);
      const list = byArn.get(arn) ?? [];
      list.push({ id: Number(record.id), type: record.type });
      byArn.set(arn, list);
    }
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  for (const list of byArn.values()) list.sort((a, b) => Number(a.id) - Number(b.id));
  return byArn;
}

async function allExecutions(emulator: Emulator, stateMachineArn: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  let nextToken: string | undefined;
  do {
    const page = await emulator.callSfn('ListExecutions', { stateMachineArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
    out.push(...((page.executions as Array<Record<string, unknown>> | undefined) ?? []));
    nextToken = page.nextToken as string | undefined;
  } while (nextToken);
  return out;
}

/**
 * The naive strategy, one cycle: list every state machine and every execution, re-fetch every
 * history from the start, re-read the log groups from the beginning. In-process (callSfn/callLogs
 * skip the emulator's HTTP quota limiter), so it neither throttles nor slows the real poller;
 * its calls are counted as they would be sent.
 */
async function naiveCycle(emulator: Emulator, machines: readonly BuiltMachine[], calls: Record<string, number>, describedRevisions: Set<string>): Promise<void> {
  const count = (op: string) => (calls[op] = (calls[op] ?? 0) + 1);
  count('ListStateMachines');
  await emulator.callSfn('ListStateMachines', { maxResults: 1000 });
  for (const machine of machines) {
    count('DescribeStateMachine');
    const described = await emulator.callSfn('DescribeStateMachine', { stateMachineArn: machine.arn });
    if (machine.spec.type === 'EXPRESS') {
      const group = `/aws/vendedlogs/states/${String(described.name)}`;
      let nextToken: string | undefined;
      do {
        count('FilterLogEvents');
        const page = await emulator.callLogs('FilterLogEvents', { logGroupName: group, startTime: 0, limit: 10_000, ...(nextToken ? { nextToken } : {}) });
        nextToken = page.nextToken as string | undefined;
      } while (nextToken);
      continue;
    }
    let nextToken: string | undefined;
    const executions: string[] = [];
    do {
      count('ListExecutions');
      const page = await emulator.callSfn('ListExecutions', { stateMachineArn: machine.arn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) });
      for (const e of (page.executions as Array<{ executionArn: string }> | undefined) ?? []) executions.push(e.executionArn);
      nextToken = page.nextToken as string | undefined;
    } while (nextToken);
    for (const arn of executions) {
      // Even the naive strategy reads a definition once per execution, not once per cycle.
      if (!describedRevisions.has(arn)) {
        describedRevisions.add(arn);
        count('DescribeStateMachineForExecution');
        await emulator.callSfn('DescribeStateMachineForExecution', { executionArn: arn });
      }
      let token: string | undefined;
      do {
        count('GetExecutionHistory');
        const page = await emulator.callSfn('GetExecutionHistory', { executionArn: arn, maxResults: 1000, ...(token ? { nextToken: token } : {}) });
        token = page.nextToken as string | undefined;
      } while (token);
    }
  }
}

export interface PollerBenchOptions {
  /** Workload scale (1 = 2,000 executions). */
  scale?: number;
  faultRate?: number;
  /** Share of each AWS bucket the poller may use (the bench owns the emulator: 1). */
  quotaFraction?: number;
  log?: (line: string) => void;
}

export interface PollerBenchResult {
  rows: Array<Record<string, string | number>>;
  summary: Record<string, number>;
  /** Executions whose stored events differ from the emulator's (empty = exact). */
  mismatches: string[];
}

const POLL = { intervalMs: 1_000, runningRefreshMs: 2_000, discoveryIntervalMs: 600_000, logsOverlapMs: 10_000, logsLookbackMs: 3_600_000 };
const REDRIVE_CHECK_MS = 60_000;

export async function runPollerBench(options: PollerBenchOptions = {}): Promise<PollerBenchResult> {
  const log = options.log ?? (() => {});
  const emulator = await startEmulator({ port: 0, awsQuotas: true, ...(options.faultRate ? { faultRate: options.faultRate } : {}) });
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-poller-bench-'));
  let store: Store | null = null;
  let poller: PollerHandle | null = null;
  try {
    store = await openStore(`file:${path.join(dir, 'bench.db')}`);
    const workload = benchWorkload(options.scale ?? 1);
    const machines = await createMachines(emulator, workload, 'bench');
    const built = performance.now();
    // Most of the workload exists before the poller starts (a backfill); the rest arrives live.
    await startExecutions(emulator, machines, [0, 0.8]);
    log(`  workload: ${machines.reduce((n, m) => n + m.executionArns.length, 0)} executions started in ${Math.round(performance.now() - built)} ms`);

    const config = parseConfig(JSON.stringify({ sources: [{ kind: 'endpoint', endpoint: emulator.url }], poll: POLL, quota: { fraction: options.quotaFraction ?? 1 } }), 'bench');
    const t0 = performance.now();
    const pollStartWall = Date.now();
    poller = startPoller({ store, sources: config.sources, poll: config.poll, quota: config.quota, concurrency: 8, redriveCheckMs: REDRIVE_CHECK_MS, log });
    const live = startExecutions(emulator, machines, [0.8, 1]);
    // Abort the "aborted" machine's executions a few seconds in.
    const aborting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await live;
      for (const machine of machines.filter((m) => m.spec.abortAfterMs !== undefined)) {
        for (const arn of machine.executionArns) await emulator.callSfn('StopExecution', { executionArn: arn, error: 'Bench', cause: 'aborted by the bench' });
      }
    })();
    await live;
    await aborting;
    const startedAll = Date.now();

    // Until the store holds every execution complete (or 5 minutes).
    const total = machines.reduce((n, m) => n + m.executionArns.length, 0);
    const deadline = performance.now() + 300_000;
    const cycleEnds: number[] = [];
    for (;;) {
      await poller.nextCycle();
      cycleEnds.push(Date.now());
      const stats = poller.stats();
      const rows = await countRows(store);
      const running = machines.some((m) => m.spec.key === 'long') && Date.now() - startedAll < 21_000;
      if (!running && rows.executions >= total && (await countIngestBacklog(store)) === 0) break;
      if (performance.now() > deadline) {
        log(`  gave up waiting: ${rows.executions}/${total} executions, backlog ${stats.backlog}`);
        break;
      }
    }
    const elapsedMs = performance.now() - t0;
    const stats = poller.stats();
    await poller.stop();
    poller = null;

    // Exactness: every execution's stored events equal the emulator's, event by event.
    const cycleStarts = [pollStartWall, ...cycleEnds.slice(0, -1)];
    const mismatches: string[] = [];
    let sourceEvents = 0;
    let standardPages = 0;
    let runningRefreshMin = 0;
    // Lag per execution from the store (its row's updatedAt is the completing save): live ones
    // (ended while the poller ran) from their end; backfilled ones from the poller's start.
    const liveLags: number[] = [];
    const backfillLags: number[] = [];
    for (const machine of machines) {
      const listed = machine.spec.type === 'STANDARD' ? await allExecutions(emulator, machine.arn) : [];
      const logged = machine.spec.type === 'EXPRESS' ? await loggedRecords(emulator, `/aws/vendedlogs/states/bench-${machine.spec.key}`) : new Map<string, Array<Record<string, unknown>>>();
      const byArn = new Map(listed.map((e) => [String(e.executionArn), e]));
      for (const arn of machine.executionArns) {
        const stored = await getExecution(store, arn);
        let expected: Array<Record<string, unknown>>;
        if (machine.spec.type === 'STANDARD') {
          expected = await sourceHistory(emulator, arn);
          standardPages += Math.max(1, Math.ceil(expected.length / 1000));
          const entry = byArn.get(arn);
          const startMs = Number(entry?.startDate ?? 0) * 1000;
          const stopMs = Number(entry?.stopDate ?? 0) * 1000;
          if (stopMs > pollStartWall) {
            // Cycles that started while it ran, at most one per refresh interval it ran.
            const from = Math.max(startMs, pollStartWall);
            const spanned = cycleStarts.filter((t) => t >= from && t < stopMs).length;
            runningRefreshMin += Math.min(spanned, Math.floor((stopMs - from) / POLL.runningRefreshMs));
          }
        } else {
          expected = logged.get(arn) ?? [];
        }
        sourceEvents += expected.length;
        if (stored?.execution.historyComplete && stored.execution.stopDate) {
          const stop = Date.parse(stored.execution.stopDate);
          const savedAt = Date.parse(stored.execution.updatedAt);
          if (stop > pollStartWall) liveLags.push(Math.max(0, savedAt - stop));
          else backfillLags.push(Math.max(0, savedAt - pollStartWall));
        }
        const got = stored?.events ?? [];
        if (!stored || got.length !== expected.length || !stored.execution.historyComplete) {
          mismatches.push(`${arn}: stored ${got.length} events (complete ${String(stored?.execution.historyComplete)}), source ${expected.length}`);
          continue;
        }
        for (let i = 0; i < expected.length; i++) {
          const w = expected[i] as Record<string, unknown>;
          const g = got[i];
          const wantTs = typeof w.timestamp === 'number' ? new Date(w.timestamp * 1000).toISOString() : undefined;
          if (g?.id !== Number(w.id) || g.type !== w.type || (wantTs !== undefined && new Date(g.timestamp ?? 0).toISOString() !== wantTs)) {
            mismatches.push(`${arn}: event ${i + 1} differs`);
            break;
          }
        }
      }
    }
    const standard = machines.filter((m) => m.spec.type === 'STANDARD');
    const expressGroups = machines.length - standard.length;
    const expressRecords = (await Promise.all(machines.filter((m) => m.spec.type === 'EXPRESS').map(async (m) => (await countExpressEvents(store as Store, m.arn))))).reduce((a, b) => a + b, 0);
    const redriveChecks = standard.length * Math.max(1, Math.ceil(elapsedMs / REDRIVE_CHECK_MS));
    const minimum: Record<string, number> = {
      ListStateMachines: 1,
      DescribeStateMachine: machines.length,
      DescribeStateMachineForExecution: standard.length,
      ListExecutions: standard.reduce((n, m) => n + Math.max(1, Math.ceil(m.executionArns.length / 1000)), 0) + (stats.cycles - 1) * standard.length + redriveChecks,
      GetExecutionHistory: standardPages + runningRefreshMin,
      FilterLogEvents: Math.max(1, Math.ceil(expressRecords / 10_000)) * expressGroups + (stats.cycles - 1) * expressGroups,
    };

    // The naive strategy over the same workload, as many cycles as the poller ran.
    const naiveCalls: Record<string, number> = {};
    const naiveT0 = performance.now();
    const described = new Set<string>();
    const naiveCycles = Math.min(stats.cycles, 60);
    for (let c = 0; c < naiveCycles; c++) await naiveCycle(emulator, machines, naiveCalls, described);
    const naiveMs = performance.now() - naiveT0;
    const naiveScale = stats.cycles / naiveCycles;

    const rows: Array<Record<string, string | number>> = [];
    let totalCalls = 0;
    let totalMin = 0;
    let totalNaive = 0;
    for (const op of Object.keys(minimum)) {
      const calls = stats.apiCalls[op] ?? 0;
      const min = minimum[op] as number;
      const naive = Math.round((naiveCalls[op] ?? 0) * naiveScale);
      totalCalls += calls;
      totalMin += min;
      totalNaive += naive;
      rows.push({ operation: op, calls, minimum: min, ratio: min > 0 ? Number((calls / min).toFixed(2)) : 0, naive });
    }
    rows.push({ operation: 'total', calls: totalCalls, minimum: totalMin, ratio: Number((totalCalls / totalMin).toFixed(3)), naive: totalNaive });
    const rowsStored = await countRows(store);
    return {
      rows,
      mismatches,
      summary: {
        executions: total,
        executionsStored: rowsStored.executions,
        eventsStored: rowsStored.events,
        sourceEvents,
        cycles: stats.cycles,
        elapsedMs: Math.round(elapsedMs),
        eventsPerSecond: Math.round(stats.eventsStored / (elapsedMs / 1000)),
        throttledResponses: stats.throttled,
        throttlesSurfaced: stats.sources.filter((s) => s.error !== null && /throttl|rate exceeded/i.test(s.error)).length,
        sourceErrors: stats.sources.filter((s) => s.error !== null).length,
        lagP50Ms: stats.lagP50Ms ?? -1,
        lagP95Ms: stats.lagP95Ms ?? -1,
        liveExecutions: liveLags.length,
        liveLagP50Ms: quantile(liveLags, 0.5),
        liveLagP95Ms: quantile(liveLags, 0.95),
        backfillExecutions: backfillLags.length,
        backfillLagP50Ms: quantile(backfillLags, 0.5),
        backfillLagP95Ms: quantile(backfillLags, 0.95),
        callsOverMinimum: Number((totalCalls / totalMin).toFixed(3)),
        naiveOverPoller: Number((totalNaive / totalCalls).toFixed(1)),
        naiveCyclesRun: naiveCycles,
        naiveMs: Math.round(naiveMs),
        mismatches: mismatches.length,
      },
    };
  } finally {
    await poller?.stop().catch(() => undefined);
    await store?.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return -1;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

async function countExpressEvents(store: Store, stateMachineArn: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await listExecutions(store, { stateMachineArn, limit: 500, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) n += (await getExecution(store, item.executionArn))?.events.length ?? 0;
    if (!page.nextCursor || page.items.length === 0) break;
    cursor = page.nextCursor;
  }
  return n;
}

/** Prints the bench (run-bench.ts calls this; also runnable alone with `tsx`). */
export function formatPollerBench(result: PollerBenchResult): string[] {
  const s = result.summary;
  const lines = [
    `poller on the emulator with --aws-quotas: ${s.executions} executions, ${s.sourceEvents} events (targets: calls ≤ 1.1× minimum, 0 throttles surfaced)`,
    `  ${'operation'.padEnd(34)} ${'calls'.padStart(7)} ${'minimum'.padStart(8)} ${'ratio'.padStart(6)} ${'naive'.padStart(8)}`,
  ];
  for (const row of result.rows) {
    lines.push(`  ${String(row.operation).padEnd(34)} ${String(row.calls).padStart(7)} ${String(row.minimum).padStart(8)} ${String(row.ratio).padStart(6)} ${String(row.naive).padStart(8)}`);
  }
  lines.push(
    `  throttled responses ${s.throttledResponses} · throttles surfaced ${s.throttlesSurfaced} · source errors ${s.sourceErrors} · cycles ${s.cycles} in ${(Number(s.elapsedMs) / 1000).toFixed(1)} s`,
    `  ingestion lag p50 ${s.lagP50Ms} ms · p95 ${s.lagP95Ms} ms · ${s.eventsPerSecond} events/s stored · exact: ${s.mismatches === 0 ? 'yes' : `NO (${s.mismatches} executions differ)`}`,
    `  lag of live executions (ended while polling, end → stored; ${s.liveExecutions}): p50 ${s.liveLagP50Ms} ms · p95 ${s.liveLagP95Ms} ms · backfilled (${s.backfillExecutions}, poller start → stored): p50 ${s.backfillLagP50Ms} ms · p95 ${s.backfillLagP95Ms} ms`,
    `  naive strategy (re-fetch every history each cycle, ${s.naiveCyclesRun} cycles measured): ${s.naiveOverPoller}× the poller's calls`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const faultRate = Number(process.env.FAULT_RATE ?? 0);
  const scale = Number(process.env.SCALE ?? 1);
  const result = await runPollerBench({ faultRate, scale, log: (l) => console.log(l) });
  for (const line of formatPollerBench(result)) console.log(line);
  for (const m of result.mismatches.slice(0, 10)) console.log(`  mismatch: ${m}`);
}
