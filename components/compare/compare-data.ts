// Chart rows for /compare from GET /api/compare's items (the API aligned the histograms to one
// range of buckets): drawing preparation only, every figure comes from lib/metrics.
import { formatDurationShort } from '@/lib/graph/aggregate-overlay';
import type { CompareItem } from '@/lib/metrics';

/** One colour per compared machine, in order (the series keys are m0, m1, …). */
export const MACHINE_COLOURS = ['var(--accent)', 'var(--caught)', 'var(--ok)', 'var(--fail)', 'var(--aborted)', 'var(--running)'];

export const machineKey = (index: number) => `m${index}`;

export interface DistributionRow {
  label: string;
  fromMs: number;
  /** Per machine key: share of that machine's executions with a known duration, 0–1. */
  [key: string]: number | string;
}

function bucketLabel(fromMs: number, toMs: number | null): string {
  return toMs === null ? `≥ ${formatDurationShort(fromMs)}` : `${formatDurationShort(fromMs)}–${formatDurationShort(toMs)}`;
}

/**
 * The duration distributions as shares, so that machines of very different volume overlay on
 * one scale; the counts stay in `count:mN`.
 */
export function distributionRows(items: readonly CompareItem[]): DistributionRow[] {
  const totals = items.map((item) => item.durationHistogram.reduce((sum, b) => sum + b.count, 0));
  const first = items[0]?.durationHistogram ?? [];
  return first.map((bucket, k) => {
    const row: DistributionRow = { label: bucketLabel(bucket.fromMs, bucket.toMs), fromMs: bucket.fromMs };
    items.forEach((item, i) => {
      const count = item.durationHistogram[k]?.count ?? 0;
      row[machineKey(i)] = totals[i] ? count / (totals[i] as number) : 0;
      row[`count:${machineKey(i)}`] = count;
    });
    return row;
  });
}

export interface CostRow {
  name: string;
  /** Per million executions, USD, as the machine's type and as the other type. */
  actual: number | null;
  whatIf: number | null;
  type: string;
  whatIfType: string;
}

export function costRows(items: readonly CompareItem[], names: readonly string[]): CostRow[] {
  return items.map((item, i) => ({
    name: names[i] ?? item.stateMachineArn,
    actual: item.cost.perMillionUsd,
    whatIf: item.whatIf.perMillionUsd,
    type: item.type,
    whatIfType: item.whatIf.type,
  }));
}

export interface PercentileRow {
  name: string;
  [key: string]: number | string | null;
}

/** p50/p95/p99 per machine, one row per percentile (bars grouped by machine). */
export function percentileRows(items: readonly CompareItem[]): PercentileRow[] {
  return (['p50', 'p95', 'p99'] as const).map((q) => {
    const row: PercentileRow = { name: q };
    items.forEach((item, i) => {
      row[machineKey(i)] = item.durationMs[q];
    });
    return row;
  });
}
