// Retention while ingesting: how long saves of new executions take with and without a pruning
// pass running beside them (the pass's batches are short transactions with a pause after each),
// and how fast the pass deletes events. SQLite (one writer at a time: the case where a pass could
// hold ingestion up) and PostgreSQL.
// Run alone: `tsx tests/bench/retention-bench.ts [--executions 2000] [--events 100]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { HistoryEvent } from '../../lib/history/types.ts';
import { ANALYZER_VERSION } from '../../lib/history/index.ts';
import { openStore, pruneExpiredEvents, saveExecutionHistory, type Store } from '../../lib/store/index.ts';
import { createTestDatabase, findOrStartPostgres } from '../helpers/postgres.ts';

const DAY = 86_400_000;
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:RetentionBench';

/** A Pass chain's history: ExecutionStarted, `n` Pass states entered and exited, ExecutionSucceeded. */
function events(start: number, n: number): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  const push = (type: string, detailsKey: string, details: Record<string, unknown>) => {
    const id = out.length + 1;
    const timestamp = start + id;
    out.push({ id, previousEventId: id - 1, type, timestamp, details, position: id - 1, raw: { id, previousEventId: id - 1, type, timestamp: new Date(timestamp).toISOString(), [detailsKey]: details } });
  };
  push('ExecutionStarted', 'executionStartedEventDetails', { input: '{"order":{"id":1,"items":[1,2,3]}}', roleArn: 'arn:aws:iam::123456789012:role/r' });
  for (let i = 0; out.length < n - 1; i++) {
    push('PassStateEntered', 'stateEnteredEventDetails', { name: `S${i}`, input: '{"order":{"id":1,"items":[1,2,3]}}' });
    if (out.length < n - 1) push('PassStateExited', 'stateExitedEventDetails', { name: `S${i}`, output: '{"order":{"id":1,"items":[1,2,3]}}' });
  }
  push('ExecutionSucceeded', 'executionSucceededEventDetails', { output: '{"ok":true}' });
  return out;
}

async function save(store: Store, name: string, start: number, n: number): Promise<void> {
  const evs = events(start, n);
  await saveExecutionHistory(store, {
    stateMachine: { stateMachineArn: MACHINE, name: 'RetentionBench', type: 'STANDARD' },
    execution: {
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:RetentionBench:${name}`,
      stateMachineArn: MACHINE,
      name,
      status: 'SUCCEEDED',
      startDate: new Date(start),
      stopDate: new Date(start + n + 1),
      input: '{}',
      output: '{"ok":true}',
      error: null,
      cause: null,
      redriveCount: 0,
      historyComplete: true,
      partial: false,
    },
    events: evs,
    runs: [],
    analyzerVersion: ANALYZER_VERSION,
  });
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** Saves `count` new executions one after another; per-save latencies, ms. */
async function ingest(store: Store, prefix: string, count: number, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await save(store, `${prefix}-${i}`, Date.now() - i * 1000, n);
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

const fmt = (latencies: readonly number[]) => `p50 ${quantile(latencies, 0.5).toFixed(1)} ms · p95 ${quantile(latencies, 0.95).toFixed(1)} ms · max ${(latencies[latencies.length - 1] ?? 0).toFixed(1)} ms`;

export async function retentionBench(backend: 'sqlite' | 'postgres', executions: number, perExecution: number): Promise<void> {
  let url: string;
  let drop: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'steplens-retention-bench-'));
    url = `file:${path.join(dir, 'store.db')}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    await findOrStartPostgres();
    const db = await createTestDatabase('retention_bench');
    url = db.url;
    drop = db.drop;
  }
  const store = await openStore(url);
  try {
    const now = Date.now();
    for (let i = 0; i < executions; i++) await save(store, `old-${i}`, now - 40 * DAY - i * 1000, perExecution);
    const ingestCount = 200;
    const quiet = await ingest(store, 'quiet', ingestCount, perExecution);
    const started = performance.now();
    let pruneMs = 0;
    const pass = pruneExpiredEvents(
      store,
      { defaults: { eventsDays: 30, keepNewest: null }, stateMachines: {}, batchExecutions: 100, batchEvents: 20_000 },
      { now: new Date(), pause: () => new Promise((resolve) => setTimeout(resolve, 50)) },
    ).then((result) => {
      pruneMs = performance.now() - started;
      return result;
    });
    // Ingest while the pass runs (and for as long as it runs, at least ingestCount saves).
    const busy: number[] = [];
    let done = false;
    void pass.then(() => (done = true));
    let i = 0;
    while (!done || i < ingestCount) {
      // The poller waits on AWS between saves; better-sqlite3 answers synchronously, so without a
      // turn of the event loop here the pass's pauses (timers) would never fire.
      await new Promise((resolve) => setImmediate(resolve));
      const t = performance.now();
      await save(store, `busy-${i++}`, Date.now() - i * 1000, perExecution);
      busy.push(performance.now() - t);
    }
    busy.sort((a, b) => a - b);
    const result = await pass;
    console.log(
      `  ${backend.padEnd(8)} ${executions.toLocaleString('en-US')} old executions × ${perExecution} events: pass ${result.events.toLocaleString('en-US')} events in ${result.batches} batches, ${(pruneMs / 1000).toFixed(1)} s (${Math.round(result.events / (pruneMs / 1000)).toLocaleString('en-US')} events/s incl. 50 ms pauses)`,
    );
    console.log(`           save of a ${perExecution}-event execution: alone ${fmt(quiet)}; during the pass ${fmt(busy)} (${busy.length} saves)`);
  } finally {
    await store.close();
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { executions: { type: 'string' }, events: { type: 'string' } } });
  const executions = Number(values.executions ?? 2000);
  const perExecution = Number(values.events ?? 100);
  console.log('retention: saves beside a pruning pass (batches of 100 executions / 20,000 events, 50 ms pauses)');
  await retentionBench('sqlite', executions, perExecution);
  await retentionBench('postgres', executions, perExecution);
  process.exit(0);
}
