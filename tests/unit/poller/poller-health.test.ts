import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiStats } from '../../../lib/aws/index.ts';
import { logGroupNameOf, PollerStats, readPollerHealth } from '../../../lib/poller/index.ts';
import { acquirePollerLease, openStore, releasePollerLeases, setPollerCursor, type Store } from '../../../lib/store/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'steplens-poller-unit-'));
let store: Store | null = null;
const getStore = async () => (store ??= await openStore(`file:${path.join(dir, 'a.db')}`));
afterAll(async () => store?.close());

describe('poller stats', () => {
  it('reports lag p50/p95 by nearest rank over the recorded lags (lib/metrics)', () => {
    const stats = new PollerStats('p1', new ApiStats(), []);
    expect(stats.snapshot()).toMatchObject({ lagMs: null, lagP50Ms: null, lagP95Ms: null });
    for (const ms of [400, 100, 300, 200]) stats.recordLag(ms);
    expect(stats.snapshot()).toMatchObject({ lagMs: 200, lagP50Ms: 200, lagP95Ms: 400 });
  });

  it('log group names', () => {
    expect(logGroupNameOf('arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/x-Logs:*')).toBe('/aws/vendedlogs/states/x-Logs');
    expect(logGroupNameOf('nonsense')).toBeNull();
  });

  it('merges live pollers for GET /api/health and ignores stale ones', async () => {
    const s = await getStore();
    const api = new ApiStats();
    api.countCall('ListExecutions');
    api.countCall('ListExecutions');
    api.countThrottle();
    const stats = new PollerStats('p1', api, [{ id: 'aws:us-east-1', kind: 'aws', region: 'us-east-1' }]);
    stats.sourceError('aws:us-east-1', 'ListStateMachines: access denied by AWS us-east-1: nope');
    stats.recordLag(1200);
    await setPollerCursor(s, 'status:p1', stats.snapshot());
    await setPollerCursor(s, 'status:old', { ...stats.snapshot(), pollerId: 'old', updatedAt: '2000-01-01T00:00:00.000Z' });
    const health = await readPollerHealth(s);
    expect(health.poller).toMatchObject({ apiCalls: { ListExecutions: 2 }, throttled: 1, lagMs: 1200, pollers: 1 });
    expect(health.sources).toEqual([expect.objectContaining({ id: 'aws:us-east-1', kind: 'aws', region: 'us-east-1', error: 'ListStateMachines: access denied by AWS us-east-1: nope' })]);
  });

  it('leases: one owner at a time, takeover after expiry', async () => {
    const s = await getStore();
    const t0 = new Date('2030-01-01T00:00:00Z');
    expect(await acquirePollerLease(s, 'sm:x', 'a', 1000, t0)).toBe(true);
    expect(await acquirePollerLease(s, 'sm:x', 'b', 1000, new Date(t0.getTime() + 500))).toBe(false);
    expect(await acquirePollerLease(s, 'sm:x', 'a', 1000, new Date(t0.getTime() + 600))).toBe(true); // renewal
    expect(await acquirePollerLease(s, 'sm:x', 'b', 1000, new Date(t0.getTime() + 1700))).toBe(true); // expired: takeover
    await releasePollerLeases(s, 'b');
    expect(await acquirePollerLease(s, 'sm:x', 'a', 1000, new Date(t0.getTime() + 1800))).toBe(true);
  });
});
