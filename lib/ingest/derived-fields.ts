import type { DerivedExecution } from '../history/index.ts';
import type { DerivedExecutionFields } from '../store/index.ts';

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
  };
}

function toDate(epochMs: number | null): Date | null {
  return epochMs !== null && Number.isFinite(epochMs) ? new Date(epochMs) : null;
}
