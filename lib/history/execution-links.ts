// What one execution's events say about other executions (DESIGN.md §2.9), derived like its
// runs (and stored beside them, lib/store ExecutionLink, so both directions can be queried):
//  - the Distributed Map runs it started: MapRunStarted.mapRunArn, under the Map state's run;
//  - the executions it started through `states:startExecution[.sync[:2]]` tasks: the child's
//    ARN is in TaskSubmitted / TaskSucceeded output (`ExecutionArn`) or, for a .sync child that
//    failed, in TaskFailed's cause (DescribeExecution's answer as JSON text);
//  - the execution that started it: AWS's convention is that the parent passes
//    `"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"`, so the child's input
//    holds the parent's ARN under that key (top level).
import { decodePayload } from './decode-payload.ts';
import type { ExecutionAnalysis, HistoryEvent } from './types.ts';

export const STARTED_BY_INPUT_KEY = 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID';

export type ExecutionLinkKind = 'MAP_RUN' | 'STARTED_EXECUTION' | 'STARTED_BY';

export interface ExecutionLinkRecord {
  kind: ExecutionLinkKind;
  /** A Map Run ARN (MAP_RUN) or an execution ARN. */
  targetArn: string;
  /** The Map / Task state whose run started the target; null for STARTED_BY. */
  stateName: string | null;
  /** Index of that run in `analysis.runs`; null when the event could not be tied to a run. */
  runIndex: number | null;
  /** The event naming the target; null for a masked id. */
  eventId: number | null;
}

const EXECUTION_ARN_IN_TEXT = /arn:aws[\w-]*:states:[^:"\s]*:\d*:(?:execution|express):[^"\s,}\\]+/;
const EXECUTION_ARN = /^arn:aws[\w-]*:states:[^:]*:[^:]*:(?:execution|express):[^:]+:.+$/;
const MAP_RUN_ARN = /^arn:aws[\w-]*:states:[^:]*:[^:]*:mapRun:[^:]+:.+$/;
/** previousEventId hops from a Task or MapRun event back to the event that opened its run. */
const MAX_HOPS = 64;

/** The links one execution's events establish, in event order, one per (kind, target). */
export function executionLinks(events: readonly HistoryEvent[], analysis: ExecutionAnalysis): ExecutionLinkRecord[] {
  const byId = new Map<number, HistoryEvent>();
  for (const e of events) if (e.id !== null && !byId.has(e.id)) byId.set(e.id, e);
  // Events that open or close a run → that run (entered events, task attempts' scheduled events).
  const runOf = new Map<number, number>();
  analysis.runs.forEach((run, index) => {
    if (run.enteredEventId !== null) runOf.set(run.enteredEventId, index);
    for (const attempt of run.taskAttempts ?? []) {
      if (attempt.scheduledEventId !== null) runOf.set(attempt.scheduledEventId, index);
      if (attempt.closedEventId !== null && !runOf.has(attempt.closedEventId)) runOf.set(attempt.closedEventId, index);
    }
  });
  const owner = (event: HistoryEvent): number | null => {
    let current: HistoryEvent | undefined = event;
    for (let hop = 0; current && hop < MAX_HOPS; hop++) {
      if (current.id !== null) {
        const found = runOf.get(current.id);
        if (found !== undefined) return found;
      }
      current = current.previousEventId !== null && current.previousEventId > 0 ? byId.get(current.previousEventId) : undefined;
    }
    return null;
  };

  const links: ExecutionLinkRecord[] = [];
  const seen = new Set<string>();
  const add = (kind: ExecutionLinkKind, targetArn: string, event: HistoryEvent | null, runIndex: number | null): void => {
    const key = `${kind}\u0000${targetArn}`;
    if (seen.has(key)) return;
    seen.add(key);
    const stateName = runIndex !== null ? (analysis.runs[runIndex]?.stateName ?? null) : null;
    links.push({ kind, targetArn, stateName, runIndex, eventId: event?.id ?? null });
  };

  for (const event of events) {
    if (event.type === 'ExecutionStarted') {
      const parent = startedBy(event.details.input);
      if (parent !== null) add('STARTED_BY', parent, event, null);
    } else if (event.type === 'MapRunStarted' || event.type === 'MapRunRedriven') {
      const arn = event.details.mapRunArn;
      if (typeof arn === 'string' && MAP_RUN_ARN.test(arn)) add('MAP_RUN', arn, event, owner(event));
    } else if (isStartExecutionTask(event)) {
      const arn = childArn(event);
      if (arn !== null) add('STARTED_EXECUTION', arn, event, owner(event));
    }
  }
  return links;
}

/** The parent ARN an execution's input names under AWS's started-by key; null when none. */
export function startedBy(input: unknown): string | null {
  const value = decodePayload(input).value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const parent = (value as Record<string, unknown>)[STARTED_BY_INPUT_KEY];
  return typeof parent === 'string' && EXECUTION_ARN.test(parent) ? parent : null;
}

function isStartExecutionTask(event: HistoryEvent): boolean {
  if (event.type !== 'TaskSubmitted' && event.type !== 'TaskSucceeded' && event.type !== 'TaskFailed') return false;
  const { resourceType, resource } = event.details;
  return resourceType === 'states' && typeof resource === 'string' && resource.startsWith('startExecution');
}

/** `ExecutionArn` of a StartExecution answer (output), or the ARN inside a .sync failure's cause. */
function childArn(event: HistoryEvent): string | null {
  const payload = event.type === 'TaskFailed' ? event.details.cause : event.details.output;
  const value = decodePayload(payload).value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const arn = (value as Record<string, unknown>).ExecutionArn;
    if (typeof arn === 'string' && EXECUTION_ARN.test(arn)) return arn;
  }
  if (event.type === 'TaskFailed' && typeof payload === 'string') {
    const match = EXECUTION_ARN_IN_TEXT.exec(payload);
    if (match && EXECUTION_ARN.test(match[0])) return match[0];
  }
  return null;
}
