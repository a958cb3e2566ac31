// What the execution page and API say of an execution whose events retention deleted
// (lib/store/retention): the stored summary stands in for the analysis of the missing events,
// and one line says when they went, instead of an empty history.
import { EXECUTION_STATUSES, isFailure, type AnalyzedExecutionStatus } from '../../history/statuses.ts';
import type { ExecutionAnalysis } from '../../history/types.ts';
import type { StoredExecution } from '../../store/index.ts';

/** "Events pruned on <date>" (UTC day) with how many there were; null while the events are stored. */
export function prunedHistoryNote(execution: Pick<StoredExecution, 'eventsPrunedAt' | 'eventCount'>): string | null {
  if (execution.eventsPrunedAt === null) return null;
  const day = execution.eventsPrunedAt.slice(0, 10);
  const count = execution.eventCount > 0 ? ` (${execution.eventCount.toLocaleString('en-US')} events)` : '';
  return `Events pruned on ${day} by retention${count}: the history is no longer stored; the execution's summary and its state figures are kept.`;
}

/**
 * The analysis of a pruned execution: its stored status and failure (error and cause; the
 * failing state is not kept apart from the runs), no runs or events, and the note first among
 * the warnings. An execution with its events is analysed as ever: returned unchanged.
 */
export function withPrunedSummary(execution: StoredExecution, analysis: ExecutionAnalysis): ExecutionAnalysis {
  const note = prunedHistoryNote(execution);
  if (note === null) return analysis;
  const status = analysedStatus(execution.status);
  const failed = isFailure(status) && (execution.error !== null || execution.cause !== null);
  return {
    ...analysis,
    status,
    failure: failed ? { error: execution.error, cause: execution.cause, stateName: null, runIndex: null } : null,
    warnings: [note, ...analysis.warnings],
  };
}

/** The stored status in the analysis' words (PENDING_REDRIVE is never pruned; unknown words read as FAILED would lie: RUNNING). */
function analysedStatus(status: string): AnalyzedExecutionStatus {
  const known = (EXECUTION_STATUSES as readonly string[]).includes(status) && status !== 'PENDING_REDRIVE';
  return known ? (status as AnalyzedExecutionStatus) : 'RUNNING';
}
