// The one derivation of an execution's stored fields from its events and their analysis
// (DESIGN.md §2.3 execution items). The poller, `steplens import`, the on-demand fetch and
// `steplens reanalyze` all store exactly this, so the same history gives the same row.
import { payloadText } from './decode-payload.ts';
import { endsWithError, isTerminal } from './statuses.ts';
import { summarizeExecution } from './summarize-execution.ts';
import type { ExecutionAnalysis, ExecutionStatus, HistoryEvent } from './types.ts';

export interface DerivedExecution {
  status: ExecutionStatus;
  /** Epoch ms of ExecutionStarted, else the caller's fallback (e.g. ListExecutions' startDate). */
  startDate: number | null;
  /** Epoch ms of the terminal event; null while running (also after a redrive). */
  stopDate: number | null;
  /** Execution input/output as text (JSON text, or the string AWS sent); null when unknown. */
  input: string | null;
  output: string | null;
  /** The terminal event's error/cause, else those of the analysis' failure. */
  error: string | null;
  cause: string | null;
  redriveCount: number;
  /**
   * What a failure cluster (DESIGN.md §2.5) is keyed on, for a FAILED or TIMED_OUT execution;
   * null for every other status (an ABORTED execution has no failure of its own).
   */
  failure: DerivedFailure | null;
  /** The history has its ExecutionStarted event. */
  hasStart: boolean;
  /**
   * No event is known to be missing: ids are exactly 1..N, or, where some ids are masked (as in
   * recordings), no known id exceeds the number of events.
   */
  gapless: boolean;
}

export interface DerivedFailure {
  /** analysis.failure.stateName: the state that raised the error; null for an execution-level error. */
  stateName: string | null;
  /** analysis.failure.error, else the terminal event's. */
  error: string | null;
  /** analysis.failure.cause, else the terminal event's, as text. */
  cause: string | null;
  /** Where the failing state was reached through a Catch: the state and error that first raised it. */
  rootCause: { stateName: string; error: string | null } | null;
}

export interface DeriveExecutionOptions {
  /** startDate to use when the history has no ExecutionStarted (partial logs), epoch ms. */
  fallbackStartDate?: number | null;
}

export function deriveExecution(events: readonly HistoryEvent[], analysis: ExecutionAnalysis, options: DeriveExecutionOptions = {}): DerivedExecution {
  const summary = summarizeExecution(events);
  const terminal = isTerminal(analysis.status);
  let inSequence = true;
  let masked = false;
  let maxId = 0;
  let hasStart = false;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as HistoryEvent;
    if (event.id === null) masked = true;
    else maxId = Math.max(maxId, event.id);
    if (event.id !== i + 1) inSequence = false;
    if (event.type === 'ExecutionStarted') hasStart = true;
  }
  // With masked ids (recordings) the sequence cannot be checked; an id beyond the event count
  // still proves a hole.
  const gapless = masked ? maxId <= events.length : inSequence;
  const error = summary.error ?? analysis.failure?.error ?? null;
  const cause = summary.cause ?? payloadText(analysis.failure?.cause);
  return {
    status: analysis.status,
    startDate: summary.startDate ?? options.fallbackStartDate ?? null,
    stopDate: terminal ? summary.stopDate : null,
    input: payloadText(summary.input),
    output: payloadText(summary.output),
    error,
    cause,
    redriveCount: summary.redriveCount,
    failure: endsWithError(analysis.status) ? derivedFailure(analysis, error, cause) : null,
    hasStart,
    gapless,
  };
}

function derivedFailure(analysis: ExecutionAnalysis, error: string | null, cause: string | null): DerivedFailure {
  const failure = analysis.failure;
  const root = failure?.rootCause ?? null;
  return {
    stateName: failure?.stateName ?? null,
    error: failure?.error ?? error,
    cause: payloadText(failure?.cause) ?? cause,
    rootCause: root !== null ? { stateName: root.stateName, error: root.error ?? null } : null,
  };
}
