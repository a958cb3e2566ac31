// Small, hand-built histories (plain HistoryEvent / StateRun objects: no analyzer needed).
import type { HistoryEvent, StateRun } from '../../../lib/history/types.ts';
import { ANALYZER_VERSION } from '../../../lib/history/analyzer-version.ts';
import type { SaveExecutionHistoryInput } from '../../../lib/store/index.ts';

export const ACCOUNT = '123456789012';
export const stateMachineArn = (name: string): string => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:${name}`;
export const executionArn = (machine: string, name: string): string => `arn:aws:states:us-east-1:${ACCOUNT}:execution:${machine}:${name}`;

export const DEFINITION = JSON.stringify({ StartAt: 'Work', States: { Work: { Type: 'Pass', End: true } } });

/** A Parallel history whose branch events have masked ids (`"id": [0]`), like 9 corpus files. */
export function maskedEvents(start: number): HistoryEvent[] {
  const raws: Array<Record<string, unknown>> = [
    { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: '2024-01-01T00:00:00Z', executionStartedEventDetails: { input: '{"n":1}' } },
    { id: 2, previousEventId: 1, type: 'ParallelStateEntered', timestamp: 'timestamp', stateEnteredEventDetails: { name: 'Fan' } },
    { id: [0], previousEventId: [0], type: 'PassStateEntered', timestamp: 'timestamp', stateEnteredEventDetails: { name: 'A' } },
    { id: [0], previousEventId: [0], type: 'PassStateExited', timestamp: 'timestamp', stateExitedEventDetails: { name: 'A', output: { ok: true } } },
    { id: [0], previousEventId: [0], type: 'PassStateEntered', timestamp: 'timestamp', stateEnteredEventDetails: { name: 'B', 'ü nicode': '✓' } },
    { id: 6, previousEventId: 5, type: 'ParallelStateExited', timestamp: 'timestamp', stateExitedEventDetails: { name: 'Fan' } },
    { id: 7, previousEventId: 6, type: 'ExecutionSucceeded', timestamp: 'timestamp', executionSucceededEventDetails: { output: '[1,2]' } },
  ];
  return raws.map((raw, position) => {
    const id = typeof raw.id === 'number' ? raw.id : null;
    const previousEventId = typeof raw.previousEventId === 'number' ? raw.previousEventId : null;
    const detailsKey = Object.keys(raw).find((k) => k.endsWith('EventDetails'));
    return {
      id,
      previousEventId,
      type: String(raw.type),
      timestamp: position === 0 ? start : start + position * 10,
      details: detailsKey ? (raw[detailsKey] as Record<string, unknown>) : {},
      position,
      raw,
    };
  });
}

export function runsFor(events: HistoryEvent[]): StateRun[] {
  return [
    { stateName: 'Fan', stateType: 'Parallel', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: 2, exitedEventId: 6, durationMs: 50, error: null, cause: null },
    { stateName: 'A', stateType: 'Pass', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: null, exitedEventId: null, durationMs: 10, error: null, cause: null },
    { stateName: 'B', stateType: 'Pass', status: 'SUCCEEDED', attempts: 0, mapIndex: [0, 3], enteredEventId: null, exitedEventId: null, durationMs: events.length, error: null, cause: null },
  ];
}

export interface HistoryOptions {
  machine?: string;
  name?: string;
  status?: string;
  start?: Date | null;
  error?: string | null;
  events?: HistoryEvent[];
  definition?: string | null;
}

export function history(options: HistoryOptions = {}): SaveExecutionHistoryInput {
  const machine = options.machine ?? 'Orders';
  const name = options.name ?? 'exec-1';
  const start = options.start === undefined ? new Date(Date.UTC(2024, 0, 1)) : options.start;
  const events = options.events ?? maskedEvents(start?.getTime() ?? 0);
  const status = options.status ?? 'SUCCEEDED';
  return {
    source: { kind: 'import', label: 'Imported files' },
    stateMachine: {
      stateMachineArn: stateMachineArn(machine),
      name: machine,
      type: 'STANDARD',
      definition: options.definition === undefined ? DEFINITION : options.definition,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    },
    execution: {
      executionArn: executionArn(machine, name),
      stateMachineArn: stateMachineArn(machine),
      name,
      status,
      startDate: start,
      stopDate: start === null || status === 'RUNNING' ? null : new Date(start.getTime() + 1234),
      input: '{"n":1}',
      output: status === 'SUCCEEDED' ? '[1,2]' : null,
      error: options.error ?? null,
      cause: options.error ? `cause of ${options.error}` : null,
      redriveCount: 0,
      historyComplete: true,
      partial: false,
    },
    events,
    runs: runsFor(events),
    analyzerVersion: ANALYZER_VERSION,
  };
}
