import type { DerivedExecution, DerivedFailure } from '../history/index.ts';
import { failureClusterKey } from '../metrics/index.ts';
import type { DerivedExecutionFields, ExecutionFailureColumns } from '../store/index.ts';

/** deriveExecution's result as the store's derived Execution columns (epoch ms → Date). */
export function derivedFields(executionArn: string, stateMachineArn: string, derived: DerivedExecution): DerivedExecutionFields {
  return {
    executionArn,
    stateMachineArn,
    status: derived.status,
    startDate: toDate(derived.startDate),
    stopDate: toDate(derived.stopDate),
    input: derived.input,
    output: derived.output,
    error: derived.error,
    cause: derived.cause,
    redriveCount: derived.redriveCount,
    failure: derived.failure !== null ? failureColumns(stateMachineArn, derived.failure) : null,
  };
}

/** A failure as its cluster's stored columns: the key of lib/metrics failureClusterKey, and the root cause. */
export function failureColumns(stateMachineArn: string, failure: DerivedFailure): ExecutionFailureColumns {
  const key = failureClusterKey(stateMachineArn, failure);
  return {
    failedStateName: key.stateName,
    failureError: key.error,
    causePattern: key.causePattern,
    clusterId: key.id,
    rootCauseStateName: failure.rootCause?.stateName ?? null,
    rootCauseError: failure.rootCause?.error ?? null,
  };
}

function toDate(epochMs: number | null): Date | null {
  return epochMs !== null && Number.isFinite(epochMs) ? new Date(epochMs) : null;
}
