// queryFailureClusters (one SQL statement over the derived Execution columns) against its
// definition, lib/metrics failureClusters, on SQLite and PostgreSQL: a hand-checked machine,
// generated executions (statuses, unknown dates, revisions, unanalysed rows, causes that
// normalise together, root causes, stale failure columns on rows that are no longer failed),
// the ?cluster= filter of the executions list and counts, and real recorded histories through
// the one ingest path (every failure in exactly one cluster, a Map iteration's failure that
// aborted its siblings one member of one cluster).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, analyzeExecution, deriveExecution, parseHistory } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { failureColumns } from '../../../lib/ingest/derived-fields.ts';
import {
  SPARKLINE_POINTS,
  failureClusterKey,
  failureClusters,
  normalizeCause,
  unanalysedClusterKey,
  type ClusterExecution,
  type TimeWindow,
} from '../../../lib/metrics/index.ts';
import {
  countExecutionsByStatus,
  listExecutions,
  openStore,
  queryFailureClusters,
  recordListedExecutions,
  saveExecutionHistory,
  type Store,
} from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { entered, ev, execStarted, failed, scheduled, started } from '../../unit/history/build-events.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const ACCOUNT = '123456789012';
const machineArn = (machine: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machine}`;
const executionArn = (machine: string, name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:${name}`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T0 = Date.UTC(2024, 4, 1, 12);
const CORPUS_DIR = path.resolve(import.meta.dirname, '../../../../shared/aws-histories');

type Seeded = ClusterExecution & { name: string; machine: string };

function seededExecution(machine: string, name: string, fields: Partial<Seeded>): Seeded {
  return { machine, name, executionArn: executionArn(machine, name), stateMachineArn: machineArn(machine), status: 'FAILED', startDate: null, revisionId: null, failure: null, ...fields };
}

/** Every execution saved to the test's store so far: the reference of the view across machines. */
const saved: Seeded[] = [];

async function save(store: Store, seeded: Seeded): Promise<void> {
  saved.push(seeded);
  const start = seeded.startDate === null ? null : new Date(seeded.startDate);
  await saveExecutionHistory(store, {
    ...(seeded.revisionId === null
      ? {}
      : { stateMachine: { stateMachineArn: seeded.stateMachineArn, name: seeded.machine, type: 'STANDARD' as const, definition: `{"Comment":"${seeded.revisionId}"}`, revisionId: seeded.revisionId } }),
    execution: {
      executionArn: seeded.executionArn,
      stateMachineArn: seeded.stateMachineArn,
      name: seeded.name,
      status: seeded.status,
      startDate: start,
      stopDate: start === null ? null : new Date(start.getTime() + 1000),
      input: '{}',
      output: null,
      error: seeded.failure?.error ?? null,
      cause: null,
      redriveCount: 0,
      historyComplete: true,
      partial: false,
      failure: seeded.failure === null ? null : failureColumns(seeded.stateMachineArn, { ...seeded.failure, cause: seeded.failure.cause === null ? null : String(seeded.failure.cause) }),
    },
    events: [],
    runs: [],
    analyzerVersion: ANALYZER_VERSION,
  });
}

const STATUSES = ['SUCCEEDED', 'FAILED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'] as const;
const STATES = ['Charge', 'Ship', null];
const ERRORS = ['Payment.Declined', 'States.Timeout', null];
const REVISIONS = ['rev-a', 'rev-b', 'rev-c'];

/**
 * Start dates over [T0 − 1 h, T0 + 3 h) on a 100 s grid (ties), 5 % unknown; FAILED and TIMED_OUT
 * ones with a failure (15 % unanalysed) from a few states, errors and causes whose ids, numbers
 * and quoted values differ but normalise together; root causes on 40 %; RUNNING and ABORTED rows
 * sometimes still carrying an old failure (a redriven execution), which must not count.
 */
function generated(machine: string, count: number, seed: number): Seeded[] {
  const next = mulberry32(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const out: Seeded[] = [];
  for (let i = 0; i < count; i++) {
    const status = pick(STATUSES);
    const startDate = next() < 0.05 ? null : T0 - HOUR + Math.floor(next() * 4 * 36) * 100_000;
    const era = startDate === null ? 0 : Math.floor((startDate - (T0 - HOUR)) / (4 * HOUR / 3));
    const revisionId = next() < 0.1 ? null : (REVISIONS[Math.min(2, era)] ?? 'rev-a');
    const failing = status === 'FAILED' || status === 'TIMED_OUT' || next() < 0.2;
    const cause = pick([
      `Request ${Math.floor(next() * 1e9).toString(16)}-aaaa-bbbb timed out after ${Math.floor(next() * 900)} ms`,
      `Item "${String.fromCharCode(97 + Math.floor(next() * 26))}x" missing`,
      null,
    ]);
    const failure =
      failing && next() >= 0.15
        ? { stateName: pick(STATES), error: pick(ERRORS), cause, rootCause: next() < 0.4 ? { stateName: pick(['Inner', 'Deep']), error: pick(['E.Root', null]) } : null }
        : null;
    out.push(seededExecution(machine, `e-${String(i).padStart(4, '0')}`, { status, startDate, revisionId, failure }));
  }
  return out;
}

function corpusFailures(): Array<{ file: string; events: ReturnType<typeof parseHistory>['events'] }> {
  const out: Array<{ file: string; events: ReturnType<typeof parseHistory>['events'] }> = [];
  for (const file of readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const events = parseHistory(JSON.parse(readFileSync(path.join(CORPUS_DIR, file), 'utf8'))).events;
    const status = analyzeExecution(events).status;
    if (status === 'FAILED' || status === 'TIMED_OUT') out.push({ file, events });
  }
  return out;
}

for (const backend of storeBackends('failure-clusters')) {
  describe(`queryFailureClusters on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const seeded = [...generated('Orders', 600, 11), ...generated('Other', 150, 12)];

    beforeAll(async () => {
      saved.length = 0;
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      for (const s of seeded) await save(store, s);
    }, 180_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    const sql = (window: TimeWindow, stateMachineArn?: string, limit?: number) =>
      queryFailureClusters(store, { from: new Date(window.from), to: new Date(window.to), ...(stateMachineArn !== undefined ? { stateMachineArn } : {}), ...(limit !== undefined ? { limit } : {}) });

    it('gives hand-checked clusters for a small machine', async () => {
      const rootCause = { stateName: 'Transform', error: 'Runtime.ExitError' };
      const tiny = [
        seededExecution('Tiny', 'a1', { startDate: T0, revisionId: 'r1', failure: { stateName: 'Charge', error: 'E1', cause: 'timed out after 30 ms', rootCause: null } }),
        seededExecution('Tiny', 'a2', { status: 'TIMED_OUT', startDate: T0 + 10 * MINUTE, revisionId: 'r2', failure: { stateName: 'Charge', error: 'E1', cause: 'timed out after 45 ms', rootCause } }),
        seededExecution('Tiny', 'a3', { startDate: T0 + 20 * MINUTE, revisionId: 'r2', failure: null }),
        seededExecution('Tiny', 'a4', { status: 'ABORTED', startDate: T0 + 5 * MINUTE, revisionId: 'r1', failure: null }),
        seededExecution('Tiny', 'a5', { startDate: T0 + 30 * MINUTE, revisionId: 'r2', failure: { stateName: 'Charge', error: 'E1', cause: 'timed out after 1 ms', rootCause: null } }),
      ];
      const window = { from: T0, to: T0 + 30 * MINUTE };
      const charge = failureClusterKey(machineArn('Tiny'), { stateName: 'Charge', error: 'E1', cause: 'timed out after 9 ms' });
      const sparkline = (points: Record<number, number>) => Array.from({ length: SPARKLINE_POINTS }, (_, i) => points[i] ?? 0);
      const expected = [
        {
          ...charge,
          causePattern: 'timed out after <n> ms',
          count: 2,
          firstSeen: T0,
          lastSeen: T0 + 10 * MINUTE,
          revisions: ['r1', 'r2'],
          rootCauses: [{ ...rootCause, count: 1 }],
          sampleExecutionArns: [executionArn('Tiny', 'a2'), executionArn('Tiny', 'a1')],
          sparkline: sparkline({ 0: 1, 10: 1 }),
        },
        {
          ...unanalysedClusterKey(machineArn('Tiny')),
          count: 1,
          firstSeen: T0 + 20 * MINUTE,
          lastSeen: T0 + 20 * MINUTE,
          revisions: ['r2'],
          rootCauses: [],
          sampleExecutionArns: [executionArn('Tiny', 'a3')],
          sparkline: sparkline({ 20: 1 }),
        },
      ];
      expect(failureClusters(tiny, window)).toEqual(expected);
      for (const s of tiny) await save(store, s);
      expect(await sql(window, machineArn('Tiny'))).toEqual({ items: expected, failures: 3, clusters: 2, sparklineSliceMs: MINUTE });
    });

    it('matches lib/metrics failureClusters over generated executions, per machine and across all', async () => {
      const windows: TimeWindow[] = [
        { from: T0 - HOUR, to: T0 + 3 * HOUR },
        { from: T0 + 7, to: T0 + HOUR + 100_007 },
        { from: T0 - 30 * HOUR, to: T0 - 29 * HOUR },
      ];
      for (const window of windows) {
        for (const machine of [machineArn('Orders'), machineArn('Other'), undefined]) {
          const expected = failureClusters(saved, window, machine);
          const got = await sql(window, machine);
          expect(got.items, `${JSON.stringify(window)} ${machine ?? 'all'}`).toEqual(expected);
          const inWindow = saved.filter((s) => {
            const start = s.startDate === null ? null : Number(s.startDate);
            return (machine === undefined || s.stateMachineArn === machine) && start !== null && start >= window.from && start < window.to;
          });
          // Every failure of the window is in exactly one cluster.
          expect(got.failures).toBe(inWindow.filter((s) => s.status === 'FAILED' || s.status === 'TIMED_OUT').length);
          expect(got.items.reduce((sum, cluster) => sum + cluster.count, 0)).toBe(got.failures);
          expect(got.clusters).toBe(expected.length);
        }
      }
      const full = await sql(windows[0] as TimeWindow, machineArn('Orders'));
      expect(full.clusters).toBeGreaterThan(10);
      // Causes with different ids and numbers normalise into one cluster; root causes are counted.
      expect(full.items.some((cluster) => cluster.causePattern === 'Request <hex>-aaaa-bbbb timed out after <n> ms' || cluster.causePattern.includes('<n> ms'))).toBe(true);
      expect(full.items.some((cluster) => cluster.rootCauses.length > 1)).toBe(true);
      expect(full.items.some((cluster) => cluster.id === unanalysedClusterKey(machineArn('Orders')).id)).toBe(true);
      const limited = await sql(windows[0] as TimeWindow, machineArn('Orders'), 3);
      expect(limited.items).toEqual(full.items.slice(0, 3));
      expect(limited.failures).toBe(full.failures);
      expect(limited.clusters).toBe(full.clusters);
    });

    it('lists and counts a cluster’s members with ?cluster=, the unanalysed one too', async () => {
      const window = { from: T0 - HOUR, to: T0 + 3 * HOUR };
      const { items } = await sql(window, machineArn('Orders'));
      for (const cluster of items) {
        const members = seeded.filter((s) => {
          if (s.stateMachineArn !== cluster.stateMachineArn || (s.status !== 'FAILED' && s.status !== 'TIMED_OUT')) return false;
          const key = s.failure === null ? unanalysedClusterKey(s.stateMachineArn) : failureClusterKey(s.stateMachineArn, s.failure);
          return key.id === cluster.id;
        });
        const listed = await listExecutions(store, { cluster: cluster.id, limit: 500 });
        expect(listed.items.map((item) => item.executionArn).sort()).toEqual(members.map((s) => s.executionArn).sort());
        const counts = await countExecutionsByStatus(store, { cluster: cluster.id });
        expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(members.length);
        const dated = await listExecutions(store, { cluster: cluster.id, from: new Date(window.from), to: new Date(window.to - 1), limit: 500 });
        expect(dated.items.length).toBe(cluster.count);
      }
      // A listed (never fetched) failed execution joins its machine's unanalysed cluster.
      await recordListedExecutions(store, {
        stateMachine: { stateMachineArn: machineArn('Listed'), name: 'Listed', type: 'STANDARD' },
        executions: [{ executionArn: executionArn('Listed', 'x'), stateMachineArn: machineArn('Listed'), name: 'x', status: 'TIMED_OUT', startDate: new Date(T0), stopDate: new Date(T0 + 5), redriveCount: 0 }],
      });
      const listed = await sql(window, machineArn('Listed'));
      expect(listed.items.map((cluster) => [cluster.id, cluster.count])).toEqual([[unanalysedClusterKey(machineArn('Listed')).id, 1]]);
      expect((await listExecutions(store, { cluster: unanalysedClusterKey(machineArn('Listed')).id })).items.map((item) => item.executionArn)).toEqual([executionArn('Listed', 'x')]);
      expect((await listExecutions(store, { cluster: 'ffffffffffffffff' })).items).toEqual([]);
    });

    it('clusters recorded AWS failures ingested through the one path: every failure in exactly one cluster', async () => {
      const failures = corpusFailures();
      expect(failures.length).toBeGreaterThan(20);
      const arn = machineArn('Corpus');
      for (const [i, { file, events }] of failures.entries()) {
        // Recordings mask timestamps: each gets a start inside the window instead.
        await ingestExecution(store, { executionArn: executionArn('Corpus', `c${i}`), stateMachineArn: arn, name: file.slice(0, 80), events, fallbackStartDate: new Date(T0 + i * 1000) });
      }
      const window = { from: T0, to: T0 + HOUR };
      const result = await sql(window, arn);
      expect(result.failures).toBe(failures.length);
      expect(result.items.reduce((sum, cluster) => sum + cluster.count, 0)).toBe(failures.length);
      expect(result.items.some((cluster) => cluster.id === unanalysedClusterKey(arn).id)).toBe(false);
      const byId = new Map(result.items.map((cluster) => [cluster.id, cluster]));
      for (const [i, { events }] of failures.entries()) {
        const failure = deriveExecution(events, analyzeExecution(events)).failure;
        expect(failure, `c${i}`).not.toBeNull();
        const key = failureClusterKey(arn, failure as NonNullable<typeof failure>);
        const cluster = byId.get(key.id);
        expect(cluster, `c${i}`).toBeDefined();
        expect(cluster?.causePattern).toBe(normalizeCause(failure?.cause ?? null));
        const members = await listExecutions(store, { cluster: key.id, limit: 500 });
        expect(members.items.filter((item) => item.executionArn === executionArn('Corpus', `c${i}`))).toHaveLength(1);
      }
    }, 120_000);

    it('makes a cascade one member of one cluster: the Map iteration or Parallel branch that raised, not its aborted siblings', async () => {
      const arn = machineArn('Cascade');
      // Iteration `failing` of `width` raises Boom; AWS aborts the others (TaskStateAborted,
      // MapIterationAborted), then the Map and the execution fail with Boom.
      const mapHistory = (width: number, failing: number) => {
        const wire = [execStarted(0), entered(2, 1, 'Map', 'M'), ev(3, 2, 'MapStateStarted', { length: width })];
        let id = 4;
        const iterationStart: number[] = [];
        for (let i = 0; i < width; i++) {
          iterationStart.push(id);
          wire.push(ev(id++, 3, 'MapIterationStarted', { name: 'M', index: i }));
        }
        const taskStart: number[] = [];
        for (let i = 0; i < width; i++) {
          const entry = id++;
          wire.push(entered(entry, iterationStart[i] as number, 'Task', 'T'), scheduled(id, entry), started(id + 1, id));
          taskStart.push(id + 1);
          id += 2;
        }
        const failedAt = id++;
        wire.push(failed(failedAt, taskStart[failing] as number, 'Boom'), ev(id++, failedAt, 'MapIterationFailed', { name: 'M', index: failing }));
        for (let i = 0; i < width; i++) if (i !== failing) wire.push(ev(id++, failedAt, 'TaskStateAborted'), ev(id++, failedAt, 'MapIterationAborted', { name: 'M', index: i }));
        wire.push(ev(id, failedAt, 'MapStateFailed'), ev(id + 1, id, 'ExecutionFailed', { error: 'Boom', cause: `Boom after ${width * 7} ms` }));
        return parseHistory(wire).events;
      };
      // Branch 0 raises Boom; branch 1's task is aborted; the Parallel and the execution fail.
      const parallelHistory = () =>
        parseHistory([
          execStarted(0),
          entered(2, 1, 'Parallel', 'P'),
          ev(3, 2, 'ParallelStateStarted'),
          entered(4, 3, 'Task', 'T'),
          entered(5, 3, 'Task', 'Other'),
          scheduled(6, 4),
          scheduled(7, 5),
          started(8, 6),
          started(9, 7),
          failed(10, 8, 'Boom'),
          ev(11, 10, 'TaskStateAborted'),
          ev(12, 10, 'ParallelStateFailed'),
          ev(13, 12, 'ExecutionFailed', { error: 'Boom', cause: 'Boom after 3 ms' }),
        ]).events;
      const histories = [mapHistory(3, 1), mapHistory(5, 0), mapHistory(2, 1), parallelHistory()];
      for (const [i, events] of histories.entries()) {
        await ingestExecution(store, { executionArn: executionArn('Cascade', `k${i}`), stateMachineArn: arn, name: `k${i}`, events });
      }
      // build-events histories start at 2025-01-15T12:00:00Z.
      const start = Date.UTC(2025, 0, 15, 12);
      const { items, failures } = await sql({ from: start, to: start + HOUR }, arn);
      expect(failures).toBe(4);
      expect(items.map((cluster) => [cluster.stateName, cluster.error, cluster.causePattern, cluster.count])).toEqual([['T', 'Boom', 'Boom after <n> ms', 4]]);
    });
  });
}
