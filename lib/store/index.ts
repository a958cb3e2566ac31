// lib/store: the only Prisma user (DESIGN.md §1). Import from here; nothing exported mentions Prisma.
export { openStore, closeAllStores } from './open-store.ts';
export { migrateStore, type MigrateResult, type MigrateOptions } from './migrate.ts';
export { resolveDatabaseUrl, type ResolvedDatabaseUrl } from './database-url.ts';
export { StoreError, InvalidCursorError } from './errors.ts';
export { saveExecutionHistory, sourceIdOf, eventKeyOf, definitionRevisionId } from './save-execution-history.ts';
export { listStateMachines } from './list-state-machines.ts';
export { listExecutions, DEFAULT_EXECUTIONS_LIMIT, MAX_EXECUTIONS_LIMIT, TEXT_SCAN_WINDOW } from './list-executions.ts';
export {
  countExecutionsByStatus,
  stateMachineStats,
  countIngestProgress,
  RECENT_EXECUTIONS,
  type StatusCounts,
  type StateMachineStats,
  type LastFailure,
} from './execution-stats.ts';
export { seedSyntheticExecutions, SEED_ERRORS, type SeedOptions } from './seed-executions.ts';
export { getExecution } from './get-execution.ts';
export { getExecutionForAnalysis } from './get-execution-for-analysis.ts';
export { findDefinition } from './ingest/find-definition.ts';
export { getStoredHistoryHead, type StoredHistoryHead } from './ingest/stored-history-head.ts';
export { readAnalysisEvents } from './ingest/analysis-events.ts';
export { saveDerivedRows, type DerivedRows } from './ingest/save-derived-rows.ts';
export { listStaleExecutions, countStaleExecutions, type StaleQuery, type StaleExecution } from './ingest/stale-executions.ts';
export { getExecutionVersion } from './get-execution-version.ts';
export { listStateRuns } from './list-state-runs.ts';
export { queryStateStats, type StateStatsQuery } from './aggregates/index.ts';
export { listSources, type StoredSource } from './list-sources.ts';
export { countStoredEvents, countRows } from './count-rows.ts';
export { dumpStore, type StoreDump, type DumpedRow } from './dump-store.ts';
export { checkSchemas } from './check-schemas.ts';
export { getPollerCursor, setPollerCursor, listPollerCursors } from './poller-cursor.ts';
export { acquirePollerLease, releasePollerLeases } from './poller-lease.ts';
export {
  recordListedExecutions,
  type ListedExecution,
  type ListedStateMachine,
  type RecordListedExecutionsInput,
} from './record-listed-executions.ts';
export {
  countIngestBacklog,
  findKnownExecutions,
  listIngestBacklog,
  markExecutionExpired,
  type BacklogExecution,
  type KnownExecution,
} from './ingest-backlog.ts';
export type * from './types.ts';
