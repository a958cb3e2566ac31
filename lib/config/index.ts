// steplens.config.json loading and source resolution (DESIGN.md §2.1).
export {
  ConfigError,
  DEFAULT_POLL,
  DEFAULT_QUOTA_FRACTION,
  ENDPOINT_DEFAULT_REGION,
  POLLED_OPERATIONS,
  loadConfigFile,
  parseConfig,
  resolveAlertRules,
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
export {
  ALERTABLE_STATUSES,
  ALERT_DEFAULTS,
  ALERT_RULE_KINDS,
  normalizeAlertRule,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleKind,
  type AlertableStatus,
} from './alert-rules.ts';
export { resolveRedaction } from './redaction-config.ts';
export { REDACTION_MODES, redactionSection, redactionSettingsOf, type RedactionMode, type RedactionSection, type RedactionSettings } from './redaction-section.ts';
export { RETENTION_DEFAULTS, retentionSection, retentionSettingsOf, type RetentionRule, type RetentionSection, type RetentionSettings } from './retention-section.ts';
