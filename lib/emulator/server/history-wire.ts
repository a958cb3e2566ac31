import type { EmittedEvent } from '../engine-contract.ts';

/**
 * EmittedEvent → the wire forms: GetExecutionHistory's HistoryEvent (details under one
 * `<key>EventDetails` member, timestamp in epoch seconds) and the CloudWatch Logs record
 * (reference/sfn-facts.md §2.3, §2.5).
 */

/** Event types whose details live under a shared or non-obvious key (botocore HistoryEvent members). */
function detailsKey(type: string): string | null {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  const key = `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
  return DETAIL_KEYS.has(key) ? key : null;
}

/** Every `*EventDetails` member of HistoryEvent in the SFN model (2016-11-23). */
const DETAIL_KEYS = new Set([
  'activityFailedEventDetails', 'activityScheduleFailedEventDetails', 'activityScheduledEventDetails',
  'activityStartedEventDetails', 'activitySucceededEventDetails', 'activityTimedOutEventDetails',
  'taskFailedEventDetails', 'taskScheduledEventDetails', 'taskStartFailedEventDetails', 'taskStartedEventDetails',
  'taskSubmitFailedEventDetails', 'taskSubmittedEventDetails', 'taskSucceededEventDetails', 'taskTimedOutEventDetails',
  'executionFailedEventDetails', 'executionStartedEventDetails', 'executionSucceededEventDetails',
  'executionAbortedEventDetails', 'executionTimedOutEventDetails', 'executionRedrivenEventDetails',
  'mapStateStartedEventDetails', 'mapIterationStartedEventDetails', 'mapIterationSucceededEventDetails',
  'mapIterationFailedEventDetails', 'mapIterationAbortedEventDetails', 'lambdaFunctionFailedEventDetails',
  'lambdaFunctionScheduleFailedEventDetails', 'lambdaFunctionScheduledEventDetails',
  'lambdaFunctionStartFailedEventDetails', 'lambdaFunctionSucceededEventDetails', 'lambdaFunctionTimedOutEventDetails',
  'mapRunStartedEventDetails', 'mapRunFailedEventDetails', 'mapRunRedrivenEventDetails', 'evaluationFailedEventDetails',
]);

/** Execution data members dropped by includeExecutionData=false. */
const DATA_MEMBERS = ['input', 'inputDetails', 'output', 'outputDetails'];

export const toEpochSeconds = (ms: number): number => ms / 1000;

export function toHistoryEvent(event: EmittedEvent, includeExecutionData = true): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    timestamp: toEpochSeconds(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
  };
  const key = detailsKey(event.type);
  if (key && event.details) {
    let details = event.details;
    if (!includeExecutionData) {
      details = { ...details };
      for (const member of DATA_MEMBERS) delete details[member];
    }
    wire[key] = details;
  }
  return wire;
}

export type LogLevel = 'ALL' | 'ERROR' | 'FATAL' | 'OFF';

const FATAL_TYPES = new Set(['ExecutionAborted', 'ExecutionFailed', 'ExecutionTimedOut']);
const ERROR_TYPES = new Set([
  ...FATAL_TYPES, 'FailStateEntered', 'LambdaFunctionFailed', 'LambdaFunctionScheduleFailed', 'LambdaFunctionStartFailed',
  'LambdaFunctionTimedOut', 'MapIterationAborted', 'MapIterationFailed', 'MapRunAborted', 'MapRunFailed', 'MapStateAborted',
  'MapStateFailed', 'ParallelStateAborted', 'ParallelStateFailed', 'TaskFailed', 'TaskStartFailed', 'TaskStateAborted',
  'TaskSubmitFailed', 'TaskTimedOut', 'WaitStateAborted',
]);

/** Whether a log level writes an event type (CloudWatch Logs levels table). */
export function levelIncludes(level: LogLevel, type: string): boolean {
  switch (level) {
    case 'ALL':
      return true;
    case 'ERROR':
      return ERROR_TYPES.has(type);
    case 'FATAL':
      return FATAL_TYPES.has(type);
    default:
      return false;
  }
}

/** One CloudWatch Logs record: all scalar top-level values are strings, details unwrapped. */
export function toLogRecord(event: EmittedEvent, executionArn: string, redriveCount: number, includeExecutionData: boolean): string {
  const details: Record<string, unknown> = { ...(event.details ?? {}) };
  if (!includeExecutionData) for (const member of [...DATA_MEMBERS, 'parameters']) delete details[member];
  return JSON.stringify({
    id: String(event.id),
    type: event.type,
    details,
    previous_event_id: String(event.previousEventId),
    event_timestamp: String(event.timestamp),
    execution_arn: executionArn,
    redrive_count: String(redriveCount),
  });
}
