// The comparison of state machines over a window (DESIGN.md §2.6 GET /api/compare): per machine,
// the figures of its executions started in [from, to) and their cost (cost.ts). This is the
// definition; lib/store's queryCompare computes the same figures in SQL and assembles them with
// compareItems, and tests/integration/store/compare.test.ts checks it against compareFigures over
// generated executions on SQLite and PostgreSQL.
//
//   executions              started in the window (every status; Express requests)
//   succeeded / failed      SUCCEEDED / FAILED + TIMED_OUT (rates.ts failureRate's failures);
//                           `counts` has every status
//   successRate             SUCCEEDED / finished (rates.ts: running excluded; null with none finished)
//   durationMs              nearest-rank p50/p95/p99 of the known durations (percentiles.ts)
//   throughputPerMinute     executions started per minute: mean over the window, peak over its
//                           1-minute buckets from `from` (throughput.ts)
//   transitionsPerExecution state transitions (cost.ts stateTransitions) per execution whose history
//                           is derived; null when none is
//   cost, whatIf            cost.ts costEstimate
//   durationHistogram       known durations per state-detail.ts histogram bucket (log scale, 1-2-5),
//                           over the same contiguous range of buckets for every machine compared,
//                           so the page can overlay them
import { durationPercentiles } from './percentiles.ts';
import { countStatuses, successRate, type ExecutionStatusCounts } from './rates.ts';
import { MINUTE_MS, countStarted, throughputPerMinute, type ThroughputPerMinute } from './throughput.ts';
import { checkWindow, inWindow, type TimeWindow } from './time-window.ts';
import { durationBucketIndex, histogramFromCounts, histogramBucket, type HistogramBucket } from './state-detail.ts';
import {
  EXPRESS_MAX_DURATION_MS,
  billedMbMs,
  costEstimate,
  estimatedBillingDetails,
  stateTransitions,
  type BillingDetails,
  type CostEstimate,
  type WorkflowType,
} from './cost.ts';

/** What the comparison reads of an execution. */
export interface CompareExecution {
  startDate: Date | number | null;
  status: string;
  durationMs: number | null;
  /** Its state runs; null when nothing is derived from its history yet (listed, not fetched). */
  runs: ReadonlyArray<{ attempts: number }> | null;
  /** The history is partial (Express logs below level ALL, or records missing). */
  partial?: boolean;
  /** StartSyncExecution's billingDetails, when known. */
  billingDetails?: BillingDetails | null;
}

/** The sums a machine's comparison item is assembled from (what queryCompare reads in SQL). */
export interface CompareFigures {
  counts: ExecutionStatusCounts;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  throughputPerMinute: ThroughputPerMinute;
  /** Known durations per histogram bucket index (state-detail.ts durationBucketIndex). */
  histogram: ReadonlyMap<number, number>;
  transitions: { executions: number; total: number; partialExecutions: number };
  billing: { executions: number; billedMs: number; billedMbMs: number; billingDetailsExecutions: number; overExpressLimit: number };
}

export interface CompareMachine {
  stateMachineArn: string;
  type: string;
  /** The machine's region (from its ARN): picks the prices. */
  region: string;
}

export interface CompareItem {
  stateMachineArn: string;
  type: WorkflowType;
  executions: number;
  succeeded: number;
  failed: number;
  successRate: number | null;
  counts: ExecutionStatusCounts;
  durationMs: { p50: number | null; p95: number | null; p99: number | null };
  throughputPerMinute: ThroughputPerMinute;
  transitionsPerExecution: number | null;
  cost: CostEstimate['cost'];
  whatIf: CostEstimate['whatIf'];
  durationHistogram: HistogramBucket[];
}

/** The figures of the executions started in the window (the definition queryCompare is checked against). */
export function compareFigures(executions: Iterable<CompareExecution>, window: TimeWindow): CompareFigures {
  checkWindow(window);
  const selected = [...executions].filter((e) => inWindow(e.startDate, window));
  const percentiles = durationPercentiles(selected.map((e) => e.durationMs));
  const histogram = new Map<number, number>();
  const transitions = { executions: 0, total: 0, partialExecutions: 0 };
  const billing = { executions: 0, billedMs: 0, billedMbMs: 0, billingDetailsExecutions: 0, overExpressLimit: 0 };
  for (const e of selected) {
    if (e.runs !== null) {
      transitions.executions += 1;
      transitions.total += stateTransitions(e.runs);
      if (e.partial === true) transitions.partialExecutions += 1;
    }
    const known = e.billingDetails ?? (e.durationMs === null ? null : estimatedBillingDetails(e.durationMs));
    if (e.durationMs !== null) {
      const index = durationBucketIndex(e.durationMs);
      histogram.set(index, (histogram.get(index) ?? 0) + 1);
      if (e.durationMs > EXPRESS_MAX_DURATION_MS) billing.overExpressLimit += 1;
    }
    if (known !== null) {
      billing.executions += 1;
      billing.billedMs += known.billedDurationInMilliseconds;
      billing.billedMbMs += billedMbMs(known);
      if (e.billingDetails) billing.billingDetailsExecutions += 1;
    }
  }
  return {
    counts: countStatuses(selected.map((e) => e.status)),
    durationMs: { p50: percentiles.p50, p95: percentiles.p95, p99: percentiles.p99 },
    throughputPerMinute: throughputPerMinute(countStarted(selected.map((e) => e.startDate), window, MINUTE_MS)),
    histogram,
    transitions,
    billing,
  };
}

function workflowType(type: string): WorkflowType {
  return type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD';
}

function countOf(counts: ExecutionStatusCounts, status: string): number {
  return Object.prototype.hasOwnProperty.call(counts, status) ? (counts[status] ?? 0) : 0;
}

/** One machine's item (its histogram over its own range; compareItems aligns several). */
export function compareItem(machine: CompareMachine, figures: CompareFigures): CompareItem {
  const type = workflowType(machine.type);
  let executions = 0;
  for (const n of Object.values(figures.counts)) executions += n ?? 0;
  const { cost, whatIf } = costEstimate({ type, region: machine.region, executions, transitions: figures.transitions, billing: figures.billing });
  return {
    stateMachineArn: machine.stateMachineArn,
    type,
    executions,
    succeeded: countOf(figures.counts, 'SUCCEEDED'),
    failed: countOf(figures.counts, 'FAILED') + countOf(figures.counts, 'TIMED_OUT'),
    successRate: successRate(figures.counts),
    counts: figures.counts,
    durationMs: figures.durationMs,
    throughputPerMinute: figures.throughputPerMinute,
    transitionsPerExecution: figures.transitions.executions === 0 ? null : figures.transitions.total / figures.transitions.executions,
    cost,
    whatIf,
    durationHistogram: histogramFromCounts(figures.histogram),
  };
}

/**
 * The items of several machines, in the order given, their duration histograms padded to one
 * contiguous range of buckets (from the lowest non-empty bucket of any machine to the highest).
 */
export function compareItems(machines: ReadonlyArray<{ machine: CompareMachine; figures: CompareFigures }>): CompareItem[] {
  const used: number[] = [];
  for (const { figures } of machines) for (const [index, n] of figures.histogram) if (n > 0) used.push(index);
  const lo = used.length === 0 ? 0 : Math.min(...used);
  const hi = used.length === 0 ? -1 : Math.max(...used);
  return machines.map(({ machine, figures }) => ({
    ...compareItem(machine, figures),
    durationHistogram: Array.from({ length: hi - lo + 1 }, (_, k) => histogramBucket(lo + k, figures.histogram.get(lo + k) ?? 0)),
  }));
}
