// The soak's steady workload: the poller bench's kinds of executions (tests/bench/poller-bench.ts:
// successes, failures, time-outs, aborts, long-running ones tracked while they run, 1,800-event
// Map histories, Express executions read from CloudWatch Logs), started at a constant rate per
// machine for as long as the phase lasts, over HTTP through the emulator's faults and quotas.
import type { EmulatorProcess, Json } from './emulator-process.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/steplens-soak';

const chain = (n: number, end: Json = { Type: 'Succeed' }) => ({
  StartAt: 'S0',
  States: {
    ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`S${i}`, { Type: 'Pass', Next: i === n - 1 ? 'End' : `S${i + 1}` }])),
    End: end,
  },
});

const ITEMS_300 = Array.from({ length: 300 }, (_, i) => i);

interface MachineSpec {
  key: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: unknown;
  /** Executions started per second. */
  perSecond: number;
  input: () => unknown;
  /** Stopped (StopExecution) this long after it started. */
  stopAfterMs?: number;
}

export const SOAK_MACHINES: readonly MachineSpec[] = [
  { key: 'ok', type: 'STANDARD', definition: chain(4), perSecond: 1.5, input: () => ({ ok: true }) },
  { key: 'fails', type: 'STANDARD', definition: chain(2, { Type: 'Fail', Error: 'Boom', Cause: 'on purpose' }), perSecond: 0.5, input: () => ({}) },
  {
    key: 'timesout',
    type: 'STANDARD',
    definition: { TimeoutSeconds: 1, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } },
    perSecond: 0.2,
    input: () => ({}),
  },
  {
    key: 'aborted',
    type: 'STANDARD',
    definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } },
    perSecond: 0.2,
    input: () => ({}),
    stopAfterMs: 4_000,
  },
  {
    key: 'long',
    type: 'STANDARD',
    definition: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'W' }, W: { Type: 'Wait', Seconds: 12, Next: 'B' }, B: { Type: 'Pass', End: true } } },
    perSecond: 0.25,
    input: () => ({}),
  },
  {
    key: 'big',
    type: 'STANDARD',
    definition: {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 0,
          ItemProcessor: { StartAt: 'P1', States: { P1: { Type: 'Pass', Next: 'P2' }, P2: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    },
    perSecond: 1 / 15,
    input: () => ({ items: ITEMS_300 }),
  },
  { key: 'express', type: 'EXPRESS', definition: chain(3), perSecond: 2, input: () => ({ fast: true }) },
];

export interface SoakMachine {
  spec: MachineSpec;
  arn: string;
  logGroup: string | null;
}

export async function createSoakMachines(emulator: EmulatorProcess, prefix: string): Promise<SoakMachine[]> {
  const machines: SoakMachine[] = [];
  for (const spec of SOAK_MACHINES) {
    const name = `${prefix}-${spec.key}`;
    let logGroup: string | null = null;
    const body: Json = { name, type: spec.type, definition: JSON.stringify(spec.definition), roleArn: ROLE_ARN };
    if (spec.type === 'EXPRESS') {
      logGroup = `/aws/vendedlogs/states/${name}`;
      await emulator.logs('CreateLogGroup', { logGroupName: logGroup });
      body.loggingConfiguration = {
        level: 'ALL',
        includeExecutionData: true,
        destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${logGroup}:*` } }],
      };
    }
    const out = await emulator.sfn('CreateStateMachine', body);
    machines.push({ spec, arn: String(out.stateMachineArn), logGroup });
  }
  return machines;
}

export interface WorkloadDriver {
  /** Executions started so far. */
  started(): number;
  /** Stops starting; resolves when every start and scheduled stop has been answered. */
  stop(): Promise<void>;
  /** Calls that failed for good (should stay empty: every call retries). */
  failures: string[];
}

/** Starts each machine's executions at its rate, one tick per 250 ms, until stop(). */
export function driveWorkload(emulator: EmulatorProcess, machines: readonly SoakMachine[], namePrefix: string): WorkloadDriver {
  const due = new Map<string, number>(machines.map((m) => [m.arn, 0]));
  const pending = new Set<Promise<void>>();
  const failures: string[] = [];
  let count = 0;
  let seq = 0;
  const track = (work: Promise<void>) => {
    const p = work.catch((error: unknown) => void failures.push((error as Error).message)).finally(() => pending.delete(p));
    pending.add(p);
  };
  const startOne = async (machine: SoakMachine) => {
    const name = `${namePrefix}-${String(seq++).padStart(6, '0')}`;
    const input = JSON.stringify(machine.spec.input());
    const op = machine.spec.type === 'EXPRESS' ? 'StartSyncExecution' : 'StartExecution';
    const out = await emulator.sfn(op, { stateMachineArn: machine.arn, name, input });
    count += 1;
    const stopAfter = machine.spec.stopAfterMs;
    if (stopAfter !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, stopAfter));
      await emulator.sfn('StopExecution', { executionArn: String(out.executionArn), error: 'Soak', cause: 'stopped by the soak' });
    }
  };
  const TICK_MS = 250;
  const timer = setInterval(() => {
    for (const machine of machines) {
      let owed = (due.get(machine.arn) ?? 0) + machine.spec.perSecond * (TICK_MS / 1000);
      while (owed >= 1) {
        owed -= 1;
        track(startOne(machine));
      }
      due.set(machine.arn, owed);
    }
  }, TICK_MS);
  return {
    started: () => count,
    failures,
    async stop() {
      clearInterval(timer);
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
