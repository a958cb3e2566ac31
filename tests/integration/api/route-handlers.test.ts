import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getDetail } from '../../../app/api/executions/[arn]/route.ts';
import { GET as getEvents } from '../../../app/api/executions/[arn]/events/route.ts';
import { GET as getRun } from '../../../app/api/executions/[arn]/runs/[index]/route.ts';
import { GET as listExecutionsRoute } from '../../../app/api/executions/route.ts';
import { GET as getHealth } from '../../../app/api/health/route.ts';
import { GET as listStateMachinesRoute } from '../../../app/api/state-machines/route.ts';
import { closeAllStores, openStore, seedSyntheticExecutions } from '../../../lib/store/index.ts';
import { callRoute, serveStoreToRoutes } from '../../helpers/route-handlers.ts';

// The app/api route handlers called directly (as Next.js calls them: decoded params in a
// promise) over a seeded SQLite store: statuses and JSON bodies, errors included.

const MISSING = 'arn:aws:states:us-east-1:123456789012:execution:Nope:missing';
let dir = '';
let restoreEnv = (): void => undefined;

const call = callRoute;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-routes-'));
  const url = `file:${join(dir, 'store.db')}`;
  await (await openStore(url)).close(); // migrate
  seedSyntheticExecutions(url, { count: 30, machines: 2, now: new Date('2024-01-02T00:00:00Z') });
  // No sources configured: nothing is fetched on demand.
  restoreEnv = serveStoreToRoutes(url);
});

afterAll(async () => {
  restoreEnv();
  await closeAllStores();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/executions', () => {
  it('lists, pages and counts', async () => {
    const first = await call(listExecutionsRoute, '/api/executions?limit=10&counts=1');
    expect(first.status).toBe(200);
    expect((first.body.items as unknown[]).length).toBe(10);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(first.body.counts).toEqual(expect.any(Object));
    const next = await call(listExecutionsRoute, `/api/executions?limit=10&cursor=${encodeURIComponent(String(first.body.nextCursor))}`);
    expect(next.status).toBe(200);
    const repeated = await call(listExecutionsRoute, '/api/executions?status=FAILED&status=TIMED_OUT');
    const listed = await call(listExecutionsRoute, '/api/executions?status=FAILED,TIMED_OUT');
    expect(repeated).toEqual(listed);
    expect((listed.body.items as Array<{ status: string }>).every((item) => ['FAILED', 'TIMED_OUT'].includes(item.status))).toBe(true);
  });

  it('answers 400 naming the parameter', async () => {
    expect(await call(listExecutionsRoute, '/api/executions?status=EXPLODED')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^status/) } });
    expect(await call(listExecutionsRoute, '/api/executions?from=yesterday')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^from: must be an ISO-8601 date/) } });
    expect(await call(listExecutionsRoute, '/api/executions?cursor=bogus')).toEqual({ status: 400, body: { error: 'cursor: not a cursor this API returned' } });
  });
});

describe('GET /api/executions/{arn} and below', () => {
  it('answers 404 {"error"} naming the execution', async () => {
    expect(await call(getDetail, '/api/executions/x', { arn: MISSING })).toEqual({ status: 404, body: { error: `execution not found: ${MISSING}` } });
    expect(await call(getEvents, '/api/executions/x/events', { arn: MISSING })).toEqual({ status: 404, body: { error: `execution not found: ${MISSING}` } });
    expect(await call(getRun, '/api/executions/x/runs/0', { arn: MISSING, index: '0' })).toEqual({ status: 404, body: { error: `no run 0 in execution ${MISSING}` } });
  });

  it('reads an ARN param that is still percent-encoded once', async () => {
    expect((await call(getDetail, '/api/executions/x', { arn: encodeURIComponent(MISSING) })).body).toEqual({ error: `execution not found: ${MISSING}` });
  });

  it('answers 400 for a bad cursor, limit or run index', async () => {
    expect(await call(getEvents, '/api/executions/x/events?cursor=x', { arn: MISSING })).toEqual({ status: 400, body: { error: 'cursor: must be a cursor from a previous page' } });
    for (const limit of ['-1', '0', '0x10', '25001', '10000000000000000000000']) {
      expect(await call(getEvents, `/api/executions/x/events?limit=${limit}`, { arn: MISSING })).toEqual({ status: 400, body: { error: 'limit: must be a whole number from 1 to 25000' } });
    }
    expect(await call(getEvents, '/api/executions/x/events?cursor=10000000000000000000000', { arn: MISSING })).toEqual({ status: 400, body: { error: 'cursor: must be a cursor from a previous page' } });
    expect(await call(getRun, '/api/executions/x/runs/first', { arn: MISSING, index: 'first' })).toEqual({ status: 400, body: { error: 'index: must be a run index (0-based integer)' } });
  });

  it('answers a stored execution', async () => {
    const list = await call(listExecutionsRoute, '/api/executions?limit=1');
    const arn = (list.body.items as Array<{ executionArn: string }>)[0]?.executionArn ?? '';
    const detail = await call(getDetail, '/api/executions/x', { arn });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ execution: { executionArn: arn }, analysis: expect.any(Object) });
    const events = await call(getEvents, '/api/executions/x/events?cursor=&limit=', { arn });
    expect(events).toMatchObject({ status: 200, body: { items: [], nextCursor: null, total: 0 } });
  });
});

describe('GET /api/state-machines and /api/health', () => {
  it('lists state machines, with stats on ?stats=1', async () => {
    const plain = await call(listStateMachinesRoute, '/api/state-machines');
    expect(plain.status).toBe(200);
    expect((plain.body.items as unknown[]).length).toBe(2);
    const withStats = await call(listStateMachinesRoute, '/api/state-machines?stats=1');
    expect((withStats.body.items as Array<Record<string, unknown>>)[0]).toHaveProperty('stats');
  });

  it('reports health', async () => {
    const health = await call(getHealth, '/api/health');
    expect(health).toMatchObject({ status: 200, body: { ok: true } });
  });
});
