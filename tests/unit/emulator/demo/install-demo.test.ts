import { describe, expect, it } from 'vitest';
import type { TaskHandler } from '../../../../lib/emulator/engine-contract.ts';
import { installDemo, type DemoEmulator } from '../../../../lib/emulator/demo/index.ts';
import { LAMBDA_INVOKE } from '../../../../lib/emulator/demo/demo-env.ts';

interface Recorded {
  log: string[];
  machines: Parameters<DemoEmulator['createStateMachine']>[0][];
  handlers: Map<string, TaskHandler>;
  starts: { arn: string; input: string; name?: string; sync: boolean }[];
}

/** A small in-memory stand-in for the emulator, on an instant clock. */
function fakeEmulator(withExtras: boolean): { emulator: DemoEmulator; rec: Recorded } {
  const rec: Recorded = { log: [], machines: [], handlers: new Map(), starts: [] };
  let t = 0;
  const emulator: DemoEmulator = {
    async createStateMachine(input) {
      rec.log.push(`create ${input.name}`);
      rec.machines.push(input);
      return { stateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${input.name}` };
    },
    registerTaskHandler(arn, handler) {
      rec.log.push(`handler ${arn}`);
      rec.handlers.set(arn, handler);
    },
    async startExecution(arn, input, name) {
      rec.starts.push({ arn, input, ...(name ? { name } : {}), sync: false });
    },
    clock: {
      async sleep(ms, signal) {
        signal?.throwIfAborted();
        t += ms;
        // Yield to the event loop now and then, as a real clock would.
        await new Promise((r) => setImmediate(r));
      },
      now: () => Date.UTC(2025, 0, 1) + t,
    },
  };
  if (withExtras) {
    emulator.startSyncExecution = async (arn, input, name) => void rec.starts.push({ arn, input, ...(name ? { name } : {}), sync: true });
    emulator.createLogGroup = async (name) => void rec.log.push(`log group ${name}`);
  }
  return { emulator, rec };
}

describe('installDemo', () => {
  it('registers every handler before creating every workflow, and starts no traffic at rate 0', async () => {
    const { emulator, rec } = fakeEmulator(true);
    const demo = await installDemo(emulator, { seed: 1, trafficRate: 0 });
    const firstCreate = rec.log.findIndex((l) => l.startsWith('create'));
    const lastHandler = rec.log.map((l) => l.startsWith('handler')).lastIndexOf(true);
    expect(lastHandler).toBeLessThan(firstCreate);
    expect(rec.log.indexOf('log group /aws/vendedlogs/states/iot-ingestion-Logs')).toBeLessThan(rec.log.indexOf('create iot-ingestion'));
    expect(rec.handlers.has(LAMBDA_INVOKE)).toBe(true);
    expect(rec.handlers.size).toBeGreaterThan(15);
    expect(Object.keys(demo.stateMachineArns)).toEqual(['order-fulfilment', 'sales-etl', 'expense-approval', 'media-asset-pipeline', 'iot-ingestion', 'iot-ingestion-standard']);
    for (const m of rec.machines) {
      expect(JSON.parse(m.definition)).toHaveProperty('StartAt');
      expect(m.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/service-role\/StepFunctions-/);
    }
    expect(rec.machines.find((m) => m.name === 'iot-ingestion')?.loggingConfiguration?.level).toBe('ALL');
    expect(rec.machines.find((m) => m.name === 'iot-ingestion')?.type).toBe('EXPRESS');
    await demo.stop();
    await new Promise((r) => setTimeout(r, 10));
    expect(rec.starts).toEqual([]);
    expect(demo.seed).toBe(1);
  });

  it('drives traffic into the emulator with the ARNs it returned, until stopped', async () => {
    const { emulator, rec } = fakeEmulator(true);
    const demo = await installDemo(emulator, { seed: 2 });
    while (rec.starts.length < 200) await new Promise((r) => setTimeout(r, 1));
    await demo.stop();
    const count = rec.starts.length;
    const arns = new Set(Object.values(demo.stateMachineArns));
    for (const s of rec.starts) expect(arns).toContain(s.arn);
    expect(new Set(rec.starts.map((s) => s.arn)).size).toBe(6);
    expect(rec.starts.some((s) => s.sync)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(rec.starts.length).toBe(count);
  });

  it('works with the minimal interface (no sync starts, no log groups, no clock.now) and a region', async () => {
    const { emulator, rec } = fakeEmulator(false);
    delete emulator.clock.now;
    const demo = await installDemo(emulator, { seed: 3, region: 'eu-west-1' });
    while (rec.starts.length < 50) await new Promise((r) => setTimeout(r, 1));
    await demo.stop();
    expect(rec.starts.every((s) => !s.sync)).toBe(true);
    expect(rec.log.some((l) => l.startsWith('log group'))).toBe(false);
    expect(rec.machines.find((m) => m.name === 'order-fulfilment')?.definition).toContain('arn:aws:lambda:eu-west-1:123456789012:function:');
    expect([...rec.handlers.keys()]).toContain('arn:aws:lambda:eu-west-1:123456789012:function:etl-transform-record');
  });

  it('is reproducible under a seed and varies without one', async () => {
    const names = async (seed?: number) => {
      const { emulator, rec } = fakeEmulator(false);
      emulator.clock.now = () => 0;
      const demo = await installDemo(emulator, seed === undefined ? {} : { seed });
      while (rec.starts.length < 100) await new Promise((r) => setTimeout(r, 1));
      await demo.stop();
      return { names: rec.starts.slice(0, 100).map((s) => s.name), seed: demo.seed };
    };
    const a = await names(11);
    expect((await names(11)).names).toEqual(a.names);
    const fresh = await names();
    expect(fresh.names).not.toEqual(a.names);
  });
});
