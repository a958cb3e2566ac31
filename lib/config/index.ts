// steplens.config.json loading and source resolution (DESIGN.md §2.1).
export {
  ConfigError,
  DEFAULT_POLL,
  DEFAULT_QUOTA_FRACTION,
  ENDPOINT_DEFAULT_REGION,
  POLLED_OPERATIONS,
  loadConfigFile,
  parseConfig,
  resolveSources,
  type AwsSourceConfig,
  type EndpointSourceConfig,
  type PollSettings,
  type PolledOperation,
  type QuotaSettings,
  type ResolvedSources,
  type SourceConfig,
  type StepLensConfig,
} from './steplens-config.ts';
