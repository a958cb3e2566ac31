// Nearest-rank percentiles (DESIGN.md §2.5): the q-percentile of n known values is the
// ⌈q·n⌉-th smallest of them (1-based), clamped to [1, n] so that q = 0 gives the minimum and
// q = 1 the maximum. Values that are not known (null, undefined, NaN, ±Infinity) are skipped;
// with no known value every percentile is null.
//
// The rank is computed in integer arithmetic, never as Math.ceil(q * n): floating point makes
// 0.07 * 100 = 7.000000000000001, whose ceiling is 8, not 7. q is taken in parts per million
// (QUANTILE_SCALE), so rank = ⌈ppm·n / 10⁶⌉ = ⌊(ppm·n + 10⁶ − 1) / 10⁶⌋ — the same formula the
// store's SQL uses (integer division on both SQLite and PostgreSQL), so both give the same row.

/** q is resolved to parts per million: percentiles are defined for q in steps of 10⁻⁶. */
export const QUANTILE_SCALE = 1_000_000;

/** The durations every aggregate reports, as q in [0, 1]; `max` is q = 1. */
export const DURATION_QUANTILES = { p50: 0.5, p95: 0.95, p99: 0.99, max: 1 } as const;

export type DurationQuantile = keyof typeof DURATION_QUANTILES;

/** p50/p95/p99/max of the known values, in the values' unit (ms for durations); null when none is known. */
export type DurationPercentiles = Record<DurationQuantile, number | null>;

/** q in [0, 1] as an integer number of parts per million (rounded to the nearest). Throws outside [0, 1]. */
export function quantilePpm(q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  return Math.round(q * QUANTILE_SCALE);
}

/**
 * The 1-based nearest rank ⌈q·n⌉ of the q-quantile among n values, clamped to [1, n]; 0 when
 * n is 0 (no value to pick). Exact for n up to 9·10⁹ (ppm·n stays below 2⁵³).
 */
export function nearestRank(n: number, q: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`count must be a non-negative integer, got ${n}`);
  if (n === 0) return 0;
  const ppm = quantilePpm(q);
  const rank = Math.floor((ppm * n + QUANTILE_SCALE - 1) / QUANTILE_SCALE);
  return Math.min(n, Math.max(1, rank));
}

/** A known value: a finite number. */
export function isKnown(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The known values, ascending (numeric order, not string order). */
export function sortedKnown(values: Iterable<number | null | undefined>): number[] {
  const known: number[] = [];
  for (const value of values) if (isKnown(value)) known.push(value);
  return known.sort((a, b) => a - b);
}

/** Nearest-rank q-percentile of values already sorted ascending and all known; null when empty. */
export function percentileOfSorted(sorted: readonly number[], q: number): number | null {
  const rank = nearestRank(sorted.length, q);
  return rank === 0 ? null : (sorted[rank - 1] ?? null);
}

/** Nearest-rank q-percentile over the known values; null when no value is known. */
export function percentile(values: Iterable<number | null | undefined>, q: number): number | null {
  return percentileOfSorted(sortedKnown(values), q);
}

/** p50, p95, p99 and max (nearest rank) of the known values, sorting once. */
export function durationPercentiles(values: Iterable<number | null | undefined>): DurationPercentiles {
  const sorted = sortedKnown(values);
  return {
    p50: percentileOfSorted(sorted, DURATION_QUANTILES.p50),
    p95: percentileOfSorted(sorted, DURATION_QUANTILES.p95),
    p99: percentileOfSorted(sorted, DURATION_QUANTILES.p99),
    max: percentileOfSorted(sorted, DURATION_QUANTILES.max),
  };
}
