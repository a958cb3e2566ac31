// GET /api/executions/diff (DESIGN.md §2.6) called as Next.js calls it, over executions ingested
// through the one path: a failed and a succeeded run of one machine part where the failed one's
// Task raised, a run of another machine is matched by state name, unknown ARNs are 404 naming the
// side, a missing side is 400; and "Compare with last success" picks the success before the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as diffRoute } from '../../../app/api/executions/diff/route.ts';
import { findLastSuccess } from '../../../lib/api/executions/get-execution-diff.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { closeAllStores, getExecution, openStore } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';
import { entered, ev, exited, failed, scheduled, started, succeeded } from '../../unit/history/build-events.ts';

const ORDERS = 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders';
const OTHER = 'arn:aws:states:us-east-1:123456789012:stateMachine:Other';
const execArn = (machine: string, name: string) => `${machine.replace(':stateMachine:', ':execution:')}:${name}`;
const path = (a: string, b?: string) => `/api/executions/diff?a=${encodeURIComponent(a)}${b === undefined ? '' : `&b=${encodeURIComponent(b)}`}`;
let dir = '';
let url = '';
let restoreEnv = (): void => undefined;

const start = (input: string, at: number) => ev(1, 0, 'ExecutionStarted', { input, roleArn: 'arn:aws:iam::123456789012:role/r' }, at);

/** Charge succeeds, then Done. Starts `at` seconds after the base time. */
const chargeOk = (at: number, amount: number) =>
  parseHistory([
    start(`{"amount":${amount}}`, at),
    entered(2, 1, 'Task', 'Charge', at + 1),
    scheduled(3, 2, at + 1),
    started(4, 3, at + 1),
    succeeded(5, 4, at + 2),
    exited(6, 5, 'Task', 'Charge', at + 2),
    entered(7, 6, 'Succeed', 'Done', at + 3),
    exited(8, 7, 'Succeed', 'Done', at + 3),
    ev(9, 8, 'ExecutionSucceeded', { output: `{"paid":${amount}}` }, at + 3),
  ]).events;

/** Charge fails (not caught): the execution fails there. */
const chargeFails = (at: number) =>
  parseHistory([
    start('{"amount":999}', at),
    entered(2, 1, 'Task', 'Charge', at + 1),
    scheduled(3, 2, at + 1),
    started(4, 3, at + 1),
    failed(5, 4, 'Card.Declined', at + 2),
    ev(6, 5, 'ExecutionFailed', { error: 'Card.Declined', cause: 'declined' }, at + 2),
  ]).events;

/** Another machine: Validate, then Charge succeeds. */
const validateThenCharge = (at: number) =>
  parseHistory([
    start('{"amount":5}', at),
    entered(2, 1, 'Pass', 'Validate', at + 1),
    exited(3, 2, 'Pass', 'Validate', at + 1),
    entered(4, 3, 'Task', 'Charge', at + 1),
    scheduled(5, 4, at + 1),
    started(6, 5, at + 1),
    succeeded(7, 6, at + 2),
    exited(8, 7, 'Task', 'Charge', at + 2),
    ev(9, 8, 'ExecutionSucceeded', { output: '{}' }, at + 2),
  ]).events;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-diff-'));
  url = `file:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  const orders = { stateMachineArn: ORDERS, name: 'Orders', type: 'STANDARD' as const };
  const other = { stateMachineArn: OTHER, name: 'Other', type: 'STANDARD' as const };
  const put = (machine: typeof orders, name: string, events: ReturnType<typeof chargeOk>) =>
    ingestExecution(store, { stateMachine: machine, executionArn: execArn(machine.stateMachineArn, name), stateMachineArn: machine.stateMachineArn, name, events });
  await put(orders, 'ok-early', chargeOk(0, 10));
  await put(orders, 'ok-before', chargeOk(100, 20));
  await put(orders, 'failed', chargeFails(200));
  await put(orders, 'ok-after', chargeOk(300, 30));
  await put(other, 'validated', validateThenCharge(400));
  await store.close();
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/executions/diff', () => {
  it('a failed against a succeeded run: the divergence at the failing Task, the states side by side, the JSON diffs', async () => {
    const { status, body } = await callRoute(diffRoute, path(execArn(ORDERS, 'failed'), execArn(ORDERS, 'ok-before')));
    expect(status).toBe(200);
    expect(body.a).toMatchObject({ executionArn: execArn(ORDERS, 'failed'), status: 'FAILED' });
    expect(body.b).toMatchObject({ executionArn: execArn(ORDERS, 'ok-before'), status: 'SUCCEEDED' });
    expect(body.firstDivergence).toMatchObject({ stateName: 'Charge', reasons: ['status', 'next', 'error'], a: { status: 'FAILED', error: 'Card.Declined', nextStateName: null }, b: { status: 'SUCCEEDED', nextStateName: 'Done' } });
    const states = body.states as Array<Record<string, unknown>>;
    expect(states.map((s) => [s.stateName, s.taken])).toEqual([
      ['Charge', 'both'],
      ['Done', 'b'],
    ]);
    expect(states[0]).toMatchObject({ a: { status: 'FAILED', runs: 1, durationMs: 1000, attempts: 1 }, b: { status: 'SUCCEEDED', runs: 1, durationMs: 1000, attempts: 1 } });
    expect(states[1]?.a).toBeNull();
    expect(body.input).toEqual({ amount: [999, 20] });
    expect(body.output).toEqual([null, { paid: 20 }]);
  });

  it('executions of different state machines are matched by state name', async () => {
    const { status, body } = await callRoute(diffRoute, path(execArn(OTHER, 'validated'), execArn(ORDERS, 'ok-early')));
    expect(status).toBe(200);
    const states = body.states as Array<Record<string, unknown>>;
    expect(states.map((s) => [s.stateName, s.taken])).toEqual([
      ['Validate', 'a'],
      ['Charge', 'both'],
      ['Done', 'b'],
    ]);
    expect(body.firstDivergence).toMatchObject({ stateName: 'Validate', reasons: ['path'] });
  });

  it('an execution against itself has no divergence and no differences', async () => {
    const arn = execArn(ORDERS, 'ok-early');
    const { status, body } = await callRoute(diffRoute, path(arn, arn));
    expect(status).toBe(200);
    expect(body.firstDivergence).toBeNull();
    expect(body.input).toBeNull();
    expect(body.output).toBeNull();
    expect((body.states as Array<{ differs: boolean }>).every((s) => !s.differs)).toBe(true);
  });

  it('404 names the side that is not stored; 400 names a missing or malformed parameter', async () => {
    const missing = execArn(ORDERS, 'nope');
    expect(await callRoute(diffRoute, path(execArn(ORDERS, 'failed'), missing))).toEqual({ status: 404, body: { error: `execution not found: b=${missing}` } });
    expect(await callRoute(diffRoute, path(missing, execArn(ORDERS, 'failed')))).toEqual({ status: 404, body: { error: `execution not found: a=${missing}` } });
    const noB = await callRoute(diffRoute, path(execArn(ORDERS, 'failed')));
    expect(noB.status).toBe(400);
    expect(noB.body.error).toMatch(/^b: /);
    const bad = await callRoute(diffRoute, path('not-an-arn', execArn(ORDERS, 'failed')));
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/^a: must be an execution ARN/);
  });
});

describe('findLastSuccess', () => {
  it('is the newest success that started before the execution, else the newest success; never itself', async () => {
    const store = await openStore(url);
    const of = async (name: string) => {
      const stored = await getExecution(store, execArn(ORDERS, name));
      if (!stored) throw new Error(`${name} not stored`);
      return findLastSuccess(store, stored.execution);
    };
    expect(await of('failed')).toBe(execArn(ORDERS, 'ok-before'));
    expect(await of('ok-before')).toBe(execArn(ORDERS, 'ok-early'));
    // Nothing succeeded before the first one: the newest success.
    expect(await of('ok-early')).toBe(execArn(ORDERS, 'ok-after'));
    const other = await getExecution(store, execArn(OTHER, 'validated'));
    expect(other).not.toBeNull();
    expect(other && (await findLastSuccess(store, other.execution))).toBeNull();
    await store.close();
  });
});
