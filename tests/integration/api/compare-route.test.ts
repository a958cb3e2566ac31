// GET /api/compare (DESIGN.md §2.6) called as Next.js calls it, over executions ingested through the
// one path (a Standard machine with retries, an Express one): the figures and costs worked out by
// hand from the histories and the pricing page, and the 404 / 400 answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as compare } from '../../../app/api/compare/route.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { closeAllStores, openStore } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { entered, ev, execStarted, exited, failed, scheduled, started, succeeded } from '../../unit/history/build-events.ts';

const ORDERS = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const INGEST = 'arn:aws:states:us-east-1:123456789012:stateMachine:Ingest';
const q = (arn: string) => `stateMachineArn=${encodeURIComponent(arn)}`;
// build-events histories start at 2025-01-15T12:00:00Z (`at` seconds later).
const WINDOW = 'from=2025-01-15T12:00:00Z&to=2025-01-15T13:00:00Z';
let dir = '';
let restoreEnv = (): void => undefined;

/** Charge fails twice and succeeds on its third attempt, then Done: 2 entries + 2 retries = 4 transitions, 7 s. */
const retried = () =>
  parseHistory([
    execStarted(0),
    entered(2, 1, 'Task', 'Charge', 1),
    scheduled(3, 2, 1),
    started(4, 3, 1),
    failed(5, 4, 'Busy', 2),
    scheduled(6, 5, 3),
    started(7, 6, 3),
    failed(8, 7, 'Busy', 4),
    scheduled(9, 8, 5),
    started(10, 9, 5),
    succeeded(11, 10, 6),
    exited(12, 11, 'Task', 'Charge', 6),
    entered(13, 12, 'Succeed', 'Done', 7),
    exited(14, 13, 'Succeed', 'Done', 7),
    ev(15, 14, 'ExecutionSucceeded', { output: '{}' }, 7),
  ]).events;

/** Charge fails on its one attempt: 1 transition, 5 s. */
const failedHistory = () =>
  parseHistory([
    execStarted(0),
    entered(2, 1, 'Task', 'Charge', 1),
    scheduled(3, 2, 2),
    started(4, 3, 3),
    failed(5, 4, 'Card.Declined', 4),
    ev(6, 5, 'ExecutionFailed', { error: 'Card.Declined', cause: 'no' }, 5),
  ]).events;

/** One Pass state, ending `end` seconds after the start: 1 transition. */
const passHistory = (end: number) =>
  parseHistory([execStarted(0), entered(2, 1, 'Pass', 'Shape', end / 2), exited(3, 2, 'Pass', 'Shape', end / 2), ev(4, 3, 'ExecutionSucceeded', { output: '{}' }, end)]).events;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-compare-'));
  const url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  const standard = { stateMachineArn: ORDERS, name: 'Orders', type: 'STANDARD' as const };
  const express = { stateMachineArn: INGEST, name: 'Ingest', type: 'EXPRESS' as const };
  await ingestExecution(store, { stateMachine: standard, executionArn: `${ORDERS.replace(':stateMachine:', ':execution:')}:o1`, stateMachineArn: ORDERS, name: 'o1', events: retried() });
  await ingestExecution(store, { stateMachine: standard, executionArn: `${ORDERS.replace(':stateMachine:', ':execution:')}:o2`, stateMachineArn: ORDERS, name: 'o2', events: failedHistory() });
  const expressArn = (name: string) => `${INGEST.replace(':stateMachine:', ':express:')}:${name}:00000000-0000-4000-8000-00000000000${name.length}`;
  await ingestExecution(store, { stateMachine: express, executionArn: expressArn('i1'), stateMachineArn: INGEST, name: 'i1', events: passHistory(0.25) });
  await ingestExecution(store, { stateMachine: express, executionArn: expressArn('i22'), stateMachineArn: INGEST, name: 'i22', events: passHistory(1.05) });
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

/** USD amounts equal to 1e-9 relative. */
function usd(actual: unknown, expected: number): void {
  expect(typeof actual).toBe('number');
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-9);
}

type Item = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('GET /api/compare', () => {
  it('answers §2.6’s figures per machine, in the order asked, with costs worked out by hand', async () => {
    const res = await callRoute(compare, `/api/compare?${q(ORDERS)}&${q(INGEST)}&${q(ORDERS)}&${WINDOW}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2025-01-15T12:00:00.000Z', to: '2025-01-15T13:00:00.000Z' });
    const [orders, ingest] = res.body.items as Item[];
    expect((res.body.items as Item[]).length).toBe(2);

    // Orders: o1 SUCCEEDED in 7 s with 4 transitions, o2 FAILED in 5 s with 1.
    expect(orders).toMatchObject({
      stateMachineArn: ORDERS,
      type: 'STANDARD',
      executions: 2,
      succeeded: 1,
      failed: 1,
      successRate: 0.5,
      counts: { SUCCEEDED: 1, FAILED: 1 },
      // nearest rank of [5000, 7000]: p50 = 1st, p95 = p99 = 2nd
      durationMs: { p50: 5000, p95: 7000, p99: 7000 },
      // 2 started in 60 minutes; both in the first minute
      throughputPerMinute: { mean: 2 / 60, peak: 2 },
      transitionsPerExecution: 2.5,
    });
    // 2.5 × $0.000025 = $0.0000625 per execution, $62.50 per million, 2 × that = $0.000125 in the window.
    usd(orders?.cost.perExecutionUsd, 0.0000625);
    usd(orders?.cost.perMillionUsd, 62.5);
    usd(orders?.cost.windowUsd, 0.000125);
    // As Express: billed 5,000 + 7,000 ms × 64 MB, mean 6 s × 0.0625 GB = 0.375 GB-s;
    // $0.000001 + 0.375 × $0.00001667 = $0.00000725125; a million: 375,000 GB-s (first tier)
    // → $1 + $6.25125; the window: $0.000002 + 0.75 × $0.00001667 = $0.0000145025.
    expect(orders?.whatIf.type).toBe('EXPRESS');
    usd(orders?.whatIf.perExecutionUsd, 0.00000725125);
    usd(orders?.whatIf.perMillionUsd, 7.25125);
    usd(orders?.whatIf.windowUsd, 0.0000145025);
    // Break-even: (0.0000625 − 0.000001) / (0.0625 × 0.00001667) s = 59.0282 s; 0.00000725125 / 0.000025 = 0.29005 transitions.
    expect(orders?.whatIf.breakEven.durationMs).toBeCloseTo(59_028.2, 0);
    usd(orders?.whatIf.breakEven.transitionsPerExecution, 0.29005);
    expect(orders?.cost.assumptions).toMatchObject({
      region: 'us-east-1',
      regionListed: true,
      pricesSource: 'https://aws.amazon.com/step-functions/pricing/',
      pricesAsOf: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      standardUsdPerTransition: 0.000025,
      expressUsdPerRequest: 0.000001,
      freeTierDeducted: false,
      billing: 'estimate',
      memoryEstimateMb: 64,
      transitionsKnownExecutions: 2,
      durationKnownExecutions: 2,
      partialHistoryExecutions: 0,
      overExpressLimit: 0,
    });
    expect(orders?.cost.assumptions.notes.length).toBeGreaterThan(0);

    // Ingest: 250 ms and 1,050 ms, both SUCCEEDED, one Pass run each.
    expect(ingest).toMatchObject({
      stateMachineArn: INGEST,
      type: 'EXPRESS',
      executions: 2,
      succeeded: 2,
      failed: 0,
      successRate: 1,
      durationMs: { p50: 250, p95: 1050, p99: 1050 },
      transitionsPerExecution: 1,
    });
    // Billed 300 + 1,100 ms × 64 MB: mean 0.7 s × 0.0625 GB = 0.04375 GB-s;
    // $0.000001 + 0.04375 × $0.00001667 = $0.0000017293125; a million $1.7293125;
    // the window $0.000002 + 0.0875 × $0.00001667 = $0.000003458625.
    usd(ingest?.cost.perExecutionUsd, 0.0000017293125);
    usd(ingest?.cost.perMillionUsd, 1.7293125);
    usd(ingest?.cost.windowUsd, 0.000003458625);
    // As Standard: 1 transition, $0.000025; $25 per million; $0.00005 for the window.
    expect(ingest?.whatIf.type).toBe('STANDARD');
    usd(ingest?.whatIf.perExecutionUsd, 0.000025);
    usd(ingest?.whatIf.perMillionUsd, 25);
    usd(ingest?.whatIf.windowUsd, 0.00005);
    // (0.000025 − 0.000001) / 0.000001041875 s = 23.0354 s; 0.0000017293125 / 0.000025 = 0.0691725 transitions.
    expect(ingest?.whatIf.breakEven.durationMs).toBeCloseTo(23_035.4, 0);
    usd(ingest?.whatIf.breakEven.transitionsPerExecution, 0.0691725);

    // Histograms over one range: 250 ms in [200, 500) = 8, 1,050 ms in [1000, 2000) = 10,
    // 5,000 and 7,000 ms in [5000, 10000) = 12.
    const buckets = (item: Item | undefined) => (item?.durationHistogram as Array<{ index: number; count: number }>).map((b) => [b.index, b.count]);
    expect(buckets(orders)).toEqual([[8, 0], [9, 0], [10, 0], [11, 0], [12, 2]]);
    expect(buckets(ingest)).toEqual([[8, 1], [9, 0], [10, 1], [11, 0], [12, 0]]);
    expect(orders?.durationHistogram[0]).toEqual({ index: 8, fromMs: 200, toMs: 500, count: 0 });
  });

  it('defaults to the last 24 h', async () => {
    const res = await callRoute(compare, `/api/compare?${q(ORDERS)}`);
    expect(res.status).toBe(200);
    expect(Date.parse(String(res.body.to)) - Date.parse(String(res.body.from))).toBe(24 * 60 * 60 * 1000);
    expect((res.body.items as Item[])[0]).toMatchObject({ executions: 0, successRate: null, cost: { perExecutionUsd: null } });
  });

  it('answers 404 for an unknown machine and 400 naming a missing or bad parameter', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope';
    expect(await callRoute(compare, `/api/compare?${q(ORDERS)}&${q(missing)}`)).toEqual({ status: 404, body: { error: `state machine not found: ${missing}` } });
    const required = { status: 400, body: { error: 'stateMachineArn: at least one is required (repeat stateMachineArn for each state machine)' } };
    expect(await callRoute(compare, '/api/compare')).toEqual(required);
    expect(await callRoute(compare, '/api/compare?stateMachineArn=&from=2025-01-15T12:00:00Z')).toEqual(required);
    const eleven = Array.from({ length: 11 }, (_, i) => q(`${ORDERS}${i}`)).join('&');
    expect(await callRoute(compare, `/api/compare?${eleven}`)).toEqual({ status: 400, body: { error: 'stateMachineArn: at most 10 state machines' } });
    expect(await callRoute(compare, `/api/compare?${q(ORDERS)}&from=soon`)).toEqual({ status: 400, body: { error: 'from: must be an ISO-8601 date (UTC unless it has an offset)' } });
    expect(await callRoute(compare, `/api/compare?${q(ORDERS)}&to=yesterday`)).toEqual({ status: 400, body: { error: 'to: must be an ISO-8601 date (UTC unless it has an offset)' } });
    expect(await callRoute(compare, `/api/compare?${q(ORDERS)}&from=2025-01-15T13:00:00Z&to=2025-01-15T12:00:00Z`)).toEqual({
      status: 400,
      body: { error: 'from: must be before to (2025-01-15T12:00:00.000Z)' },
    });
  });
});
