// The alert rules' figures (queryAlertFigures, SQL) against their definitions (lib/metrics
// failureRate and nearest-rank percentile over the same executions, worked out here in JS), and
// the outbox (recordAlertChanges, attempts, the delivery log) on SQLite and PostgreSQL: one row
// per key whatever is repeated, episodes numbered by the store, guarded attempt updates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYZER_VERSION, type StateRun } from '../../../lib/history/index.ts';
import { failureColumns } from '../../../lib/ingest/derived-fields.ts';
import { FAILURE_STATUSES, failureRate, percentile } from '../../../lib/metrics/index.ts';
import {
  alertRuleActivity,
  listAlertDeliveries,
  listAlertStates,
  listDueAlertDeliveries,
  nextAlertDeliveryDue,
  openStore,
  postponeAlertDelivery,
  queryAlertFigures,
  recordAlertChanges,
  recordAlertDeliveryAttempt,
  recordListedExecutions,
  saveExecutionHistory,
  type AlertChange,
  type AlertDeliveryDraft,
  type Store,
} from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const ACCOUNT = '123456789012';
const machineArn = (machine: string) => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${machine}`;
const executionArn = (machine: string, name: string) => `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:${name}`;
const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);

interface Seed {
  machine: string;
  name: string;
  status: string;
  start: number;
  /** Duration, ms; null: still running. */
  durationMs: number | null;
  failure?: { stateName: string | null; error: string | null; cause: string | null };
  runs?: StateRun[];
}

function run(stateName: string, status: StateRun['status'], mapIndex: number[] = []): StateRun {
  return { stateName, stateType: 'Task', status, attempts: 1, mapIndex, enteredEventId: null, exitedEventId: null, durationMs: 5, error: status === 'FAILED' ? 'E' : null, cause: null };
}

async function save(store: Store, seed: Seed): Promise<void> {
  const arn = machineArn(seed.machine);
  await saveExecutionHistory(store, {
    stateMachine: { stateMachineArn: arn, name: seed.machine, type: 'STANDARD' },
    execution: {
      executionArn: executionArn(seed.machine, seed.name),
      stateMachineArn: arn,
      name: seed.name,
      status: seed.status,
      startDate: new Date(seed.start),
      stopDate: seed.durationMs === null ? null : new Date(seed.start + seed.durationMs),
      input: '{}',
      output: null,
      error: seed.failure?.error ?? null,
      cause: seed.failure?.cause ?? null,
      redriveCount: 0,
      historyComplete: seed.status !== 'RUNNING',
      partial: false,
      failure: seed.failure ? failureColumns(arn, { ...seed.failure, rootCause: null }) : null,
    },
    events: [],
    runs: seed.runs ?? [],
    analyzerVersion: ANALYZER_VERSION,
  });
}

/** Orders and Sales over the last 40 minutes: statuses and durations from a seeded generator. */
function generated(): Seed[] {
  const next = mulberry32(7);
  const statuses = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'];
  const out: Seed[] = [];
  for (let i = 0; i < 240; i++) {
    const machine = i % 3 === 0 ? 'Sales' : 'Orders';
    const status = statuses[Math.floor(next() * statuses.length)] as string;
    const start = NOW - 40 * MIN + Math.floor(next() * 40 * 60) * 1_000;
    out.push({
      machine,
      name: `g-${i}`,
      status,
      start,
      durationMs: status === 'RUNNING' ? null : 10 + Math.floor(next() * 5_000),
      ...(FAILURE_STATUSES.includes(status as never) ? { failure: { stateName: 'Load', error: `E${i % 4}`, cause: `cause ${i}` } } : {}),
    });
  }
  return out;
}

const draft = (rule: string, subject: string, state: 'firing' | 'resolved', executionArnOf: string | null = null): AlertDeliveryDraft => ({
  executionArn: executionArnOf,
  stateMachineArn: machineArn('Orders'),
  format: 'json',
  webhook: 'http://127.0.0.1:9/hook',
  key: (episode) => `${rule}|${subject}|${episode}|${state}`,
  body: (episode, key) => JSON.stringify({ rule, subject, episode, key }),
});

for (const backend of storeBackends('alerts')) {
  describe(`alert figures and outbox on ${backend.name}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    const seeds = generated();
    const failing = executionArn('Orders', 'f-recent');

    beforeAll(async () => {
      const db = await backend.freshDatabase();
      drop = db.drop;
      store = await openStore(db.url);
      for (const seed of seeds) await save(store, seed);
      // An ended failure with runs: the link opens the last FAILED run of the failing state.
      await save(store, {
        machine: 'Orders',
        name: 'f-recent',
        status: 'FAILED',
        start: NOW - 50 * MIN,
        durationMs: 45 * MIN,
        failure: { stateName: 'Charge', error: 'Payment.Declined', cause: 'card 1 declined' },
        runs: [run('Prepare', 'SUCCEEDED'), run('Charge', 'FAILED', [3]), run('Charge', 'CAUGHT'), run('Charge', 'FAILED', [4]), run('Notify', 'SUCCEEDED')],
      });
      // Out of a 60-minute lookback (stopped 61 min ago).
      await save(store, { machine: 'Orders', name: 'f-old', status: 'TIMED_OUT', start: NOW - 120 * MIN, durationMs: 59 * MIN, failure: { stateName: null, error: 'States.Timeout', cause: null } });
      // Listed, never analysed: not a candidate yet (no failing state to report).
      await recordListedExecutions(store, {
        stateMachine: { stateMachineArn: machineArn('Orders'), name: 'Orders', type: 'STANDARD' },
        executions: [{ executionArn: executionArn('Orders', 'listed'), stateMachineArn: machineArn('Orders'), name: 'listed', status: 'FAILED', startDate: new Date(NOW - 2 * MIN), stopDate: new Date(NOW - MIN), redriveCount: 0 }],
      });
      // A cluster with an older member is not new; one whose members all started lately is.
      await save(store, { machine: 'Sales', name: 'old-member', status: 'FAILED', start: NOW - 300 * MIN, durationMs: 1_000, failure: { stateName: 'Load', error: 'E1', cause: 'cause 1' } });
      await save(store, { machine: 'Sales', name: 'new-1', status: 'FAILED', start: NOW - 10 * MIN, durationMs: 1_000, failure: { stateName: 'Fresh', error: 'New.Error', cause: 'id 123' } });
      await save(store, { machine: 'Sales', name: 'new-2', status: 'FAILED', start: NOW - 5 * MIN, durationMs: 1_000, failure: { stateName: 'Fresh', error: 'New.Error', cause: 'id 456' }, runs: [run('Fresh', 'FAILED')] });
      // Running long, running briefly.
      await save(store, { machine: 'Sales', name: 'stuck', status: 'RUNNING', start: NOW - 90 * MIN, durationMs: null });
    }, 120_000);
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('ended failures: analysed FAILED/TIMED_OUT executions stopped since, with failing run, cluster size and fired rules', async () => {
      const figures = await queryAlertFigures(store, { now: new Date(NOW), endedSince: new Date(NOW - 60 * MIN), windowsMs: [], runningLongerThanMs: null, newClusterWindowsMs: [] });
      const arns = figures.ended.map((f) => f.executionArn);
      expect(arns).toContain(failing);
      expect(arns).not.toContain(executionArn('Orders', 'f-old'));
      expect(arns).not.toContain(executionArn('Orders', 'listed'));
      // Every generated failure (all started in the last 40 minutes), f-recent, new-1 and new-2;
      // not old-member (stopped 5 hours ago).
      expect(arns).toHaveLength(seeds.filter((s) => FAILURE_STATUSES.includes(s.status as never)).length + 3);
      const recent = figures.ended.find((f) => f.executionArn === failing);
      expect(recent).toMatchObject({
        stateMachineName: 'Orders',
        status: 'FAILED',
        stateName: 'Charge',
        error: 'Payment.Declined',
        cause: 'card 1 declined',
        failingRun: { ordinal: 3, mapIndex: [4] },
        clusterSize: 1,
        firedRules: [],
        stopDate: NOW - 5 * MIN,
      });
      const sorted = [...figures.ended].map((f) => f.stopDate);
      expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
    });

    it('window figures: per machine, status counts and nearest-rank p95 as lib/metrics defines them', async () => {
      for (const windowMin of [15, 30]) {
        const figures = await queryAlertFigures(store, { now: new Date(NOW), endedSince: null, windowsMs: [windowMin * MIN], runningLongerThanMs: null, newClusterWindowsMs: [] });
        const machines = figures.windows[0]?.machines ?? [];
        expect(machines.map((m) => m.stateMachineName)).toEqual(['Orders', 'Sales']);
        for (const m of machines) {
          const all = [
            ...seeds,
            { machine: 'Sales', name: 'new-1', status: 'FAILED', start: NOW - 10 * MIN, durationMs: 1_000 },
            { machine: 'Sales', name: 'new-2', status: 'FAILED', start: NOW - 5 * MIN, durationMs: 1_000 },
            // Listed only: counted too (ListExecutions gives status and dates; no history needed).
            { machine: 'Orders', name: 'listed', status: 'FAILED', start: NOW - 2 * MIN, durationMs: MIN },
          ].filter((s) => s.machine === m.stateMachineName && s.start >= NOW - windowMin * MIN && s.start < NOW);
          const counts: Record<string, number> = {};
          for (const s of all) counts[s.status] = (counts[s.status] ?? 0) + 1;
          expect(m.counts).toEqual(counts);
          expect(failureRate(m.counts)).toBe(failureRate(counts));
          const durations = all.map((s) => s.durationMs).filter((d): d is number => d !== null);
          expect(m.knownDurations).toBe(durations.length);
          expect(m.p95Ms).toBe(percentile(durations, 0.95));
          const newest = all
            .filter((s) => FAILURE_STATUSES.includes(s.status as never))
            .sort((a, b) => b.start + (b.durationMs ?? 0) - (a.start + (a.durationMs ?? 0)) || (executionArn(b.machine, b.name) > executionArn(a.machine, a.name) ? 1 : -1))[0];
          expect(m.latestFailure?.executionArn).toBe(newest ? executionArn(newest.machine, newest.name) : undefined);
        }
      }
    });

    it('running executions past the limit; new clusters (none older), with size, newest member and its failing run', async () => {
      const figures = await queryAlertFigures(store, { now: new Date(NOW), endedSince: null, windowsMs: [], runningLongerThanMs: 60 * MIN, newClusterWindowsMs: [60 * MIN] });
      expect(figures.running.map((r) => r.executionArn)).toEqual([executionArn('Sales', 'stuck')]);
      expect(figures.running[0]).toMatchObject({ stateMachineName: 'Sales', startDate: NOW - 90 * MIN });
      const clusters = figures.newClusters[0]?.clusters ?? [];
      const fresh = clusters.find((c) => c.stateName === 'Fresh');
      expect(fresh).toMatchObject({ stateMachineName: 'Sales', error: 'New.Error', count: 2, firstSeen: NOW - 10 * MIN, sample: { executionArn: executionArn('Sales', 'new-2'), failingRun: { ordinal: 0, mapIndex: [] } } });
      // Sales' "Load / E1 / cause <n>" cluster has a member from 5 hours ago: not new.
      expect(clusters.some((c) => c.stateMachineName === 'Sales' && c.stateName === 'Load' && c.error === 'E1')).toBe(false);
      // Every cluster reported has all its members in the window: none started before it.
      for (const c of clusters) expect(c.firstSeen).toBeGreaterThanOrEqual(NOW - 60 * MIN);
    });

    it('the outbox: one row per key, episodes numbered by the store, fired rules reported back', async () => {
      const at = new Date(NOW);
      const event: AlertChange = { type: 'event', rule: 'failed', subject: failing, delivery: draft('failed', failing, 'firing', failing) };
      const fire: AlertChange = { type: 'fire', rule: 'rate', subject: machineArn('Orders'), value: 0.5, stateMachineArn: machineArn('Orders'), delivery: draft('rate', machineArn('Orders'), 'firing') };
      expect(await recordAlertChanges(store, [event, fire], at)).toEqual({ written: 2, skipped: 0 });
      // The same evaluation again (a crash before the sends, a second poller): nothing new.
      expect(await recordAlertChanges(store, [event, fire], at)).toEqual({ written: 0, skipped: 2 });
      const states = await listAlertStates(store, { rules: ['rate'], firingOnly: true });
      expect(states).toEqual([{ rule: 'rate', subject: machineArn('Orders'), state: 'firing', episode: 1, since: NOW, value: 0.5, stateMachineArn: machineArn('Orders'), updatedAt: NOW }]);

      const resolve: AlertChange = { type: 'resolve', rule: 'rate', subject: machineArn('Orders'), episode: 1, value: 0.1, delivery: draft('rate', machineArn('Orders'), 'resolved') };
      expect(await recordAlertChanges(store, [resolve], new Date(NOW + MIN))).toEqual({ written: 1, skipped: 0 });
      expect(await recordAlertChanges(store, [resolve], new Date(NOW + MIN))).toEqual({ written: 0, skipped: 1 });
      expect(await listAlertStates(store, { firingOnly: true })).toEqual([]);
      // Firing again: episode 2.
      expect(await recordAlertChanges(store, [fire], new Date(NOW + 2 * MIN))).toEqual({ written: 1, skipped: 0 });
      expect((await listAlertStates(store, { rules: ['rate'] }))[0]).toMatchObject({ state: 'firing', episode: 2, since: NOW + 2 * MIN });

      const log = await listAlertDeliveries(store, { limit: 10 });
      expect(log.map((d) => d.key)).toEqual([`rate|${machineArn('Orders')}|2|firing`, `rate|${machineArn('Orders')}|1|resolved`, `rate|${machineArn('Orders')}|1|firing`, `failed|${failing}|1|firing`]);
      expect(JSON.parse((await listDueAlertDeliveries(store, new Date(NOW + 3 * MIN), 10)).find((d) => d.rule === 'rate' && d.key.endsWith('2|firing'))?.body ?? '{}')).toEqual({
        rule: 'rate',
        subject: machineArn('Orders'),
        episode: 2,
        key: `rate|${machineArn('Orders')}|2|firing`,
      });
      const figures = await queryAlertFigures(store, { now: new Date(NOW), endedSince: new Date(NOW - 60 * MIN), windowsMs: [], runningLongerThanMs: null, newClusterWindowsMs: [] });
      expect(figures.ended.find((f) => f.executionArn === failing)?.firedRules).toEqual(['failed']);
    });

    it('attempts: guarded by the attempt count, logged, retried when due, delivered or given up', async () => {
      const due = await listDueAlertDeliveries(store, new Date(NOW + 3 * MIN), 10);
      const first = due.find((d) => d.rule === 'failed');
      expect(first).toMatchObject({ attempts: 0, format: 'json', webhook: 'http://127.0.0.1:9/hook' });
      const id = first?.id as number;
      const started = new Date(NOW + 3 * MIN);
      expect(await recordAlertDeliveryAttempt(store, { id, attempt: 1, startedAt: started, durationMs: 12, httpStatus: 500, error: 'HTTP 500', status: 'pending', nextAttemptAt: new Date(NOW + 4 * MIN) })).toBe(true);
      // The same attempt recorded twice (two senders): the second is refused.
      expect(await recordAlertDeliveryAttempt(store, { id, attempt: 1, startedAt: started, durationMs: 12, httpStatus: 500, error: 'HTTP 500', status: 'pending', nextAttemptAt: new Date(NOW + 4 * MIN) })).toBe(false);
      expect((await listDueAlertDeliveries(store, new Date(NOW + 3 * MIN + 30_000), 10)).some((d) => d.id === id)).toBe(false);
      expect((await listDueAlertDeliveries(store, new Date(NOW + 4 * MIN), 10)).find((d) => d.id === id)?.attempts).toBe(1);
      await postponeAlertDelivery(store, id, new Date(NOW + 5 * MIN));
      expect((await listDueAlertDeliveries(store, new Date(NOW + 4 * MIN), 10)).some((d) => d.id === id)).toBe(false);
      expect(await recordAlertDeliveryAttempt(store, { id, attempt: 2, startedAt: new Date(NOW + 5 * MIN), durationMs: 8, httpStatus: 204, error: null, status: 'delivered', nextAttemptAt: null })).toBe(true);
      const [row] = await listAlertDeliveries(store, { rule: 'failed', limit: 5 });
      expect(row).toMatchObject({
        status: 'delivered',
        executionArn: failing,
        nextAttemptAt: null,
        lastError: null,
        deliveredAt: new Date(NOW + 5 * MIN + 8).toISOString(),
        attempts: [
          { attempt: 1, httpStatus: 500, error: 'HTTP 500', durationMs: 12, startedAt: started.toISOString() },
          { attempt: 2, httpStatus: 204, error: null, durationMs: 8, startedAt: new Date(NOW + 5 * MIN).toISOString() },
        ],
      });
      const other = (await listDueAlertDeliveries(store, new Date(NOW + 10 * MIN), 10))[0];
      await recordAlertDeliveryAttempt(store, { id: other?.id as number, attempt: 1, startedAt: new Date(NOW + 6 * MIN), durationMs: 3, httpStatus: 404, error: 'HTTP 404; not retried', status: 'failed', nextAttemptAt: null });
      expect((await listAlertDeliveries(store, { status: 'failed', limit: 5 })).map((d) => d.lastError)).toEqual(['HTTP 404; not retried']);
      expect(await nextAlertDeliveryDue(store)).toBe(NOW + MIN);
      const activity = await alertRuleActivity(store, new Date(NOW + 10 * MIN));
      expect(activity.sort((a, b) => (a.rule < b.rule ? -1 : 1))).toEqual([
        { rule: 'failed', deliveries: 1, pending: 0, failed: 0, lastFiredAt: NOW, firedLast24h: 1 },
        { rule: 'rate', deliveries: 3, pending: 2, failed: 1, lastFiredAt: NOW + 2 * MIN, firedLast24h: 2 },
      ]);
    });
  });
}
