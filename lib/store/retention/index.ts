// Retention of history events (README "Retention"): the pruning pass and the store's size.
export { pruneExpiredEvents, retentionRuleFor, type PruneBatchOptions, type PruneResult, type RetentionPolicy, type RetentionRule } from './prune-events.ts';
export {
  RETENTION_CURSOR,
  RETENTION_LEASE,
  readRetentionLastPass,
  runRetentionPass,
  type RetentionLastPass,
  type RetentionRun,
  type RetentionRunOptions,
  type RetentionRunPolicy,
} from './run-retention.ts';
export { readStoreSize, type StoreSize } from './store-size.ts';
