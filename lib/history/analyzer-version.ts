// The version of everything derived from stored events: StateRun rows and the execution fields
// deriveExecution computes. Every derived row records the version that wrote it; rows with
// another version are stale and `steplens reanalyze` (lib/ingest) rebuilds them from the events.
//
// Bump it whenever a change to lib/history (or lib/asl, which it reads definitions through)
// can change any derived column for some history: a run's status, attempts, duration, error,
// cause, mapIndex, ordinal, or the execution's status, dates, payloads, error, cause or redrive
// count, or its failure cluster columns. Changes that only add fields the store does not keep
// need no bump.
//   1  versioning introduced (issue 8)
//   2  failure cluster columns: failedStateName, failureError, causePattern, clusterId, root cause
//   3  ExecutionLink rows (issue 13, lib/history executionLinks): the Map Runs and executions an
//      execution started and the one that started it; executions stored before have none
export const ANALYZER_VERSION = 3;
