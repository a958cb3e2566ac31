// GET /api/state-machines/{arn}/states (DESIGN.md §2.5) called as Next.js calls it, over a store
// with runs of known outcome and duration: the figures, the window, 404 and 400s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '../../../app/api/state-machines/[arn]/states/route.ts';
import { ANALYZER_VERSION, type StateRun } from '../../../lib/history/index.ts';
import { closeAllStores, openStore, saveExecutionHistory } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
let dir = '';
let restoreEnv = (): void => undefined;

const run = (stateName: string, status: StateRun['status'], attempts: number, durationMs: number | null): StateRun => ({
  stateName,
  stateType: 'Task',
  status,
  attempts,
  mapIndex: [],
  enteredEventId: null,
  exitedEventId: null,
  durationMs,
  error: status === 'SUCCEEDED' ? null : 'E',
  cause: null,
});

const call = (path: string, arn = MACHINE) => callRoute(GET, path, { arn });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-state-stats-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  // Four executions on 2024-01-01 (one at the window's end, excluded by [from, to)), one the day before.
  const starts = ['2024-01-01T00:00:00Z', '2024-01-01T06:00:00Z', '2024-01-01T12:00:00Z', '2024-01-02T00:00:00Z', '2023-12-31T12:00:00Z'];
  const runsOf: StateRun[][] = [
    [run('Charge', 'SUCCEEDED', 1, 100), run('Ship', 'SUCCEEDED', 1, 1_000)],
    [run('Charge', 'CAUGHT', 3, 300), run('Refund', 'SUCCEEDED', 1, 50)],
    [run('Charge', 'FAILED', 2, 200)],
    [run('Charge', 'FAILED', 5, 9_999)],
    [run('Charge', 'ABORTED', 1, null)],
  ];
  for (const [i, start] of starts.entries()) {
    await saveExecutionHistory(store, {
      stateMachine: { stateMachineArn: MACHINE, name: 'Orders', type: 'STANDARD' },
      execution: {
        executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:e${i}`,
        stateMachineArn: MACHINE,
        name: `e${i}`,
        status: 'SUCCEEDED',
        startDate: new Date(start),
        stopDate: new Date(Date.parse(start) + 2_000),
        input: null,
        output: null,
        error: null,
        cause: null,
        redriveCount: 0,
        historyComplete: true,
        partial: false,
      },
      events: [],
      runs: runsOf[i] ?? [],
      analyzerVersion: ANALYZER_VERSION,
    });
  }
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/state-machines/{arn}/states', () => {
  it('counts runs, outcomes, attempts and nearest-rank durations per state in [from, to)', async () => {
    const res = await call('/api/state-machines/x/states?from=2024-01-01T00:00:00Z&to=2024-01-02T00:00:00Z');
    expect(res).toEqual({
      status: 200,
      body: {
        from: '2024-01-01T00:00:00.000Z',
        to: '2024-01-02T00:00:00.000Z',
        executions: 3,
        items: [
          { stateName: 'Charge', runs: 3, failed: 1, caught: 1, aborted: 0, attempts: 6, retriedRuns: 2, durationMs: { p50: 200, p95: 300, p99: 300, max: 300 } },
          { stateName: 'Refund', runs: 1, failed: 0, caught: 0, aborted: 0, attempts: 1, retriedRuns: 0, durationMs: { p50: 50, p95: 50, p99: 50, max: 50 } },
          { stateName: 'Ship', runs: 1, failed: 0, caught: 0, aborted: 0, attempts: 1, retriedRuns: 0, durationMs: { p50: 1_000, p95: 1_000, p99: 1_000, max: 1_000 } },
        ],
      },
    });
  });

  it('skips unknown durations and defaults to the last 24 h', async () => {
    const wide = await call('/api/state-machines/x/states?from=2023-12-31T00:00:00Z&to=2024-01-03T00:00:00Z');
    const charge = (wide.body.items as Array<{ stateName: string; runs: number; aborted: number; durationMs: unknown }>).find((item) => item.stateName === 'Charge');
    expect(charge).toMatchObject({ runs: 5, aborted: 1, durationMs: { p50: 200, p95: 9_999, max: 9_999 } });
    const recent = await call('/api/state-machines/x/states');
    expect(recent.status).toBe(200);
    expect(Date.parse(String(recent.body.to)) - Date.parse(String(recent.body.from))).toBe(24 * 60 * 60 * 1000);
    expect(recent.body).toMatchObject({ executions: 0, items: [] });
  });

  it('answers 404 for an unknown state machine and 400 naming a bad window parameter', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope';
    expect(await call('/api/state-machines/x/states', missing)).toEqual({ status: 404, body: { error: `state machine not found: ${missing}` } });
    expect(await call('/api/state-machines/x/states?from=yesterday')).toEqual({ status: 400, body: { error: 'from: must be an ISO-8601 date (UTC unless it has an offset)' } });
    expect(await call('/api/state-machines/x/states?from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z')).toEqual({
      status: 400,
      body: { error: 'from: must be before to (2024-01-01T00:00:00.000Z)' },
    });
  });
});
