import { describe, expect, it } from 'vitest';
import { createClock } from '../../../../lib/emulator/server/clock.ts';
import { FaultInjector } from '../../../../lib/emulator/server/faults.ts';
import { QuotaLimiter } from '../../../../lib/emulator/server/quotas.ts';

describe('QuotaLimiter', () => {
  it('drains the bucket and refills at the large-Region rate', () => {
    let now = 0;
    const limiter = new QuotaLimiter(() => now);
    let granted = 0;
    for (let i = 0; i < 500; i++) if (limiter.take('GetExecutionHistory', 'us-east-1')) granted++;
    expect(granted).toBe(400);
    now += 1000; // 20 tokens per second
    granted = 0;
    for (let i = 0; i < 50; i++) if (limiter.take('GetExecutionHistory', 'us-east-1')) granted++;
    expect(granted).toBe(20);
  });

  it('uses the smaller figures outside the large Regions and keeps Regions apart', () => {
    const limiter = new QuotaLimiter(() => 0);
    let granted = 0;
    for (let i = 0; i < 300; i++) if (limiter.take('ListExecutions', 'ap-south-1')) granted++;
    expect(granted).toBe(100);
    expect(limiter.take('ListExecutions', 'us-east-1')).toBe(true);
    expect(limiter.take('CreateStateMachine', 'ap-south-1')).toBe(true); // not throttled
  });
});

describe('FaultInjector', () => {
  const sequence = (seed: number): string[] => {
    const faults = new FaultInjector(0.5, seed);
    return Array.from({ length: 200 }, () => {
      const fault = faults.next();
      return fault === null ? 'ok' : fault.kind === 'error' ? String(fault.status) : fault.kind;
    });
  };

  it('is reproducible for a seed and varies across seeds', () => {
    expect(sequence(7)).toEqual(sequence(7));
    expect(sequence(7)).not.toEqual(sequence(8));
  });

  it('injects roughly the requested rate and every kind', () => {
    const kinds = sequence(42);
    const faulted = kinds.filter((k) => k !== 'ok').length;
    expect(faulted).toBeGreaterThan(70);
    expect(faulted).toBeLessThan(130);
    expect(new Set(kinds)).toEqual(new Set(['ok', '500', '503', 'latency', 'drop']));
  });
});

describe('createClock', () => {
  it('runs emulated time K times faster and sleeps ms / K', async () => {
    let real = 1_000_000;
    const clock = createClock(10, () => real);
    real += 100;
    expect(clock.now()).toBe(1_000_000 + 1000);
    const started = Date.now();
    await createClock(100).sleep(2000);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('rejects a sleep with the abort reason', async () => {
    const controller = new AbortController();
    const sleeping = createClock(1).sleep(60_000, controller.signal);
    controller.abort({ error: 'Stopped' });
    await expect(sleeping).rejects.toEqual({ error: 'Stopped' });
  });
});
