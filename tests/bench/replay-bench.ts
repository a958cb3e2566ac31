// Replay (DESIGN.md §2.10) of a 25,000-event execution (the AWS history limit): recorded by the
// interpreter with scripted task answers — Validate busy twice and retried, a Map over ~2,700
// orders whose Price task is busy once on every seventh (retried), then Charge declined, not
// caught. Timed (median of 5 after a warm-up): buildTestCase (the history → MockConfigFile and
// recorded outcomes; what GET …/test-case computes), the replay alone (replayExecution: the
// interpreter answering from the recording on a virtual clock), compareHistories, and
// replayRecording end to end (what `steplens replay` does once the history is read). Baseline
// (same run): the recording itself, the interpreter with the scripted answers.
// Run alone: `TZ=UTC npx tsx tests/bench/replay-bench.ts`.
import { performance } from 'node:perf_hooks';
import { replayRecording, type Recording } from '../../lib/api/executions/replay-recording.ts';
import type { EmittedEvent, TaskRequest, TaskResult } from '../../lib/emulator/engine-contract.ts';
import { runExecution } from '../../lib/emulator/interpreter/index.ts';
import { replayExecution } from '../../lib/emulator/replay.ts';
import { toHistoryEvent } from '../../lib/emulator/server/history-wire.ts';
import { VirtualClock } from '../../lib/emulator/virtual-clock.ts';
import { compareHistories } from '../../lib/history/compare-histories.ts';
import { parseHistory } from '../../lib/history/index.ts';
import { buildTestCase } from '../../lib/history/test-case.ts';

const EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:ReplayBench:declined';
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:ReplayBench';
const TARGET_EVENTS = 25_000;
const lambda = 'arn:aws:states:::lambda:invoke';

const definition = {
  StartAt: 'Validate',
  States: {
    // Its output kept beside the input, whose orders the Map reads.
    Validate: { Type: 'Task', Resource: lambda, ResultPath: '$.validated', Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1, MaxAttempts: 3 }], Next: 'Orders' },
    Orders: {
      Type: 'Map',
      ItemsPath: '$.orders',
      MaxConcurrency: 10,
      ItemProcessor: {
        StartAt: 'Price',
        States: {
          Price: { Type: 'Task', Resource: lambda, Parameters: { 'Payload.$': '$' }, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 2, MaxAttempts: 2 }], Next: 'Priced' },
          Priced: { Type: 'Pass', End: true },
        },
      },
      ResultPath: '$.priced',
      Next: 'Charge',
    },
    Charge: { Type: 'Task', Resource: lambda, End: true },
  },
};

/** The scripted tasks: Validate busy twice, Price busy on the first call of every seventh order, Charge declined. */
function answers(): (request: TaskRequest) => Promise<TaskResult> {
  let validate = 0;
  const priced = new Set<number>();
  return async (request) => {
    if (request.stateName === 'Validate') return validate++ < 2 ? { ok: false, error: 'Busy', cause: 'try later' } : { ok: true, output: { valid: true } };
    if (request.stateName === 'Price') {
      const order = (request.parameters as { Payload: { id: number } }).Payload.id;
      if (order % 7 === 0 && !priced.has(order)) {
        priced.add(order);
        return { ok: false, error: 'Busy', cause: `order ${order}: try later` };
      }
      return { ok: true, output: { id: order, price: 10 + (order % 13) } };
    }
    return { ok: false, error: 'Card.Declined', cause: '{"code":51,"message":"insufficient funds"}' };
  };
}

async function record(orders: number): Promise<{ events: EmittedEvent[]; ms: number }> {
  const events: EmittedEvent[] = [];
  const answer = answers();
  const started = performance.now();
  await runExecution({
    executionArn: EXECUTION,
    stateMachineArn: MACHINE,
    definition,
    input: JSON.stringify({ orders: Array.from({ length: orders }, (_, id) => ({ id })) }),
    roleArn: 'arn:aws:iam::123456789012:role/bench',
    testCase: null,
    host: { clock: new VirtualClock(Date.UTC(2024, 0, 1)), region: 'us-east-1', tasks: { run: answer } },
    signal: new AbortController().signal,
    emit: (e) => events.push(e),
  });
  return { events, ms: performance.now() - started };
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(runs: number, work: () => unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return median(times);
}

export interface ReplayBenchResult {
  events: number;
  taskCalls: number;
  mockConfigBytes: number;
  reproduced: boolean;
  recordMs: number;
  testCaseMs: number;
  replayMs: number;
  compareMs: number;
  endToEndMs: number;
}

export async function runReplayBench(): Promise<ReplayBenchResult> {
  // Size the Map so the history has at most TARGET_EVENTS events: ~10 per order.
  const probe = await record(100);
  const perOrder = (probe.events.length - (await record(0)).events.length) / 100;
  const overhead = probe.events.length - perOrder * 100;
  const orders = Math.floor((TARGET_EVENTS - overhead) / perOrder);
  const recorded = await record(orders);
  const events = parseHistory({ events: recorded.events.map((e) => toHistoryEvent(e)) }).events;
  if (events.length > TARGET_EVENTS) throw new Error(`replay bench: ${events.length} events, more than ${TARGET_EVENTS}`);
  const recording: Recording = { executionArn: EXECUTION, stateMachineArn: MACHINE, events, definition };

  const recordMs = await timed(3, () => record(orders));
  const build = () => buildTestCase({ stateMachineName: 'ReplayBench', testCaseName: 'declined', events, definition, executionArn: EXECUTION });
  const testCaseMs = await timed(5, build);
  const testCase = build();
  const replay = () =>
    replayExecution({ definition: testCase.definition, input: testCase.input, outcomes: testCase.outcomes, executionArn: EXECUTION, stateMachineArn: MACHINE, roleArn: 'arn:aws:iam::123456789012:role/bench' });
  const replayMs = await timed(5, replay);
  const replayed = (await replay()).events;
  const compareMs = await timed(5, () => compareHistories(events, replayed));
  const endToEndMs = await timed(5, () => replayRecording(recording));
  const report = await replayRecording(recording);
  return {
    events: events.length,
    taskCalls: Object.values(testCase.outcomes.byState).reduce((n, calls) => n + calls.length, 0),
    mockConfigBytes: Buffer.byteLength(JSON.stringify(testCase.mockConfig)),
    reproduced: report.reproduced,
    recordMs,
    testCaseMs,
    replayMs,
    compareMs,
    endToEndMs,
  };
}

export function formatReplayBench(r: ReplayBenchResult): string[] {
  const ms = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 1 : 0 })} ms`;
  const rate = (n: number) => `${Math.round(r.events / (n / 1000)).toLocaleString('en-US')} events/s`;
  return [
    `replay of a ${r.events.toLocaleString('en-US')}-event execution, ${r.taskCalls.toLocaleString('en-US')} task calls (reproduced: ${r.reproduced ? 'yes' : 'NO'})`,
    `  test case (buildTestCase) ${ms(r.testCaseMs)} (${rate(r.testCaseMs)}; MockConfigFile ${(r.mockConfigBytes / 1024).toFixed(0)} KiB) · replay ${ms(r.replayMs)} (${rate(r.replayMs)}) · compare ${ms(r.compareMs)} · end to end (replayRecording) ${ms(r.endToEndMs)} (${rate(r.endToEndMs)})`,
    `  baseline (same run): recording it with the interpreter and scripted answers ${ms(r.recordMs)} (${rate(r.recordMs)})`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of formatReplayBench(await runReplayBench())) console.log(line);
}
