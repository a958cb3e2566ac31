// lib/store: the only Prisma user (DESIGN.md §1). Import from here; nothing exported mentions Prisma.
export { openStore, closeAllStores } from './db/open-store.ts';
export { migrateStore, type MigrateResult, type MigrateOptions } from './db/migrate.ts';
export { resolveDatabaseUrl, type ResolvedDatabaseUrl } from './db/database-url.ts';
export { StoreError, InvalidCursorError } from './db/errors.ts';
export { saveExecutionHistory, sourceIdOf, eventKeyOf, definitionRevisionId } from './ingest/save-execution-history.ts';
export { listStateMachines } from './executions/list-state-machines.ts';
export { getStateMachine } from './executions/get-state-machine.ts';
export { listExecutions, DEFAULT_EXECUTIONS_LIMIT, MAX_EXECUTIONS_LIMIT, TEXT_SCAN_WINDOW } from './executions/list-executions.ts';
export {
  countExecutionsByStatus,
  stateMachineStats,
  countIngestProgress,
  RECENT_EXECUTIONS,
  type StatusCounts,
  type StateMachineStats,
  type LastFailure,
} from './executions/execution-stats.ts';
export { seedSyntheticExecutions, SEED_ERRORS, type SeedOptions } from './tools/seed-executions.ts';
export { getExecution } from './executions/get-execution.ts';
export { getExecutionForAnalysis } from './executions/get-execution-for-analysis.ts';
export { getExecutionPayloads, type ExecutionPayloads } from './executions/get-execution-payloads.ts';
export { findDefinition } from './ingest/find-definition.ts';
export { getStoredHistoryHead, type StoredHistoryHead } from './ingest/stored-history-head.ts';
export { readAnalysisEvents } from './ingest/analysis-events.ts';
export { saveDerivedRows, type DerivedRows } from './ingest/save-derived-rows.ts';
export { listStaleExecutions, countStaleExecutions, countAnalyzedExecutions, type StaleQuery, type StaleExecution } from './ingest/stale-executions.ts';
export { getExecutionVersion } from './executions/get-execution-version.ts';
export { listStateRuns } from './executions/list-state-runs.ts';
export { STATE_STATS_EXACT_EXECUTIONS, queryStateStats, rebuildStateRunRollups, type StateStatsAnswer, type StateStatsQuery } from './aggregates/index.ts';
export { queryExecutionSeries, type ExecutionSeries, type ExecutionSeriesQuery } from './aggregates/index.ts';
export { queryStateDetail, resolveWindowRequest, type StateDetailQuery } from './aggregates/index.ts';
export { queryFailureClusters, type FailureClustersQuery, type FailureClustersResult } from './aggregates/index.ts';
export { queryCompare, type CompareQuery } from './aggregates/index.ts';
export { listSources, type StoredSource } from './executions/list-sources.ts';
export { countStoredEvents, countRows } from './executions/count-rows.ts';
export { dumpStore, type StoreDump, type DumpedRow } from './tools/dump-store.ts';
export { checkSchemas } from './tools/check-schemas.ts';
export { getPollerCursor, setPollerCursor, listPollerCursors } from './poller-state/poller-cursor.ts';
export { acquirePollerLease, releasePollerLeases } from './poller-state/poller-lease.ts';
export {
  recordListedExecutions,
  type ListedExecution,
  type ListedStateMachine,
  type RecordListedExecutionsInput,
} from './executions/record-listed-executions.ts';
export {
  countIngestBacklog,
  findKnownExecutions,
  listIngestBacklog,
  markExecutionExpired,
  type BacklogExecution,
  type KnownExecution,
} from './poller-state/ingest-backlog.ts';
export * from './alerts/index.ts';
export * from './map-runs/index.ts';
export type * from './types.ts';
export * from './retention/index.ts';
