// `steplens replay` and the dashboard's "Try a fix" (DESIGN.md §2.10): a recorded execution →
// its test case → an in-process replay (lib/emulator/replay.ts) → the first difference from the
// recording. One path for a stored execution, an exported history file and the corpus harness.
import type { CompareHistoriesOptions, HistoryDifference } from '../../history/compare-histories.ts';
import { compareHistories } from '../../history/compare-histories.ts';
import type { AnalyzedExecutionStatus, HistoryEvent } from '../../history/types.ts';
import { buildTestCase, testCaseNameOf, type ReplayTestCase } from '../../history/test-case.ts';
import type { EmittedEvent } from '../../emulator/engine-contract.ts';
import { replayExecution } from '../../emulator/replay.ts';

/** What was recorded: the history and what it ran. */
export interface Recording {
  executionArn: string;
  stateMachineArn: string;
  /** Chronological (parseHistory). */
  events: readonly HistoryEvent[];
  definition: Record<string, unknown>;
  /** The execution input where the events carry none. */
  input?: unknown;
}

export interface ReplayOptions {
  /** Run the recorded task outcomes against this definition instead of the recorded one. */
  definition?: Record<string, unknown>;
  /** The comparison's text test (the corpus harness tolerates its placeholders). */
  textMatches?: CompareHistoriesOptions['textMatches'];
}

export interface ReplayReport {
  testCase: ReplayTestCase;
  /** The replay wrote the recorded history, event for event (with a changed definition: the change changed nothing). */
  reproduced: boolean;
  firstDifference: HistoryDifference | null;
  /** The replay's execution status; RUNNING where the recording ends while the execution still ran. */
  status: AnalyzedExecutionStatus;
  events: EmittedEvent[];
  /** A changed definition ran (options.definition). */
  changedDefinition: boolean;
  /** The replay wrote more events than an execution may and was stopped. */
  limitReached: boolean;
}

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimedOut']);

function arnName(arn: string): string {
  return arn.split(':')[6] ?? arn;
}

function stringDetail(event: HistoryEvent | undefined, key: string): string | undefined {
  const value = event?.details[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Replays a recording. With its own definition the replay ends where the recording ends (a
 * stopped execution is stopped after the same events, with the same error and cause; one still
 * running is compared as far as it was recorded) and is redriven as often as the recording was.
 * A changed definition runs to its own end.
 */
export async function replayRecording(recording: Recording, options: ReplayOptions = {}): Promise<ReplayReport> {
  const { events } = recording;
  const testCase = buildTestCase({
    stateMachineName: arnName(recording.stateMachineArn),
    testCaseName: testCaseNameOf(recording.executionArn.split(':')[7] ?? 'Recorded'),
    events,
    definition: recording.definition,
    input: recording.input,
    executionArn: recording.executionArn,
  });
  const changed = options.definition !== undefined;
  const last = events[events.length - 1];
  const started = events.find((e) => e.type === 'ExecutionStarted');
  const terminal = last !== undefined && TERMINAL.has(last.type);
  const redrives = events.filter((e) => e.type === 'ExecutionRedriven').length;
  const stop: Pick<Parameters<typeof replayExecution>[0], 'stopAfterEvents' | 'stopReason' | 'redrives'> = {};
  if (!changed) {
    stop.redrives = redrives;
    if (!terminal) stop.stopAfterEvents = events.length;
    else if (last.type === 'ExecutionAborted') {
      stop.stopAfterEvents = events.length - 1;
      const reason: { error?: string; cause?: string } = {};
      const error = stringDetail(last, 'error');
      const cause = stringDetail(last, 'cause');
      if (error !== undefined) reason.error = error;
      if (cause !== undefined) reason.cause = cause;
      stop.stopReason = reason;
    }
  }
  const run = await replayExecution({
    definition: options.definition ?? testCase.definition,
    input: testCase.input,
    outcomes: testCase.outcomes,
    executionArn: recording.executionArn,
    stateMachineArn: recording.stateMachineArn,
    roleArn: stringDetail(started, 'roleArn') ?? `arn:aws:iam::${recording.executionArn.split(':')[4] ?? '123456789012'}:role/steplens-replay`,
    ...(started?.timestamp !== null && started?.timestamp !== undefined ? { startTime: started.timestamp } : {}),
    ...stop,
  });
  // A recording of a running execution: the replay was stopped where the recording ends, and
  // the ExecutionAborted that the stop wrote is not part of what happened.
  const stillRunning = !changed && !terminal;
  const stoppedWhereRecordingEnds = stillRunning && !run.limitReached && run.events.length > events.length;
  const replayed = stillRunning ? run.events.slice(0, events.length) : run.events;
  const firstDifference = compareHistories(events, replayed, { prefixOnly: stillRunning, ...(options.textMatches ? { textMatches: options.textMatches } : {}) });
  return {
    testCase,
    reproduced: firstDifference === null,
    firstDifference,
    status: stoppedWhereRecordingEnds ? 'RUNNING' : run.outcome.status,
    events: replayed,
    changedDefinition: changed,
    limitReached: run.limitReached,
  };
}
