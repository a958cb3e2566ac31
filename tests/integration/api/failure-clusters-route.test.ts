// GET /api/failure-clusters (DESIGN.md §2.5) called as Next.js calls it, over executions ingested
// through the one path: the clusters of a window, per machine and across all, their members
// through GET /api/executions?cluster=, and the 404 / 400 answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listClusters } from '../../../app/api/failure-clusters/route.ts';
import { GET as listExecutions } from '../../../app/api/executions/route.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { SPARKLINE_POINTS, failureClusterKey } from '../../../lib/metrics/index.ts';
import { closeAllStores, openStore } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { entered, ev, execStarted, failed, scheduled, started } from '../../unit/history/build-events.ts';

const ORDERS = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const BILLING = 'arn:aws:states:us-east-1:123456789012:stateMachine:Billing';
const executionArn = (machine: string, name: string) => `${machine.replace(':stateMachine:', ':execution:')}:${name}`;
// build-events histories start at 2025-01-15T12:00:00Z (`at` seconds later).
const WINDOW = 'from=2025-01-15T12:00:00Z&to=2025-01-15T13:00:00Z';
let dir = '';
let restoreEnv = (): void => undefined;

/** Charge raises `error` (cause with a varying number) and the execution fails with it. */
const failedHistory = (error: string, n: number) =>
  parseHistory([
    execStarted(0),
    entered(2, 1, 'Task', 'Charge', 1),
    scheduled(3, 2, 1),
    started(4, 3, 2),
    failed(5, 4, error, 3),
    ev(6, 5, 'ExecutionFailed', { error, cause: `${error} after ${n} ms` }, 4),
  ]).events;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-failure-clusters-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  const seeded: Array<[string, string, string, number]> = [
    [ORDERS, 'o1', 'Card.Declined', 10],
    [ORDERS, 'o2', 'Card.Declined', 20],
    [ORDERS, 'o3', 'Card.Declined', 30],
    [ORDERS, 'o4', 'Stock.Empty', 1],
    [BILLING, 'b1', 'Card.Declined', 5],
  ];
  for (const [machine, name, error, n] of seeded) {
    await ingestExecution(store, { executionArn: executionArn(machine, name), stateMachineArn: machine, name, events: failedHistory(error, n) });
  }
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/failure-clusters', () => {
  it('groups a machine’s failures by state, error and normalised cause, largest first, with ISO dates', async () => {
    const res = await callRoute(listClusters, `/api/failure-clusters?stateMachineArn=${encodeURIComponent(ORDERS)}&${WINDOW}`);
    expect(res.status).toBe(200);
    const declined = failureClusterKey(ORDERS, { stateName: 'Charge', error: 'Card.Declined', cause: 'Card.Declined after 1 ms' });
    expect(res.body).toMatchObject({ from: '2025-01-15T12:00:00.000Z', to: '2025-01-15T13:00:00.000Z', failures: 4, clusters: 2, sparklineSliceMs: 120_000 });
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items[0]).toEqual({
      ...declined,
      causePattern: 'Card.Declined after <n> ms',
      count: 3,
      firstSeen: '2025-01-15T12:00:00.000Z',
      lastSeen: '2025-01-15T12:00:00.000Z',
      revisions: [],
      rootCauses: [],
      sampleExecutionArns: [executionArn(ORDERS, 'o3'), executionArn(ORDERS, 'o2'), executionArn(ORDERS, 'o1')],
      sparkline: Array.from({ length: SPARKLINE_POINTS }, (_, i) => (i === 0 ? 3 : 0)),
    });
    expect(items.map((item) => [item.error, item.count])).toEqual([
      ['Card.Declined', 3],
      ['Stock.Empty', 1],
    ]);
    // The members of a cluster are the executions list filtered by it.
    const members = await callRoute(listExecutions, `/api/executions?cluster=${String(items[0]?.id)}&counts=1`);
    expect(members.status).toBe(200);
    expect((members.body.items as Array<{ executionArn: string }>).map((item) => item.executionArn).sort()).toEqual(
      ['o1', 'o2', 'o3'].map((name) => executionArn(ORDERS, name)),
    );
    expect(members.body.counts).toEqual({ FAILED: 3 });
  });

  it('lists every machine’s clusters without stateMachineArn, each naming its machine, and honours limit', async () => {
    const all = await callRoute(listClusters, `/api/failure-clusters?${WINDOW}`);
    expect(all.body).toMatchObject({ failures: 5, clusters: 3 });
    expect((all.body.items as Array<{ stateMachineArn: string; count: number }>).map((item) => [item.stateMachineArn, item.count])).toEqual([
      [ORDERS, 3],
      [BILLING, 1],
      [ORDERS, 1],
    ]);
    const top = await callRoute(listClusters, `/api/failure-clusters?${WINDOW}&limit=1`);
    expect(top.body).toMatchObject({ failures: 5, clusters: 3 });
    expect(top.body.items).toHaveLength(1);
    const recent = await callRoute(listClusters, '/api/failure-clusters');
    expect(recent.status).toBe(200);
    expect(Date.parse(String(recent.body.to)) - Date.parse(String(recent.body.from))).toBe(24 * 60 * 60 * 1000);
  });

  it('answers 404 for an unknown machine and 400 naming a bad parameter', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope';
    expect(await callRoute(listClusters, `/api/failure-clusters?stateMachineArn=${encodeURIComponent(missing)}`)).toEqual({ status: 404, body: { error: `state machine not found: ${missing}` } });
    expect(await callRoute(listClusters, '/api/failure-clusters?from=soon')).toEqual({ status: 400, body: { error: 'from: must be an ISO-8601 date (UTC unless it has an offset)' } });
    for (const limit of ['0', '0x10', '501', '1.5']) {
      expect(await callRoute(listClusters, `/api/failure-clusters?limit=${limit}`)).toEqual({ status: 400, body: { error: 'limit: must be a whole number from 1 to 500' } });
    }
    expect(await callRoute(listExecutions, '/api/executions?cluster=abc')).toEqual({ status: 400, body: { error: 'cluster: must be a failure cluster id (16 hex digits)' } });
  });
});
