// Every demo workflow run through the real interpreter (runExecution) with the demo's own task
// handlers, on a virtual clock: a seeded batch per workflow must all reach a terminal state,
// with the mix of outcomes the handlers' failure rates imply.
import { describe, expect, it } from 'vitest';
import type { EmittedEvent, EmulatorClock, ExecutionHost, ExecutionOutcome } from '../../../../lib/emulator/engine-contract.ts';
import { createDemoHandlers } from '../../../../lib/emulator/demo/handlers.ts';
import { CallbackService } from '../../../../lib/emulator/server/callbacks.ts';
import { EmulatorTaskRunner } from '../../../../lib/emulator/server/task-runner.ts';
import { Rng } from '../../../../lib/emulator/demo/prng.ts';
import { INPUT_GENERATORS } from '../../../../lib/emulator/demo/traffic-inputs.ts';
import { demoWorkflows, type DemoWorkflow } from '../../../../lib/emulator/demo/workflows/index.ts';
import { runExecution } from '../../../../lib/emulator/interpreter/index.ts';

/**
 * Discrete-event time: a sleep registers a timer; whenever the process is otherwise idle (all
 * promise chains settled, checked with setImmediate) the earliest timer fires and the clock
 * jumps to it. Hours of emulated waits take milliseconds, and a 15 s task timeout still beats
 * a 20 s call, which a merely scaled real-time clock cannot promise.
 */
class VirtualClock implements EmulatorClock {
  private t = Date.UTC(2025, 5, 2, 8, 0, 0);
  private seq = 0;
  private readonly timers: { due: number; seq: number; fire(): void }[] = [];
  private scheduled = false;

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = {
        due: this.t + Math.max(0, ms),
        seq: this.seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.timers.indexOf(timer);
        if (i >= 0) this.timers.splice(i, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.timers.length === 0) return;
      let next = 0;
      this.timers.forEach((tm, i) => {
        const best = this.timers[next];
        if (best && (tm.due < best.due || (tm.due === best.due && tm.seq < best.seq))) next = i;
      });
      const [timer] = this.timers.splice(next, 1);
      if (timer) {
        this.t = Math.max(this.t, timer.due);
        timer.fire();
      }
      if (this.timers.length > 0) this.kick();
    });
  }
}

interface Run {
  name: string;
  outcome: ExecutionOutcome;
  events: EmittedEvent[];
}

async function runBatch(workflow: DemoWorkflow, count: number, seed: number): Promise<Run[]> {
  const clock = new VirtualClock();
  // The emulator's own task runner and task tokens: the expense approvals wait on a token that the
  // demo's simulated approver answers with SendTaskSuccess.
  const callbacks = new CallbackService(clock);
  const tasks = new EmulatorTaskRunner();
  tasks.callbacks = callbacks;
  const answerTask = async (taskToken: string, output: string) => callbacks.operations.SendTaskSuccess?.({ taskToken, output }, { region: 'us-east-1' });
  for (const h of createDemoHandlers({ seed, sleep: (ms, sig) => clock.sleep(ms, sig), answerTask })) tasks.register(h.resourceArn, h.handler);
  const host: ExecutionHost = { clock, region: 'us-east-1', tasks };
  const generate = INPUT_GENERATORS[workflow.name];
  if (!generate) throw new Error(`no inputs for ${workflow.name}`);
  const rng = Rng.derive(seed, `inputs:${workflow.name}`);
  const stateMachineArn = `arn:aws:states:us-east-1:123456789012:stateMachine:${workflow.name}`;
  const kind = workflow.type === 'EXPRESS' ? 'express' : 'execution';
  // Executions overlap, as they do under the traffic generator.
  return Promise.all(
    Array.from({ length: count }, async (_v, i) => {
      const { name, input } = generate({ rng, seq: i + 1, now: clock.now() });
      const events: EmittedEvent[] = [];
      const executionArn = `arn:aws:states:us-east-1:123456789012:${kind}:${workflow.name}:${name}${kind === 'express' ? ':3f1c0e6a-2b7d-4c89-9d0e-5a6b7c8d9e0f' : ''}`;
      const outcome = await runExecution({
        executionArn,
        stateMachineArn,
        definition: structuredClone(workflow.definition),
        input: JSON.stringify(input),
        roleArn: workflow.roleArn,
        testCase: null,
        host,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
      });
      return { name, outcome, events };
    }),
  );
}

function tally(runs: Run[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of runs) {
    const key = r.outcome.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${r.outcome.status}:${r.outcome.error ?? ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

function workflow(name: string): DemoWorkflow {
  const w = demoWorkflows().find((x) => x.name === name);
  if (!w) throw new Error(name);
  return w;
}

const terminal = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

function expectWellFormed(runs: Run[]) {
  for (const r of runs) {
    const last = r.events.at(-1);
    expect(terminal.has(last?.type ?? ''), `${r.name} ends with ${last?.type}`).toBe(true);
    expect(r.events.map((e) => e.id)).toEqual(r.events.map((_e, i) => i + 1));
  }
}

const share = (counts: Record<string, number>, key: string, n: number) => (counts[key] ?? 0) / n;

describe('demo workflows on the interpreter', () => {
  it('order-fulfilment: mostly shipped; rejections, stock-outs and declines end in the saga Fail states', async () => {
    const n = 300;
    const runs = await runBatch(workflow('order-fulfilment'), n, 101);
    expectWellFormed(runs);
    const counts = tally(runs);
    expect(share(counts, 'SUCCEEDED', n), JSON.stringify(counts)).toBeGreaterThan(0.78);
    expect(share(counts, 'SUCCEEDED', n)).toBeLessThan(0.95);
    expect(counts['FAILED:Order.Rejected'] ?? 0).toBeGreaterThan(0);
    expect(counts['FAILED:Inventory.OutOfStock'] ?? 0).toBeGreaterThan(0);
    expect(counts['FAILED:Payment.Declined'] ?? 0).toBeGreaterThan(0);
    for (const key of Object.keys(counts)) expect(key).toMatch(/^(SUCCEEDED|FAILED:(Order\.Rejected|Inventory\.OutOfStock|Payment\.Declined|Payment\.Throttled|Shipping\.CarrierUnavailable|States\.Timeout|Lambda\.\w+))$/);
    // Throttled payments were retried: some ChargeCard visits have several attempts.
    const retried = runs.filter((r) => r.events.filter((e) => e.type === 'TaskScheduled' && (e.details?.parameters as string | undefined)?.includes('payment-charge-card')).length > 1);
    expect(retried.length).toBeGreaterThan(n * 0.04);
    // A decline runs the compensation path before failing.
    const declined = runs.find((r) => r.outcome.error === 'Payment.Declined');
    const entered = declined?.events.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.details?.name);
    expect(entered).toEqual(expect.arrayContaining(['ReleaseInventory', 'NotifyCustomerOfFailure', 'OrderFailed']));
  });

  it('sales-etl: inline Map catches bad records, a crashed runtime fails it, the Distributed Map loads partitions', async () => {
    const n = 40;
    const runs = await runBatch(workflow('sales-etl'), n, 202);
    expectWellFormed(runs);
    const counts = tally(runs);
    expect(share(counts, 'SUCCEEDED', n), JSON.stringify(counts)).toBeGreaterThan(0.6);
    const types = new Set(runs.flatMap((r) => r.events.map((e) => e.type)));
    for (const t of ['MapIterationFailed', 'MapIterationAborted', 'LambdaFunctionFailed', 'LambdaFunctionSucceeded', 'MapRunStarted', 'MapRunSucceeded']) expect(types).toContain(t);
    const rejected = runs.flatMap((r) => r.events.filter((e) => e.type === 'PassStateEntered' && e.details?.name === 'RejectRecord'));
    expect(rejected.length).toBeGreaterThan(n * 0.5); // ~4 % of ~26 records per batch
    for (const key of Object.keys(counts)) expect(key).toMatch(/^(SUCCEEDED|FAILED:(Runtime\.ExitError|Extract\.SourceUnavailable|States\.ExceedToleratedFailureThreshold|Lambda\.\w+|States\.Timeout))$/);
  });

  it('expense-approval: approved, rejected and timed-out requests, the approver answering the task token minutes later', async () => {
    const n = 300;
    const runs = await runBatch(workflow('expense-approval'), n, 303);
    expectWellFormed(runs);
    const counts = tally(runs);
    // Per request: the approver never answers 8 % (they time out); of the rest, approved : rejected = 3 : 1.
    expect(share(counts, 'FAILED:Approval.TimedOut', n), JSON.stringify(counts)).toBeGreaterThan(0.02);
    expect(share(counts, 'FAILED:Approval.TimedOut', n)).toBeLessThan(0.18);
    const rejected = runs.filter((r) => r.events.some((e) => e.type === 'SucceedStateEntered' && e.details?.name === 'Rejected')).length;
    expect(rejected / n).toBeGreaterThan(0.12);
    expect(rejected / n).toBeLessThan(0.4);
    const paid = runs.filter((r) => r.events.some((e) => e.type === 'TaskStateExited' && e.details?.name === 'SchedulePayout')).length;
    expect(paid / n).toBeGreaterThan(0.5);
    for (const r of runs) {
      const task = r.events.filter((e) => /^Task(Scheduled|Started|Submitted|Succeeded|Failed|TimedOut)$/.test(e.type) && (e.details?.resource as string | undefined) === 'publish.waitForTaskToken');
      const types = task.map((e) => e.type);
      // AWS's callback sequence: the message is submitted, then the token is answered or times out.
      if (r.outcome.error === 'Approval.TimedOut') expect(types, r.name).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut']);
      else expect(types, r.name).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
    }
    // The decisions take emulated minutes (median 2.5 min), never beyond the review window.
    const waits = runs
      .map((r) => {
        const submitted = r.events.find((e) => e.type === 'TaskSubmitted');
        const answered = r.events.find((e) => e.type === 'TaskSucceeded' && e.details?.resource === 'publish.waitForTaskToken');
        return submitted && answered ? answered.timestamp - submitted.timestamp : undefined;
      })
      .filter((w): w is number => w !== undefined)
      .sort((a, b) => a - b);
    const median = waits[Math.floor(waits.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(60_000);
    expect(median).toBeLessThan(300_000);
    expect(waits.at(-1) ?? 0).toBeLessThanOrEqual(900_000);
  });

  it('media-asset-pipeline: Parallel succeeds mostly; infected files are quarantined, other branch failures caught', async () => {
    const n = 300;
    const runs = await runBatch(workflow('media-asset-pipeline'), n, 404);
    expectWellFormed(runs);
    const counts = tally(runs);
    expect(share(counts, 'SUCCEEDED', n), JSON.stringify(counts)).toBeGreaterThan(0.9);
    const quarantined = runs.filter((r) => r.events.some((e) => e.type === 'SucceedStateEntered' && e.details?.name === 'Quarantined'));
    expect(quarantined.length).toBeGreaterThan(0);
    expect(counts['FAILED:UnsupportedMediaError'] ?? 0).toBeGreaterThan(0);
    const types = new Set(runs.flatMap((r) => r.events.map((e) => e.type)));
    for (const t of ['ParallelStateFailed', 'TaskStateAborted', 'LambdaFunctionSucceeded']) expect(types).toContain(t);
  });

  it.each(['iot-ingestion', 'iot-ingestion-standard'])('%s (JSONata): stores telemetry, alerts on thresholds, rejects malformed messages', async (name) => {
    const n = 400;
    const runs = await runBatch(workflow(name), n, 505);
    expectWellFormed(runs);
    const counts = tally(runs);
    expect(share(counts, 'SUCCEEDED', n), JSON.stringify(counts)).toBeGreaterThan(0.95);
    for (const key of Object.keys(counts)) expect(key).toMatch(/^(SUCCEEDED|FAILED:(Telemetry\.Malformed|DeviceNotFound|DynamoDB\.\w+|Lambda\.\w+))$/);
    const alerts = runs.filter((r) => r.events.some((e) => e.type === 'TaskStateEntered' && e.details?.name === 'PublishAlert')).length;
    expect(alerts).toBeGreaterThan(0);
  });

  it('is reproducible: the same seed gives the same outcomes', async () => {
    const a = await runBatch(workflow('order-fulfilment'), 60, 9);
    const b = await runBatch(workflow('order-fulfilment'), 60, 9);
    expect(b.map((r) => [r.name, r.outcome.status, r.outcome.error])).toEqual(a.map((r) => [r.name, r.outcome.status, r.outcome.error]));
  });
});
