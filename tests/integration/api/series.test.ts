import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '../../../app/api/state-machines/[arn]/series/route.ts';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { executionSeries } from '../../../lib/metrics/index.ts';
import { closeAllStores, openStore, saveExecutionHistory } from '../../../lib/store/index.ts';
import { mulberry32 } from '../../helpers/prng.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';

// GET /api/state-machines/{arn}/series called as Next.js calls it (decoded params in a promise)
// over a SQLite store: the §2.5 body, 404 for an unknown machine, 400s naming the parameter.

const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const MISSING = 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope';
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 4, 1, 12);
const STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'RUNNING'] as const;

interface Row {
  name: string;
  status: string;
  startDate: Date;
  durationMs: number | null;
  revisionId: string;
}

let dir = '';
let restoreEnv = (): void => undefined;
const rows: Row[] = [];

const call = (path: string, arn = ARN) => callRoute(GET, path, { arn });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-series-api-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  const next = mulberry32(3);
  for (let i = 0; i < 120; i++) {
    const start = i === 0 ? T0 - 1 : i === 1 ? T0 : T0 - 2 * HOUR + Math.floor(next() * 5 * HOUR);
    const row: Row = {
      name: `e${i}`,
      status: STATUSES[Math.floor(next() * STATUSES.length)] ?? 'SUCCEEDED',
      startDate: new Date(start),
      durationMs: next() < 0.2 ? null : Math.floor(next() * 100_000),
      revisionId: start < T0 ? 'rev-1' : 'rev-2',
    };
    rows.push(row);
    await saveExecutionHistory(store, {
      stateMachine: { stateMachineArn: ARN, name: 'Orders', type: 'STANDARD', definition: `{"Comment":"${row.revisionId}"}`, revisionId: row.revisionId },
      execution: {
        executionArn: `arn:aws:states:us-east-1:123456789012:execution:Orders:${row.name}`,
        stateMachineArn: ARN,
        name: row.name,
        status: row.status,
        startDate: row.startDate,
        stopDate: row.durationMs === null ? null : new Date(start + row.durationMs),
        input: '{}',
        output: null,
        error: null,
        cause: null,
        redriveCount: 0,
        historyComplete: true,
        partial: false,
      },
      events: [],
      runs: [],
      analyzerVersion: ANALYZER_VERSION,
    });
  }
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
}, 60_000);

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/state-machines/{arn}/series', () => {
  it('answers every UTC-aligned bucket of the window, as lib/metrics defines them, and the revisions', async () => {
    const from = T0 - 2 * HOUR - 1234;
    const to = T0 + 3 * HOUR;
    const got = await call(`/api/state-machines/x/series?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&bucket=1h`);
    expect(got.status).toBe(200);
    const expected = executionSeries(rows, { from, to }, HOUR).map(({ start, ...bucket }) => ({ start: new Date(start).toISOString(), ...bucket }));
    expect(expected.map((b) => b.start)).toEqual([-3, -2, -1, 0, 1, 2].map((h) => new Date(T0 + h * HOUR).toISOString()));
    expect(got.body).toEqual({
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: '1h',
      items: expected,
      revisions: [
        { revisionId: 'rev-1', firstSeen: new Date(Math.min(...rows.filter((r) => r.revisionId === 'rev-1').map((r) => r.startDate.getTime()))).toISOString() },
        { revisionId: 'rev-2', firstSeen: new Date(T0).toISOString() },
      ],
    });
    expect(Object.keys((got.body.items as object[])[0] ?? {})).toEqual(['start', 'started', 'succeeded', 'failed', 'timedOut', 'aborted', 'durationMs']);
    expect((got.body.items as Array<{ started: number }>).reduce((n, b) => n + b.started, 0)).toBeGreaterThan(80);
  });

  it('keeps revisions first seen before `to` only, and answers zero buckets with null percentiles', async () => {
    const got = await call(`/api/state-machines/x/series?from=2024-05-01T11:58:00Z&to=2024-05-01T12:00:00Z&bucket=1m`);
    expect(got.status).toBe(200);
    expect((got.body.revisions as Array<{ revisionId: string }>).map((r) => r.revisionId)).toEqual(['rev-1']);
    const items = got.body.items as Array<{ start: string; started: number; durationMs: unknown }>;
    expect(items.map((b) => b.start)).toEqual(['2024-05-01T11:58:00.000Z', '2024-05-01T11:59:00.000Z']);
    expect(items[1]?.started).toBeGreaterThanOrEqual(1); // T0 − 1 ms
    const empty = await call(`/api/state-machines/x/series?from=2023-01-01T00:00:00Z&to=2023-01-01T00:05:00Z&bucket=5m`);
    expect(empty.body).toEqual({
      from: '2023-01-01T00:00:00.000Z',
      to: '2023-01-01T00:05:00.000Z',
      bucket: '5m',
      items: [{ start: '2023-01-01T00:00:00.000Z', started: 0, succeeded: 0, failed: 0, timedOut: 0, aborted: 0, durationMs: { p50: null, p95: null, p99: null } }],
      revisions: [],
    });
  });

  it('defaults to the last 24 h in 1h buckets', async () => {
    const got = await call('/api/state-machines/x/series');
    expect(got.status).toBe(200);
    const items = got.body.items as Array<{ start: string }>;
    expect(items.length).toBeGreaterThanOrEqual(24);
    expect(items.length).toBeLessThanOrEqual(25);
    expect(items.every((b) => b.start.endsWith(':00:00.000Z'))).toBe(true);
  });

  it('answers 404 naming an unknown state machine', async () => {
    expect(await call('/api/state-machines/x/series', MISSING)).toEqual({ status: 404, body: { error: `state machine not found: ${MISSING}` } });
    expect(await call('/api/state-machines/x/series', encodeURIComponent(MISSING))).toEqual({ status: 404, body: { error: `state machine not found: ${MISSING}` } });
  });

  it('answers 400 naming the parameter', async () => {
    expect(await call('/api/state-machines/x/series?from=yesterday')).toEqual({ status: 400, body: { error: expect.stringMatching(/^from: must be an ISO-8601 date/) } });
    expect(await call('/api/state-machines/x/series?to=2024-13-01')).toEqual({ status: 400, body: { error: expect.stringMatching(/^to: must be an ISO-8601 date/) } });
    expect(await call('/api/state-machines/x/series?from=2024-05-02&to=2024-05-01')).toEqual({ status: 400, body: { error: expect.stringMatching(/^from: must be before to/) } });
    expect(await call('/api/state-machines/x/series?bucket=1w')).toEqual({ status: 400, body: { error: 'bucket: must be one of auto, 1m, 5m, 1h, 1d' } });
    expect(await call('/api/state-machines/x/series?from=2024-01-01&to=2024-05-01&bucket=1m')).toEqual({ status: 400, body: { error: expect.stringMatching(/^bucket: too many buckets: .* more than 2000/) } });
  });
});
