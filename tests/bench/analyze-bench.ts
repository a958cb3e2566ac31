// Throughput of lib/history on a 25,000-event history (the AWS history limit): parseHistory
// (JSON text -> events) and analyzeExecution (events -> runs) timed separately. Target for
// analyzeExecution: >= 1,000,000 events/s. Reported, never asserted (machines are noisy).
import { performance } from 'node:perf_hooks';
import { analyzeExecution, parseHistory } from '../../lib/history/index.ts';
import { generateHistory } from './generate-history.ts';

export interface AnalyzeBenchResult {
  events: number;
  /** analyzeExecution throughput (median repetition). */
  eventsPerSecond: number;
  analyzeMedianMs: number;
  /** parseHistory throughput, JSON.parse included (median repetition). */
  parseEventsPerSecond: number;
  parseMedianMs: number;
  runs: number;
  repetitions: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function time(fn: () => unknown, warmups: number, repetitions: number): number {
  for (let i = 0; i < warmups; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function runAnalyzeBench(options: { warmups?: number; repetitions?: number } = {}): Promise<AnalyzeBenchResult> {
  const warmups = options.warmups ?? 5;
  const repetitions = options.repetitions ?? 15;
  const text = JSON.stringify(generateHistory());
  const parsed = parseHistory(text);
  const events = parsed.events.length;

  const parseMedianMs = time(() => parseHistory(text), warmups, repetitions);
  let runs = 0;
  const analyzeMedianMs = time(
    () => {
      runs = analyzeExecution(parsed.events).runs.length;
    },
    warmups,
    repetitions,
  );
  await Promise.resolve(); // async for the bench runner's uniform interface
  return {
    events,
    eventsPerSecond: events / (analyzeMedianMs / 1000),
    analyzeMedianMs,
    parseEventsPerSecond: events / (parseMedianMs / 1000),
    parseMedianMs,
    runs,
    repetitions,
  };
}
