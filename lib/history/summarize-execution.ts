// Execution-level facts for list views (DESIGN.md §2.3 items) from the events alone, so that an
// Express execution known only from CloudWatch Logs gets the same columns as a Standard one.
import { payloadText } from './decode-payload.ts';
import { executionStatus } from './execution-status.ts';
import { isFailure } from './statuses.ts';
import type { ExecutionSummary, HistoryEvent } from './types.ts';

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function count(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export function summarizeExecution(events: readonly HistoryEvent[]): ExecutionSummary {
  const { status, terminal } = executionStatus(events);
  let started: HistoryEvent | undefined;
  let redriven = 0;
  let redriveCount = 0;
  let executionArn: string | null = null;
  for (const e of events) {
    if (e.type === 'ExecutionStarted' && !started) started = e;
    if (e.type === 'ExecutionRedriven') {
      redriven += 1;
      redriveCount = Math.max(redriveCount, count(e.details.redriveCount));
    }
    if (typeof e.raw === 'object' && e.raw !== null) {
      const raw = e.raw as Record<string, unknown>;
      // CloudWatch Logs records carry the ARN and the attempt number on every record.
      executionArn ??= str(raw.execution_arn) ?? str(raw.executionArn);
      redriveCount = Math.max(redriveCount, count(raw.redrive_count));
    }
  }
  const sd = started?.details ?? {};
  // An ABORTED execution's terminal event may carry error/cause too (StopExecution's).
  const failed = isFailure(status);
  return {
    status,
    startDate: started?.timestamp ?? null,
    stopDate: terminal?.timestamp ?? null,
    input: sd.input ?? null,
    output: status === 'SUCCEEDED' ? (terminal?.details.output ?? null) : null,
    error: failed ? payloadText(terminal?.details.error) : null,
    cause: failed ? payloadText(terminal?.details.cause) : null,
    redriveCount: Math.max(redriven, redriveCount),
    executionArn,
    stateMachineAliasArn: str(sd.stateMachineAliasArn),
    stateMachineVersionArn: str(sd.stateMachineVersionArn),
    roleArn: str(sd.roleArn),
  };
}
