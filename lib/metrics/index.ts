// lib/metrics: pure definitions of the figures computed across many executions (DESIGN.md §1):
// percentiles, rates, throughput, failure-cluster keys, per-state statistics, cost. No I/O. The store
// computes aggregates in SQL; these functions say what each figure means and the tests check the
// SQL against them.
export {
  DURATION_QUANTILES,
  QUANTILE_SCALE,
  durationPercentiles,
  isKnown,
  nearestRank,
  percentile,
  percentileOfSorted,
  quantilePpm,
  sortedKnown,
  type DurationPercentiles,
  type DurationQuantile,
} from './percentiles.ts';
export {
  FAILURE_STATUSES,
  FINISHED_STATUSES,
  abortedRate,
  countStatuses,
  failureRate,
  finishedCount,
  successRate,
  type ExecutionStatusCounts,
} from './rates.ts';
export { checkWindow, epochMs, inWindow, type TimeWindow } from './time-window.ts';
export {
  SERIES_STATUS_COUNTS,
  bucketStart,
  compareRevisionMarks,
  emptySeriesBucket,
  executionSeries,
  revisionMarks,
  seriesBucketCount,
  seriesBucketStarts,
  type RevisionMark,
  type RevisionRun,
  type SeriesBucket,
  type SeriesDurations,
  type SeriesExecution,
  type SeriesRevision,
  type SeriesStatusCount,
} from './execution-series.ts';
export { MINUTE_MS, countStarted, throughputPerMinute, windowBuckets, type StartedBucket, type ThroughputPerMinute } from './throughput.ts';
export { CAUSE_PATTERN_MAX_LENGTH, maskCauseText, normalizeCause } from './normalize-cause.ts';
export { failureClusterKey, fnv1a64, unanalysedClusterKey, type FailureClusterKey, type FailureLike } from './failure-cluster-key.ts';
export {
  STATUS_COUNTS,
  compareStateNames,
  computeStateStats,
  type StatusCount,
  type ExecutionRuns,
  type StateRunFigures,
  type StateStats,
  type StateStatsResult,
} from './state-stats.ts';
export {
  DETAIL_LIST_LIMIT,
  DURATION_HISTOGRAM_EDGES_MS,
  compareErrorCounts,
  compareRecent,
  compareSlowest,
  computeStateDetail,
  durationBucketIndex,
  emptyStateRunSeriesBucket,
  histogramBucket,
  histogramFromCounts,
  type DetailExecution,
  type DetailRun,
  type HistogramBucket,
  type StateDetail,
  type StateErrorCount,
  type StateRunRef,
  type StateRunSeriesBucket,
} from './state-detail.ts';
export { lastExecutionsWindow } from './last-executions.ts';
export {
  SAMPLE_SIZE,
  SPARKLINE_POINTS,
  compareClusters,
  compareNullableText,
  compareRootCauses,
  failureClusters,
  sparklineSliceMs,
  type ClusterExecution,
  type FailureCluster,
  type RootCauseCount,
} from './failure-clusters.ts';
export {
  ROLLUP_BUCKETS_PER_DECADE,
  ROLLUP_BUCKET_COUNT,
  ROLLUP_EDGES_MS,
  percentilesFromBuckets,
  rollupBucket,
  rollupBucketRange,
  rollupBucketValue,
  rollupRelativeError,
} from './rollup-buckets.ts';
export { DEFAULT_PRICE_REGION, PRICES_AS_OF, PRICES_SOURCE_URL, PRICE_TABLE, regionPrices, type GbSecondTier, type RegionPrices } from './pricing.ts';
export {
  EXPRESS_DURATION_STEP_MS,
  EXPRESS_MAX_DURATION_MS,
  EXPRESS_MEMORY_CHUNK_MB,
  EXPRESS_MEMORY_ESTIMATE_MB,
  billedDurationMs,
  billedMbMs,
  billedMemoryMb,
  costEstimate,
  estimatedBillingDetails,
  expressDurationUsd,
  expressUsd,
  gbSeconds,
  standardUsd,
  stateTransitions,
  type BillingDetails,
  type BreakEven,
  type CostAssumptions,
  type CostEstimate,
  type CostFigures,
  type CostInput,
  type WorkflowType,
} from './cost.ts';
export { compareFigures, compareItem, compareItems, type CompareExecution, type CompareFigures, type CompareItem, type CompareMachine } from './compare.ts';
export {
  LCS_MAX_CELLS,
  diffExecutions,
  jsonDiff,
  type DiffSubject,
  type Divergence,
  type DivergenceReason,
  type ExecutionDiff,
  type JsonDiff,
  type PathMembership,
  type RunDifference,
  type RunPair,
  type RunSide,
  type StateDiff,
  type StateSide,
} from './execution-diff.ts';
export { MAX_LISTED_CHANGES, formatJsonPath, jsonDeltaChanges, type JsonChange, type JsonChangeKind, type JsonChanges } from './json-delta-changes.ts';
