import { describe, expect, it } from 'vitest';
import { DEFAULT_TRAFFIC, startDemoTraffic, type DemoClient, type DemoStart, type DemoTraffic } from '../../../../lib/emulator/demo/traffic.ts';
import { demoWorkflows } from '../../../../lib/emulator/demo/workflows/index.ts';

const ARNS = Object.fromEntries(demoWorkflows().map((w) => [w.name, `arn:aws:states:us-east-1:123456789012:stateMachine:${w.name}`]));

/** Emulated time that passes instantly: sleep just moves the clock. */
function instantClock() {
  let t = 0;
  return {
    now: () => Date.UTC(2025, 5, 1, 9, 0, 0) + t,
    elapsed: () => t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      t += ms;
    },
  };
}

const okClient: DemoClient = { startExecution: async () => undefined };

/** Runs the generator on an instant clock until `until` says stop; returns what it started. */
async function run(seed: number, until: (starts: DemoStart[], elapsedMs: number) => boolean, client: DemoClient = okClient): Promise<{ starts: DemoStart[]; traffic: DemoTraffic }> {
  const clock = instantClock();
  const starts: DemoStart[] = [];
  let stopping: Promise<void> | undefined;
  const traffic: DemoTraffic = startDemoTraffic(client, {
    seed,
    stateMachineArns: ARNS,
    sleep: clock.sleep,
    now: clock.now,
    onStart: (s) => {
      if (stopping) throw new Error('start after stop');
      starts.push(s);
      if (until(starts, clock.elapsed())) stopping = traffic.stop();
    },
  });
  await new Promise<void>((resolve) => {
    const poll = () => (stopping ? resolve() : setTimeout(poll, 1));
    poll();
  });
  await stopping;
  return { starts, traffic };
}

describe('demo traffic generator', () => {
  it('produces the same sequence of workflows, names and inputs for the same seed', async () => {
    const a = await run(42, (s) => s.length >= 500);
    const b = await run(42, (s) => s.length >= 500);
    expect(b.starts).toEqual(a.starts);
    const c = await run(43, (s) => s.length >= 500);
    expect(c.starts.map((s) => s.name)).not.toEqual(a.starts.map((s) => s.name));
  });

  it('starts every workflow at once, then follows the advertised rates', async () => {
    const hour = 3_600_000;
    const { starts } = await run(7, (_s, elapsed) => elapsed >= hour);
    expect(new Set(starts.filter((s) => s.at < 1500).map((s) => s.workflow))).toEqual(new Set(Object.keys(ARNS)));
    const counts = new Map<string, number>();
    for (const s of starts) counts.set(s.workflow, (counts.get(s.workflow) ?? 0) + 1);
    for (const [workflow, profile] of Object.entries(DEFAULT_TRAFFIC)) {
      const meanBurst = profile.burst ? (profile.burst.min + profile.burst.max) / 2 : 1;
      const expected = profile.perMinute * 60 * meanBurst;
      const got = counts.get(workflow) ?? 0;
      // Seeded, so not flaky; wide enough for Poisson noise on the slow workflows (ETL: ~60/h).
      expect(got, workflow).toBeGreaterThan(expected * 0.65);
      expect(got, workflow).toBeLessThan(expected * 1.35);
    }
  });

  it('generates unique, valid names and JSON inputs that match the workflows', async () => {
    const { starts } = await run(5, (s) => s.length >= 2000);
    const names = starts.map((s) => `${s.workflow}/${s.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const s of starts) {
      expect(s.name).toMatch(/^[0-9A-Za-z_-]{1,80}$/);
      expect(s.stateMachineArn).toBe(ARNS[s.workflow]);
      const input = JSON.parse(s.input) as Record<string, unknown>;
      if (s.workflow === 'order-fulfilment') expect(input).toMatchObject({ orderId: expect.stringMatching(/^ORD-\d+$/), items: expect.any(Array), paymentMethod: { type: 'card' } });
      if (s.workflow === 'expense-approval') expect(Date.parse(String(input.payoutNotBefore))).toBeGreaterThan(Date.parse(String(input.submittedAt)));
      if (s.workflow === 'sales-etl') expect(input).toMatchObject({ batchId: expect.any(String), recordCount: expect.any(Number), partitionCount: expect.any(Number) });
    }
    // A few IoT messages are malformed on purpose (the Telemetry.Malformed path).
    const iot = starts.filter((s) => s.workflow === 'iot-ingestion').map((s) => JSON.parse(s.input) as { deviceId?: string; readings: unknown[] });
    const malformed = iot.filter((m) => m.deviceId === undefined || m.readings.length === 0).length;
    expect(malformed).toBeGreaterThan(0);
    expect(malformed / iot.length).toBeLessThan(0.03);
  });

  it('uses StartSyncExecution for part of the Express traffic only, when the client has it', async () => {
    const calls: string[] = [];
    const client: DemoClient = {
      startExecution: async (arn) => void calls.push(`async ${arn.split(':').pop() ?? ''}`),
      startSyncExecution: async (arn) => void calls.push(`sync ${arn.split(':').pop() ?? ''}`),
    };
    const { starts } = await run(9, (s) => s.length >= 3000, client);
    const sync = starts.filter((s) => s.sync);
    expect(new Set(sync.map((s) => s.workflow))).toEqual(new Set(['iot-ingestion']));
    const iot = starts.filter((s) => s.workflow === 'iot-ingestion').length;
    expect(sync.length / iot).toBeGreaterThan(0.15);
    expect(sync.length / iot).toBeLessThan(0.35);
    expect(calls.filter((c) => c.startsWith('sync')).length).toBe(sync.length);
    const plain = await run(9, (s) => s.length >= 300);
    expect(plain.starts.some((s) => s.sync)).toBe(false);
  });

  it('counts rejected starts and reports them', async () => {
    const errors: string[] = [];
    const clock = instantClock();
    let n = 0;
    // onStart may use the handle: the generator's first start comes on a later tick.
    const traffic: DemoTraffic = startDemoTraffic(
      { startExecution: async () => Promise.reject(new Error('ThrottlingException')) },
      {
        seed: 1,
        stateMachineArns: { 'order-fulfilment': ARNS['order-fulfilment'] ?? '' },
        sleep: clock.sleep,
        now: clock.now,
        onStart: () => {
          if (++n === 20) void traffic.stop();
        },
        onError: (e, s) => errors.push(`${s.name}: ${(e as Error).message}`),
      },
    );
    await new Promise((r) => setTimeout(r, 20));
    await traffic.stop();
    expect(traffic.stats()).toEqual({ started: 20, failed: 20 });
    expect(errors).toHaveLength(20);
    expect(errors[0]).toMatch(/^order-\d+-[0-9a-f]{6}: ThrottlingException$/);
  });

  it('stops cleanly in real time: no starts after stop, in-flight starts awaited, idempotent', async () => {
    let settled = 0;
    const client: DemoClient = {
      startExecution: () =>
        new Promise((resolve) =>
          setTimeout(() => {
            settled += 1;
            resolve(undefined);
          }, 15),
        ),
    };
    // Default sleep is real time; rate 2000 makes orders arrive every ~1 ms.
    const traffic = startDemoTraffic(client, { seed: 3, stateMachineArns: { 'order-fulfilment': ARNS['order-fulfilment'] ?? '' }, rate: 2000 });
    await new Promise((r) => setTimeout(r, 60));
    const stopping = traffic.stop();
    expect(traffic.stop()).toBe(stopping);
    await stopping;
    const { started } = traffic.stats();
    expect(started).toBeGreaterThan(3);
    expect(settled).toBe(started);
    await new Promise((r) => setTimeout(r, 40));
    expect(traffic.stats().started).toBe(started);
  });

  it('sends nothing for a zero rate or unknown workflows', async () => {
    let calls = 0;
    const traffic = startDemoTraffic({ startExecution: async () => void calls++ }, { seed: 1, stateMachineArns: { 'not-a-demo': 'arn' }, rate: 1 });
    const zero = startDemoTraffic({ startExecution: async () => void calls++ }, { seed: 1, stateMachineArns: ARNS, rate: 0 });
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all([traffic.stop(), zero.stop()]);
    expect(calls).toBe(0);
  });
});
