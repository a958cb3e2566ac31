// ExecutionStatus from events alone (DESIGN.md §2.2 `status`): the last terminal event decides;
// none, or an ExecutionRedriven after it (the redrive is running), reads as RUNNING.
import type { AnalyzedExecutionStatus, HistoryEvent } from './types.ts';

// A Map, not an object literal: event types are untrusted strings ("constructor", "__proto__").
const TERMINAL: ReadonlyMap<string, AnalyzedExecutionStatus> = new Map([
  ['ExecutionSucceeded', 'SUCCEEDED'],
  ['ExecutionFailed', 'FAILED'],
  ['ExecutionTimedOut', 'TIMED_OUT'],
  ['ExecutionAborted', 'ABORTED'],
]);

export interface StatusResult {
  status: AnalyzedExecutionStatus;
  /** The last terminal event, when it decides the status (null while RUNNING). */
  terminal: HistoryEvent | null;
}

export function executionStatus(events: readonly HistoryEvent[]): StatusResult {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as HistoryEvent;
    if (e.type === 'ExecutionRedriven') return { status: 'RUNNING', terminal: null };
    const status = TERMINAL.get(e.type);
    if (status !== undefined) return { status, terminal: e };
  }
  return { status: 'RUNNING', terminal: null };
}
