// The SQL side of lib/metrics' nearest-rank percentile, shared by every aggregate query: over rows
// numbered "rn" (1-based, by ascending "durationMs") within a partition of "n" rows, the
// q-percentile is the row whose number is ⌈q·n⌉, computed in integer arithmetic as
// (ppm·n + 10⁶ − 1) / 10⁶ (integer division on SQLite and PostgreSQL), ppm from lib/metrics.
import { DURATION_QUANTILES, QUANTILE_SCALE, quantilePpm } from '../../metrics/index.ts';

/** SQL for the 1-based nearest rank of quantile q among `n` rows (n >= 1), as lib/metrics nearestRank. */
export function rankSql(q: number, n: string): string {
  const ppm = quantilePpm(q);
  // ⌈0·n⌉ = 0: the smallest value is rank 1 (nearestRank clamps the same way).
  return ppm === 0 ? '1' : `((${ppm} * ${n} + ${QUANTILE_SCALE - 1}) / ${QUANTILE_SCALE})`;
}

/** `MAX(CASE WHEN "rn" = <rank> THEN "durationMs" END) AS "p50"`, … for each duration percentile named. */
export function durationPercentilesSql(names: ReadonlyArray<keyof typeof DURATION_QUANTILES>, separator = ',\n      '): string {
  return names.map((name) => `MAX(CASE WHEN "rn" = ${rankSql(DURATION_QUANTILES[name], '"n"')} THEN "durationMs" END) AS "${name}"`).join(separator);
}
