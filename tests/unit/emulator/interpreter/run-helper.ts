// Runs a definition through the interpreter with a virtual clock and scripted task answers.
import type { EmittedEvent, ExecutionHost, ExecutionOutcome, TaskRequest, TaskResult } from '../../../../lib/emulator/engine-contract.ts';
import { runExecution } from '../../../../lib/emulator/interpreter/index.ts';
import { VirtualClock } from '../../../../lib/emulator/virtual-clock.ts';

export interface Ran {
  outcome: ExecutionOutcome;
  events: EmittedEvent[];
  requests: TaskRequest[];
  clock: VirtualClock;
}

export type Answer = (request: TaskRequest) => Promise<TaskResult> | TaskResult;

export async function run(
  definition: Record<string, unknown>,
  input: unknown = {},
  answer: Answer = () => ({ ok: true, output: {} }),
  options: { signal?: AbortSignal; redrive?: { previousEvents: EmittedEvent[]; redriveCount: number }; onEvent?: (e: EmittedEvent) => void; clock?: VirtualClock } = {},
): Promise<Ran> {
  const clock = options.clock ?? new VirtualClock(Date.UTC(2024, 0, 1));
  const events: EmittedEvent[] = [];
  const requests: TaskRequest[] = [];
  const host: ExecutionHost = {
    clock,
    region: 'us-east-1',
    tasks: {
      run: async (r) => {
        requests.push(r);
        return answer(r);
      },
    },
  };
  const req: Parameters<typeof runExecution>[0] = {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:M:e1',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
    definition,
    input: JSON.stringify(input),
    roleArn: 'arn:aws:iam::123456789012:role/r',
    testCase: null,
    host,
    signal: options.signal ?? new AbortController().signal,
    emit: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  };
  if (options.redrive) req.redrive = options.redrive;
  const outcome = await runExecution(req);
  return { outcome, events, requests, clock };
}

export const types = (events: EmittedEvent[]): string[] => events.map((e) => e.type);
export const output = (r: Ran): unknown => JSON.parse(r.outcome.output ?? 'null');
