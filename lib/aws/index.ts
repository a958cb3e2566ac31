// lib/aws: the only AWS SDK user (DESIGN.md §1). SDK clients are created on first use.
export { ApiStats, type ApiStatsSnapshot } from './api-stats.ts';
export { AwsError, mapAwsError, type AwsErrorKind, type ErrorContext } from './aws-error.ts';
export { LARGE_REGIONS, effectiveBucket, publishedBucket, type BucketFigures } from './quota-presets.ts';
export {
  BucketRegistry,
  SourceClient,
  type ExecutionDefinition,
  type ExecutionListEntry,
  type LogEventEntry,
  type LoggingConfiguration,
  type MapRunCountsWire,
  type MapRunDescription,
  type MapRunListItem,
  type Page,
  type SourceClientOptions,
  type StateMachineDescription,
  type StateMachineListItem,
  type WireHistoryEvent,
} from './source-client.ts';
export { suppressSdkNodeVersionWarning } from './suppress-sdk-warnings.ts';
export { TokenBucket, realClock, type BucketClock, type TokenBucketOptions } from './token-bucket.ts';
