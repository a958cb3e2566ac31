// SQL aggregates over derived rows (DESIGN.md §1); their definitions live in lib/metrics.
export { STATE_STATS_EXACT_EXECUTIONS, queryStateStats, type StateStatsAnswer, type StateStatsQuery } from './query-state-stats.ts';
export { rebuildStateRunRollups } from './state-run-rollup.ts';
export { queryExecutionSeries, type ExecutionSeries, type ExecutionSeriesQuery } from './query-execution-series.ts';
export { queryStateDetail, type StateDetailQuery } from './query-state-detail.ts';
export { resolveWindowRequest } from './resolve-window-request.ts';
export { queryFailureClusters, type FailureClustersQuery, type FailureClustersResult } from './query-failure-clusters.ts';
export { queryCompare, type CompareQuery } from './query-compare.ts';
