// GET /api/state-machines/{arn}/states/{stateName} called as Next.js calls it, and the `last=N`
// and `bucket=auto` parameters of …/states and …/series: figures, windows, 404 and 400s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as DETAIL } from '../../../app/api/state-machines/[arn]/states/[stateName]/route.ts';
import { GET as STATES } from '../../../app/api/state-machines/[arn]/states/route.ts';
import { GET as SERIES } from '../../../app/api/state-machines/[arn]/series/route.ts';
import { ANALYZER_VERSION, type StateRun } from '../../../lib/history/index.ts';
import { closeAllStores, openStore, saveExecutionHistory } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const MISSING = 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope';
let dir = '';
let restoreEnv = (): void => undefined;

const run = (stateName: string, status: StateRun['status'], durationMs: number | null, error: string | null = null, mapIndex: number[] = []): StateRun => ({
  stateName,
  stateType: 'Task',
  status,
  attempts: 1,
  mapIndex,
  enteredEventId: null,
  exitedEventId: null,
  durationMs,
  error,
  cause: null,
});

const arnOf = (i: number) => `${MACHINE.replace(':stateMachine:', ':execution:')}:e${i}`;
// Five executions an hour apart from 2024-01-01T00:00Z; the state "Charge %/x" (a name a URL must encode).
const STATE = 'Charge %/x';
const starts = [0, 1, 2, 3, 4].map((h) => new Date(Date.UTC(2024, 0, 1, h)));
const runsOf: StateRun[][] = [
  [run(STATE, 'SUCCEEDED', 40)],
  [run(STATE, 'FAILED', 900, 'Payment.Declined'), run('Ship', 'SUCCEEDED', 5)],
  [run(STATE, 'CAUGHT', 15, 'Payment.Declined', [3])],
  [run(STATE, 'FAILED', 12_000, 'States.Timeout')],
  [run(STATE, 'SUCCEEDED', null)],
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-state-detail-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  for (const [i, start] of starts.entries()) {
    await saveExecutionHistory(store, {
      stateMachine: { stateMachineArn: MACHINE, name: 'Orders', type: 'STANDARD' },
      execution: {
        executionArn: arnOf(i),
        stateMachineArn: MACHINE,
        name: `e${i}`,
        status: 'SUCCEEDED',
        startDate: start,
        stopDate: new Date(start.getTime() + 1_000),
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

const detail = (query: string, arn = MACHINE, stateName = STATE) => callRoute(DETAIL, `/api/state-machines/x/states/y?${query}`, { arn, stateName });

describe('GET /api/state-machines/{arn}/states/{stateName}', () => {
  it('answers the state’s series, histogram, errors, slowest and recent failed runs over [from, to)', async () => {
    const res = await detail('from=2024-01-01T00:00:00Z&to=2024-01-01T04:00:00Z&bucket=1h');
    expect(res.status).toBe(200);
    const ref = (i: number, fields: Record<string, unknown>) => ({ executionArn: arnOf(i), executionName: `e${i}`, startDate: (starts[i] as Date).toISOString(), ordinal: 0, mapIndex: [], attempts: 1, ...fields });
    expect(res.body).toEqual({
      stateName: STATE,
      from: '2024-01-01T00:00:00.000Z',
      to: '2024-01-01T04:00:00.000Z',
      bucket: '1h',
      series: [0, 1, 2, 3].map((h) => ({
        start: (starts[h] as Date).toISOString(),
        runs: 1,
        failed: h === 1 || h === 3 ? 1 : 0,
        caught: h === 2 ? 1 : 0,
        aborted: 0,
      })),
      // 15 ms in [10, 20) … 12 s in [10 s, 20 s): indexes 4 to 13.
      histogram: expect.arrayContaining([
        { index: 4, fromMs: 10, toMs: 20, count: 1 },
        { index: 5, fromMs: 20, toMs: 50, count: 1 },
        { index: 6, fromMs: 50, toMs: 100, count: 0 },
      ]),
      unknownDurations: 0,
      errors: [
        { error: 'Payment.Declined', count: 2, failed: 1, caught: 1 },
        { error: 'States.Timeout', count: 1, failed: 1, caught: 0 },
      ],
      slowest: [
        ref(3, { status: 'FAILED', durationMs: 12_000, error: 'States.Timeout' }),
        ref(1, { status: 'FAILED', durationMs: 900, error: 'Payment.Declined' }),
        ref(0, { status: 'SUCCEEDED', durationMs: 40, error: null }),
        ref(2, { status: 'CAUGHT', durationMs: 15, error: 'Payment.Declined', mapIndex: [3] }),
      ],
      recentFailures: [ref(3, { status: 'FAILED', durationMs: 12_000, error: 'States.Timeout' }), ref(1, { status: 'FAILED', durationMs: 900, error: 'Payment.Declined' })],
    });
    const histogram = res.body.histogram as Array<{ index: number; count: number }>;
    expect(histogram.map((b) => b.index)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(histogram.reduce((n, b) => n + b.count, 0)).toBe(4);
  });

  it('takes last=N (the N newest executions) and bucket=auto, and says which window and bucket it used', async () => {
    const res = await detail('last=2&bucket=auto');
    expect(res.status).toBe(200);
    // The two newest start at 03:00 and 04:00: the window ends 1 ms after the newest start.
    expect(res.body).toMatchObject({ from: '2024-01-01T03:00:00.000Z', to: '2024-01-01T04:00:00.001Z', bucket: '1m', unknownDurations: 1 });
    expect((res.body.series as unknown[]).length).toBe(61);
  });

  it('answers an empty detail for a state without runs, 404 for an unknown state machine, 400 naming a bad parameter', async () => {
    const none = await detail('from=2024-01-01T00:00:00Z&to=2024-01-01T01:00:00Z&bucket=1h', MACHINE, 'Refund');
    expect(none.body).toMatchObject({ stateName: 'Refund', histogram: [], errors: [], slowest: [], recentFailures: [], series: [{ runs: 0 }] });
    expect(await detail('', MISSING)).toEqual({ status: 404, body: { error: `state machine not found: ${MISSING}` } });
    expect(await detail('from=yesterday')).toEqual({ status: 400, body: { error: expect.stringMatching(/^from: must be an ISO-8601 date/) } });
    expect(await detail('from=2024-01-02&to=2024-01-01')).toEqual({ status: 400, body: { error: expect.stringMatching(/^from: must be before to/) } });
    expect(await detail('last=0')).toEqual({ status: 400, body: { error: 'last: must be a whole number from 1 to 100000' } });
    expect(await detail('last=ten')).toEqual({ status: 400, body: { error: 'last: must be a whole number from 1 to 100000' } });
    expect(await detail('last=5&from=2024-01-01')).toEqual({ status: 400, body: { error: 'last: cannot be combined with from or to' } });
    expect(await detail('bucket=1w')).toEqual({ status: 400, body: { error: 'bucket: must be one of auto, 1m, 5m, 1h, 1d' } });
    expect(await detail('from=2023-01-01&to=2024-01-01&bucket=1m')).toEqual({ status: 400, body: { error: expect.stringMatching(/^bucket: too many buckets/) } });
  });
});

describe('last=N and bucket=auto on …/states and …/series', () => {
  it('resolves last=N on the states route and answers the window as from/to', async () => {
    const res = await callRoute(STATES, '/api/state-machines/x/states?last=3', { arn: MACHINE });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2024-01-01T02:00:00.000Z', to: '2024-01-01T04:00:00.001Z', executions: 3 });
    expect(await callRoute(STATES, '/api/state-machines/x/states?last=-1', { arn: MACHINE })).toEqual({ status: 400, body: { error: 'last: must be a whole number from 1 to 100000' } });
    expect(await callRoute(STATES, '/api/state-machines/x/states?last=3', { arn: MISSING })).toEqual({ status: 404, body: { error: `state machine not found: ${MISSING}` } });
  });

  it('resolves last=N on the series route and picks the bucket automatically', async () => {
    const res = await callRoute(SERIES, '/api/state-machines/x/series?last=5&bucket=auto', { arn: MACHINE });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2024-01-01T00:00:00.000Z', to: '2024-01-01T04:00:00.001Z', bucket: '5m' });
    const items = res.body.items as Array<{ started: number }>;
    expect(items).toHaveLength(49);
    expect(items.reduce((n, b) => n + b.started, 0)).toBe(5);
    const week = await callRoute(SERIES, '/api/state-machines/x/series?from=2024-01-01&to=2024-01-08&bucket=auto', { arn: MACHINE });
    expect(week.body).toMatchObject({ bucket: '1h' });
    const month = await callRoute(SERIES, '/api/state-machines/x/series?from=2024-01-01&to=2024-01-31&bucket=auto', { arn: MACHINE });
    expect(month.body).toMatchObject({ bucket: '1d' });
  });
});
