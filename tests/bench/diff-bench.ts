// The execution diff (GET /api/executions/diff, lib/metrics diffExecutions) of two 25,000-event
// executions (the AWS history limit): generated histories with different seeds (their Map
// iterations interleave differently and retry in other places) and, in B, every third Task state's output
// changed, so a third of the Task runs' pairs carry a JSON diff. Timed: diffExecutions on the two
// analyses (median of 5 after a warm-up; target ≤ 500 ms), beside two same-run baselines:
// analysing both histories (what a cold diff request also pays) and jsondiffpatch's default diff
// of the two run lists as a whole (the naive "diff the analyses" approach). Then both stored in
// SQLite through the one ingest path and diffed as the route does (getExecutionDiff): first call and warm.
// Run alone: `TZ=UTC npx tsx tests/bench/diff-bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { diff as naiveDiff } from 'jsondiffpatch';
import { getExecutionDiff } from '../../lib/api/executions/get-execution-diff.ts';
import { ingestExecution } from '../../lib/ingest/index.ts';
import { openStore } from '../../lib/store/index.ts';
import { analyzeExecution, parseHistory, type ExecutionAnalysis } from '../../lib/history/index.ts';
import { diffExecutions } from '../../lib/metrics/index.ts';
import { generateHistory, type GeneratedEvent } from './generate-history.ts';

export interface DiffBenchResult {
  eventsA: number;
  eventsB: number;
  runs: number;
  pairsWithPayloadDiff: number;
  diffMs: number;
  /** diffExecutions + JSON.stringify of the answer, as the route sends it. */
  responseMs: number;
  responseBytes: number;
  analyzeBothMs: number;
  naiveMs: number;
  /** getExecutionDiff over a SQLite store holding both: first call (both read and analysed) and warm (cached details). */
  storeColdMs: number;
  storeWarmMs: number;
}

/** Both executions stored (SQLite, through the one ingest path), then diffed as the route does. */
async function storeDiff(events: { a: GeneratedEvent[]; b: GeneratedEvent[] }): Promise<{ coldMs: number; warmMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-diff-bench-'));
  const store = await openStore(`file:${path.join(dir, 'bench.db')}`);
  try {
    const machine = { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:DiffBench', name: 'DiffBench', type: 'STANDARD' as const };
    const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:DiffBench:${name}`;
    for (const [name, list] of [['a', events.a], ['b', events.b]] as const) {
      await ingestExecution(store, { stateMachine: machine, stateMachineArn: machine.stateMachineArn, executionArn: arn(name), name, events: parseHistory(JSON.stringify({ events: list })).events });
    }
    const t0 = performance.now();
    const first = await getExecutionDiff(store, arn('a'), arn('b'));
    const coldMs = performance.now() - t0;
    if (!first.found) throw new Error('diff bench: stored executions not found');
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await getExecutionDiff(store, arn('a'), arn('b'));
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    return { coldMs, warmMs: times[2] as number };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function medianOf(run: () => unknown, samples: number, warmups = 1): number {
  for (let i = 0; i < warmups; i++) run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1] as number;
}

/** B: every third Task state's output (its TaskStateExited) gains a field, so those runs' outputs differ from A's. */
function changeOutputs(events: GeneratedEvent[]): GeneratedEvent[] {
  let n = 0;
  return events.map((event) => {
    const details = event.stateExitedEventDetails as { output?: string } | undefined;
    if (event.type !== 'TaskStateExited' || details?.output === undefined || n++ % 3 !== 0) return event;
    const output = JSON.parse(details.output) as Record<string, unknown>;
    return { ...event, stateExitedEventDetails: { ...details, output: JSON.stringify({ ...output, retriedBy: 'bench', attempt: n }) } };
  });
}

function subject(analysis: ExecutionAnalysis, input: unknown, output: unknown) {
  return { execution: null, analysis, input, output };
}

export async function runDiffBench(): Promise<DiffBenchResult> {
  const wireA = generateHistory({ seed: 1 }).events;
  const wireB = changeOutputs(generateHistory({ seed: 2 }).events);
  const historyA = parseHistory(JSON.stringify({ events: wireA })).events;
  const historyB = parseHistory(JSON.stringify({ events: wireB })).events;
  const analysisA = analyzeExecution(historyA);
  const analysisB = analyzeExecution(historyB);
  const a = subject(analysisA, '{"items":["item-0"],"total":1000}', '{"processed":1000}');
  const b = subject(analysisB, '{"items":["item-0"],"total":1000}', '{"processed":1000}');
  const result = diffExecutions(a, b);
  const pairsWithPayloadDiff = result.states.reduce((sum, s) => sum + s.runs.filter((p) => p.output !== null || p.input !== null).length, 0);
  const diffMs = medianOf(() => diffExecutions(a, b), 5);
  const responseMs = medianOf(() => JSON.stringify(diffExecutions(a, b)), 5);
  const responseBytes = Buffer.byteLength(JSON.stringify(result));
  const analyzeBothMs = medianOf(() => {
    analyzeExecution(historyA);
    analyzeExecution(historyB);
  }, 5);
  // One sample: the naive whole-list diff is the slow baseline.
  const naiveMs = medianOf(() => naiveDiff(analysisA.runs, analysisB.runs), 1, 0);
  const stored = await storeDiff({ a: wireA, b: wireB });
  return { storeColdMs: stored.coldMs, storeWarmMs: stored.warmMs, eventsA: historyA.length, eventsB: historyB.length, runs: analysisA.runs.length, pairsWithPayloadDiff, diffMs, responseMs, responseBytes, analyzeBothMs, naiveMs };
}

export function formatDiffBench(r: DiffBenchResult): string[] {
  const ms = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 1 : 0 })} ms`;
  return [
    `execution diff of two ${r.eventsA.toLocaleString('en-US')}/${r.eventsB.toLocaleString('en-US')}-event executions, ${r.runs.toLocaleString('en-US')} runs each, ${r.pairsWithPayloadDiff.toLocaleString('en-US')} pairs with a JSON diff (target ≤ 500 ms)`,
    `  diffExecutions ${ms(r.diffMs)} · with the JSON response ${ms(r.responseMs)} (${(r.responseBytes / 1_048_576).toFixed(1)} MB) · baselines (same run): analysing both histories ${ms(r.analyzeBothMs)} (${(r.analyzeBothMs / r.diffMs).toFixed(1)}×) · jsondiffpatch default diff of the two run lists ${ms(r.naiveMs)} (${(r.naiveMs / r.diffMs).toFixed(1)}×)`,
    `  from a SQLite store (getExecutionDiff, as the route): first call ${ms(r.storeColdMs)} (both histories read and analysed) · warm ${ms(r.storeWarmMs)} (details cached)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of formatDiffBench(await runDiffBench())) console.log(line);
}
