// Public API of lib/history: pure functions from history events (API or CloudWatch Logs form)
// to ExecutionAnalysis. No I/O here; callers read files or call AWS and hand over the content.
export { analyzeExecution } from './analyze-execution.ts';
export { analyzeHistory } from './analyze-history.ts';
export { ANALYZER_VERSION } from './analyzer-version.ts';
export {
  linksOfRun,
  MAP_RUN_COUNT_ROWS,
  MAP_RUN_FAILED_STATUSES,
  MAP_RUN_STATUSES,
  mapRunBadge,
  mapRunEnded,
  mapRunLive,
  runOfLink,
  startedChildren,
  unsuccessfulChildren,
  type MapRunBadge,
  type MapRunCounts,
  type RunPlace,
} from './map-run-counts.ts';
export { executionLinks, startedBy, STARTED_BY_INPUT_KEY, type ExecutionLinkKind, type ExecutionLinkRecord } from './execution-links.ts';
export { deriveExecution, type DerivedExecution, type DerivedFailure, type DeriveExecutionOptions } from './derive-execution.ts';
export { mergeEvents, type MergedEvents } from './merge-events.ts';
export { causeText, causeValue, decodePayload, payloadText } from './decode-payload.ts';
export { executionStatus } from './execution-status.ts';
export { HISTORY_EVENT_TYPES, isHistoryEventType, type HistoryEventType } from './history-event-types.ts';
export { HistoryInputError } from './history-input-error.ts';
export { parseHistory } from './parse-history.ts';
export { parseTimestamp } from './parse-timestamp.ts';
export { summarizeExecution } from './summarize-execution.ts';
export {
  EXECUTION_SEVERITY_ORDER,
  EXECUTION_STATUSES,
  endsWithError,
  isFailure,
  isStateRunStatus,
  isTerminal,
  NODE_STATUSES,
  NOT_STARTED,
  SEVERITY_ORDER,
  severity,
  STATE_RUN_STATUSES,
  worseStatus,
} from './statuses.ts';
export { childrenOf, enclosingMapRun, failedRuns, parseIndexList, pickRun, resolveRun, sameIndex } from './run-tree.ts';
export {
  groupIterations,
  mapIterationCounts,
  mapIterations,
  mapPickers,
  type MapIteration,
  type MapIterationCounts,
  type MapIterationGroup,
  type MapPicker,
} from './map-iterations.ts';
export { readableCause, type ReadableCause } from './readable-cause.ts';
export { packRuns, unpackRuns, type PackedRuns } from './packed-runs.ts';
export type * from './types.ts';
export { dataPath, findStateDefinition, type DataPathStage, type PathField } from './data-path.ts';
export { waitingTask, type WaitingFor, type WaitingTask } from './waiting-task.ts';
export {
  compileRedactionRules,
  DEFAULT_REDACTED_KEYS,
  NO_PATH,
  parsePath,
  REDACTED,
  RedactionRuleError,
  splitWords,
  type PathState,
  type RedactionRuleInput,
  type RedactionRules,
} from './redaction-rules.ts';
export { redactPayload, redactPayloadText, redactText } from './redact-payload.ts';
export { PAYLOAD_DETAIL_FIELDS, redactEvent, redactEventDetails, redactEvents } from './redact-event.ts';
export { DEFINITION_TEMPLATE_FIELDS, redactDefinition, redactDefinitionText } from './redact-definition.ts';
