import { describe, expect, it } from 'vitest';
import { analyzeExecution, analyzeHistory, decodePayload, parseHistory, type ExecutionAnalysis, type StateRun } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited, failed, scheduled, started, succeeded, type WireEvent } from './build-events.ts';

function analyze(events: WireEvent[], definition?: unknown): ExecutionAnalysis {
  return analyzeExecution(parseHistory({ events }).events, { definition });
}

/** The contract fields of a run, for compact expectations. */
function brief(r: StateRun) {
  return { name: r.stateName, status: r.status, attempts: r.attempts, mapIndex: r.mapIndex, in: r.enteredEventId, out: r.exitedEventId };
}

function runAt(a: ExecutionAnalysis, enteredEventId: number): StateRun {
  const run = a.runs.find((r) => r.enteredEventId === enteredEventId);
  if (!run) throw new Error(`no run entered at ${enteredEventId}`);
  return run;
}

describe('Task retries, Catch and failures', () => {
  it('counts retries as attempts and measures backoff gaps from real timestamps', () => {
    const a = analyze([
      execStarted(0),
      entered(2, 0, 'Task', 'Charge', 0.01),
      scheduled(3, 2, 0.02),
      started(4, 3, 0.05),
      failed(5, 4, 'Lambda.ServiceException', 0.5),
      scheduled(6, 5, 1.5),
      started(7, 6, 1.55),
      failed(8, 7, 'Lambda.ServiceException', 2.0),
      scheduled(9, 8, 4.0),
      started(10, 9, 4.05),
      succeeded(11, 10, 4.6),
      exited(12, 11, 'Task', 'Charge', 4.61),
      ev(13, 12, 'ExecutionSucceeded', { output: '{}' }, 4.62),
    ]);
    expect(a.status).toBe('SUCCEEDED');
    expect(a.failure).toBeNull();
    expect(a.warnings).toEqual([]);
    const run = a.runs[0] as StateRun;
    expect(brief(run)).toEqual({ name: 'Charge', status: 'SUCCEEDED', attempts: 3, mapIndex: [], in: 2, out: 12 });
    expect(run.durationMs).toBe(4600);
    expect(run.error).toBeNull();
    expect(run.taskAttempts?.map((t) => [t.attempt, t.status, t.backoffMs, t.scheduledEventId, t.closedEventId])).toEqual([
      [1, 'FAILED', null, 3, 5],
      [2, 'FAILED', 1000, 6, 8],
      [3, 'SUCCEEDED', 2000, 9, 11],
    ]);
    expect(run.taskAttempts?.[0]).toMatchObject({ error: 'Lambda.ServiceException', resource: 'invoke', resourceType: 'lambda', parameters: '{"FunctionName":"f"}' });
    expect(run.taskAttempts?.[2]).toMatchObject({ result: '{"ok":true}', error: null });
  });

  it('Catch: failure -> same run\'s StateExited -> CAUGHT', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'Charge'),
      scheduled(3, 2),
      started(4, 3),
      failed(5, 4, 'States.TaskFailed'),
      exited(6, 5, 'Task', 'Charge'),
      entered(7, 6, 'Pass', 'HandleError'),
      exited(8, 7, 'Pass', 'HandleError'),
      ev(9, 8, 'ExecutionSucceeded', { output: '{}' }),
    ]);
    expect(a.status).toBe('SUCCEEDED');
    expect(a.runs.map(brief)).toEqual([
      { name: 'Charge', status: 'CAUGHT', attempts: 1, mapIndex: [], in: 2, out: 6 },
      { name: 'HandleError', status: 'SUCCEEDED', attempts: 0, mapIndex: [], in: 7, out: 8 },
    ]);
    expect(a.runs[0]).toMatchObject({ error: 'States.TaskFailed', cause: 'States.TaskFailed cause' });
    expect(a.runs[1]?.error).toBeNull();
  });

  it('a run aborted after a retried failure keeps the error of its last failure event', () => {
    const a = analyze([
      execStarted(0),
      entered(2, 0, 'Task', 'Charge', 0.01),
      scheduled(3, 2, 0.02),
      started(4, 3, 0.05),
      failed(5, 4, 'Lambda.ServiceException', 0.5),
      scheduled(6, 5, 1.5),
      ev(7, 6, 'ExecutionAborted', {}, 2.0),
    ]);
    expect(a.status).toBe('ABORTED');
    expect(a.failure).toBeNull();
    expect(a.runs[0]).toMatchObject({ status: 'ABORTED', attempts: 2, error: 'Lambda.ServiceException' });
  });

  it('uncaught failure -> FAILED run and failure.stateName', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Pass', 'Prepare'),
      exited(3, 2, 'Pass', 'Prepare'),
      entered(4, 3, 'Task', 'Charge'),
      scheduled(5, 4),
      started(6, 5),
      failed(7, 6, 'CardDeclined'),
      ev(8, 7, 'ExecutionFailed', { error: 'CardDeclined', cause: 'CardDeclined cause' }),
    ]);
    expect(a.status).toBe('FAILED');
    expect(a.failure).toEqual({ error: 'CardDeclined', cause: 'CardDeclined cause', stateName: 'Charge', runIndex: 1 });
    expect(brief(runAt(a, 4))).toEqual({ name: 'Charge', status: 'FAILED', attempts: 1, mapIndex: [], in: 4, out: null });
    // Open when the execution ended: measured to the terminal event.
    expect(runAt(a, 4).durationMs).toBe(4000);
    expect(runAt(a, 4).error).toBe('CardDeclined');
    expect(runAt(a, 2).status).toBe('SUCCEEDED');
  });

  it('States.Runtime with no failure event -> the innermost run still open', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'Shape'),
      scheduled(3, 2),
      started(4, 3),
      succeeded(5, 4),
      ev(6, 5, 'ExecutionFailed', { error: 'States.Runtime', cause: "An error occurred while executing the state 'Shape'" }),
    ]);
    expect(a.failure?.stateName).toBe('Shape');
    expect(runAt(a, 2)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('a cause that arrives as parsed JSON is passed on as received', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'L'),
      scheduled(3, 2),
      ev(4, 3, 'TaskFailed', { error: 'Exception', cause: { errorMessage: 'boom', errorType: 'Exception' } }),
      ev(5, 4, 'ExecutionFailed', { error: 'Exception', cause: { errorMessage: 'boom', errorType: 'Exception' } }),
    ]);
    expect(a.failure).toEqual({ error: 'Exception', cause: { errorMessage: 'boom', errorType: 'Exception' }, stateName: 'L', runIndex: 0 });
  });
});

describe('Map', () => {
  it('interleaved inline Map: iterations found through previousEventId, mapIndex per run', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Map', 'M'),
      ev(3, 2, 'MapStateStarted', { length: 2 }),
      ev(4, 3, 'MapIterationStarted', { name: 'M', index: 0 }),
      ev(5, 3, 'MapIterationStarted', { name: 'M', index: 1 }),
      entered(6, 5, 'Pass', 'A'),
      entered(7, 4, 'Pass', 'A'),
      exited(8, 6, 'Pass', 'A'),
      entered(9, 8, 'Task', 'B'),
      exited(10, 7, 'Pass', 'A'),
      entered(11, 10, 'Task', 'B'),
      scheduled(12, 9),
      scheduled(13, 11),
      started(14, 12),
      started(15, 13),
      succeeded(16, 15),
      succeeded(17, 14),
      exited(18, 16, 'Task', 'B'),
      ev(19, 18, 'MapIterationSucceeded', { name: 'M', index: 0 }),
      exited(20, 17, 'Task', 'B'),
      ev(21, 20, 'MapIterationSucceeded', { name: 'M', index: 1 }),
      ev(22, 21, 'MapStateSucceeded'),
      exited(23, 21, 'Map', 'M'),
      ev(24, 23, 'ExecutionSucceeded', { output: '[]' }),
    ]);
    expect(a.runs.map(brief)).toEqual([
      { name: 'M', status: 'SUCCEEDED', attempts: 0, mapIndex: [], in: 2, out: 23 },
      { name: 'A', status: 'SUCCEEDED', attempts: 0, mapIndex: [1], in: 6, out: 8 },
      { name: 'A', status: 'SUCCEEDED', attempts: 0, mapIndex: [0], in: 7, out: 10 },
      { name: 'B', status: 'SUCCEEDED', attempts: 1, mapIndex: [1], in: 9, out: 20 },
      { name: 'B', status: 'SUCCEEDED', attempts: 1, mapIndex: [0], in: 11, out: 18 },
    ]);
    expect(a.runs.slice(1).map((r) => r.parentRunIndex)).toEqual([0, 0, 0, 0]);
  });

  it('nested inline Maps: mapIndex [outer, inner]', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Map', 'Outer'),
      ev(3, 2, 'MapStateStarted', { length: 2 }),
      ev(4, 3, 'MapIterationStarted', { name: 'Outer', index: 0 }),
      ev(5, 3, 'MapIterationStarted', { name: 'Outer', index: 1 }),
      entered(6, 4, 'Map', 'Inner'),
      entered(7, 5, 'Map', 'Inner'),
      ev(8, 6, 'MapStateStarted', { length: 1 }),
      ev(9, 7, 'MapStateStarted', { length: 2 }),
      ev(10, 8, 'MapIterationStarted', { name: 'Inner', index: 0 }),
      ev(11, 9, 'MapIterationStarted', { name: 'Inner', index: 0 }),
      ev(12, 9, 'MapIterationStarted', { name: 'Inner', index: 1 }),
      entered(13, 12, 'Pass', 'Leaf'),
      entered(14, 10, 'Pass', 'Leaf'),
      entered(15, 11, 'Pass', 'Leaf'),
      exited(16, 13, 'Pass', 'Leaf'),
      exited(17, 14, 'Pass', 'Leaf'),
      exited(18, 15, 'Pass', 'Leaf'),
      ev(19, 17, 'MapIterationSucceeded', { name: 'Inner', index: 0 }),
      ev(20, 19, 'MapStateSucceeded'),
      exited(21, 19, 'Map', 'Inner'),
      ev(22, 16, 'MapIterationSucceeded', { name: 'Inner', index: 1 }),
      ev(23, 18, 'MapIterationSucceeded', { name: 'Inner', index: 0 }),
      ev(24, 23, 'MapStateSucceeded'),
      exited(25, 23, 'Map', 'Inner'),
      ev(26, 21, 'MapIterationSucceeded', { name: 'Outer', index: 0 }),
      ev(27, 25, 'MapIterationSucceeded', { name: 'Outer', index: 1 }),
      ev(28, 27, 'MapStateSucceeded'),
      exited(29, 27, 'Map', 'Outer'),
      ev(30, 29, 'ExecutionSucceeded', { output: '[]' }),
    ]);
    expect(a.runs.map((r) => [r.stateName, r.enteredEventId, r.mapIndex, r.exitedEventId, r.status])).toEqual([
      ['Outer', 2, [], 29, 'SUCCEEDED'],
      ['Inner', 6, [0], 21, 'SUCCEEDED'],
      ['Inner', 7, [1], 25, 'SUCCEEDED'],
      ['Leaf', 13, [1, 1], 16, 'SUCCEEDED'],
      ['Leaf', 14, [0, 0], 17, 'SUCCEEDED'],
      ['Leaf', 15, [1, 0], 18, 'SUCCEEDED'],
    ]);
  });

  it('TaskStateAborted / MapIterationAborted siblings: one abort per open Task, failing one FAILED', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Map', 'M'),
      ev(3, 2, 'MapStateStarted', { length: 3 }),
      ev(4, 3, 'MapIterationStarted', { name: 'M', index: 0 }),
      ev(5, 3, 'MapIterationStarted', { name: 'M', index: 1 }),
      ev(6, 3, 'MapIterationStarted', { name: 'M', index: 2 }),
      entered(7, 4, 'Task', 'T'),
      entered(8, 5, 'Task', 'T'),
      entered(9, 6, 'Task', 'T'),
      scheduled(10, 7),
      scheduled(11, 8),
      scheduled(12, 9),
      started(13, 10),
      started(14, 11),
      started(15, 12),
      failed(16, 14, 'Boom'),
      ev(17, 16, 'MapIterationFailed', { name: 'M', index: 1 }),
      ev(18, 16, 'TaskStateAborted'),
      ev(19, 16, 'MapIterationAborted', { name: 'M', index: 0 }),
      ev(20, 16, 'TaskStateAborted'),
      ev(21, 16, 'MapIterationAborted', { name: 'M', index: 2 }),
      ev(22, 16, 'TaskStateAborted'),
      ev(23, 16, 'MapStateFailed'),
      ev(24, 23, 'ExecutionFailed', { error: 'Boom', cause: 'Boom cause' }),
    ]);
    // runIndex: the traced run (iteration 1's T), not any run named T.
    expect(a.failure).toEqual({ error: 'Boom', cause: 'Boom cause', stateName: 'T', runIndex: 2 });
    expect(a.runs.map((r) => r.depth)).toEqual([0, 1, 1, 1]);
    expect(a.runs.map(brief)).toEqual([
      { name: 'M', status: 'FAILED', attempts: 0, mapIndex: [], in: 2, out: null },
      { name: 'T', status: 'ABORTED', attempts: 1, mapIndex: [0], in: 7, out: 20 },
      { name: 'T', status: 'FAILED', attempts: 1, mapIndex: [1], in: 8, out: 18 },
      { name: 'T', status: 'ABORTED', attempts: 1, mapIndex: [2], in: 9, out: 22 },
    ]);
    expect(runAt(a, 8)).toMatchObject({ error: 'Boom', cause: 'Boom cause' });
    expect(runAt(a, 7).error).toBeNull();
    expect(runAt(a, 7).taskAttempts?.[0]?.status).toBe('ABORTED');
    // MapStateFailed has no error: the Map raised its iteration's error.
    expect(a.runs[0]?.error).toBe('Boom');
  });

  it('a retried Map has 0 attempts; its last attempt decides', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Map', 'M'),
      ev(3, 2, 'MapStateStarted', { length: 1 }),
      ev(4, 3, 'MapIterationStarted', { name: 'M', index: 0 }),
      entered(5, 4, 'Fail', 'F'),
      ev(6, 5, 'MapIterationFailed', { name: 'M', index: 0 }),
      ev(7, 5, 'MapStateStarted', { length: 1 }),
      ev(8, 7, 'MapIterationStarted', { name: 'M', index: 0 }),
      entered(9, 8, 'Pass', 'Ok'),
      exited(10, 9, 'Pass', 'Ok'),
      ev(11, 10, 'MapIterationSucceeded', { name: 'M', index: 0 }),
      ev(12, 11, 'MapStateSucceeded'),
      exited(13, 11, 'Map', 'M'),
      ev(14, 13, 'ExecutionSucceeded', { output: '[]' }),
    ]);
    expect(a.runs.map(brief)).toEqual([
      { name: 'M', status: 'SUCCEEDED', attempts: 0, mapIndex: [], in: 2, out: 13 },
      { name: 'F', status: 'FAILED', attempts: 0, mapIndex: [0], in: 5, out: null },
      { name: 'Ok', status: 'SUCCEEDED', attempts: 0, mapIndex: [0], in: 9, out: 10 },
    ]);
  });

  it('Distributed Map: MapRun* events in the parent; MapRunFailed names the Map', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Map', 'Dist'),
      ev(3, 2, 'MapStateStarted', { length: 0 }),
      ev(4, 3, 'MapRunStarted', { mapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:sm/Dist:1' }),
      ev(5, 4, 'MapRunFailed', { error: 'States.ItemReaderFailed', cause: 'bad csv' }),
      ev(6, 5, 'MapStateFailed'),
      ev(7, 6, 'ExecutionFailed', { error: 'States.ItemReaderFailed', cause: 'bad csv' }),
    ]);
    expect(a.failure).toEqual({ error: 'States.ItemReaderFailed', cause: 'bad csv', stateName: 'Dist', runIndex: 0 });
    expect(a.runs[0]).toMatchObject({ status: 'FAILED', attempts: 0, error: 'States.ItemReaderFailed' });
  });
});

describe('Parallel', () => {
  const definition = {
    StartAt: 'Par',
    States: {
      Par: {
        Type: 'Parallel',
        End: true,
        Branches: [
          { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
          { StartAt: 'Boom', States: { Boom: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
        ],
      },
    },
  };
  const events = [
    execStarted(),
    entered(2, 0, 'Parallel', 'Par'),
    ev(3, 2, 'ParallelStateStarted'),
    entered(4, 3, 'Task', 'Slow'),
    entered(5, 3, 'Task', 'Boom'),
    scheduled(6, 4),
    scheduled(7, 5),
    started(8, 6),
    started(9, 7),
    failed(10, 9, 'Boom.Error'),
    ev(11, 10, 'TaskStateAborted'),
    ev(12, 10, 'TaskStateAborted'),
    ev(13, 10, 'ParallelStateFailed'),
    ev(14, 13, 'ExecutionFailed', { error: 'Boom.Error', cause: 'Boom.Error cause' }),
  ];

  it('traces a Parallel failure into the failing branch', () => {
    const a = analyze(events);
    expect(a.failure).toEqual({ error: 'Boom.Error', cause: 'Boom.Error cause', stateName: 'Boom', runIndex: 2 });
    expect(a.runs.map(brief)).toEqual([
      { name: 'Par', status: 'FAILED', attempts: 0, mapIndex: [], in: 2, out: null },
      { name: 'Slow', status: 'ABORTED', attempts: 1, mapIndex: [], in: 4, out: 12 },
      { name: 'Boom', status: 'FAILED', attempts: 1, mapIndex: [], in: 5, out: 11 },
    ]);
    expect(a.runs.map((r) => r.branchIndex)).toEqual([null, null, null]);
    expect(a.runs.map((r) => r.depth)).toEqual([0, 1, 1]);
  });

  it('gives branch indexes when the definition is known', () => {
    const a = analyze(events, definition);
    expect(a.runs.map((r) => r.branchIndex)).toEqual([null, 0, 1]);
  });

  it('Parallel Catch: ParallelStateFailed -> ParallelStateExited -> CAUGHT', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Parallel', 'Par'),
      ev(3, 2, 'ParallelStateStarted'),
      entered(4, 3, 'Fail', 'Branch1'),
      ev(5, 4, 'ParallelStateFailed'),
      exited(6, 5, 'Parallel', 'Par'),
      entered(7, 6, 'Pass', 'Caught'),
      exited(8, 7, 'Pass', 'Caught'),
      ev(9, 8, 'ExecutionSucceeded', { output: '{}' }),
    ]);
    expect(a.runs.map((r) => [r.stateName, r.status])).toEqual([
      ['Par', 'CAUGHT'],
      ['Branch1', 'FAILED'],
      ['Caught', 'SUCCEEDED'],
    ]);
  });

  it('a history without the branch aborts (emulators): inner runs end with their Parallel', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Parallel', 'Par'),
      ev(3, 2, 'ParallelStateStarted'),
      entered(4, 3, 'Task', 'Slow'),
      entered(5, 3, 'Task', 'Boom'),
      scheduled(6, 4),
      scheduled(7, 5),
      failed(8, 7, 'Boom.Error'),
      ev(9, 8, 'ParallelStateFailed'),
      exited(10, 9, 'Parallel', 'Par'),
      entered(11, 10, 'Pass', 'After'),
      exited(12, 11, 'Pass', 'After'),
      ev(13, 12, 'ExecutionSucceeded', { output: '{}' }),
    ]);
    expect(a.runs.map((r) => [r.stateName, r.status, r.exitedEventId, r.durationMs])).toEqual([
      ['Par', 'CAUGHT', 10, 8000],
      ['Slow', 'ABORTED', null, 6000],
      ['Boom', 'FAILED', null, 5000],
      ['After', 'SUCCEEDED', 12, 1000],
    ]);
  });

  it('masked nested Parallel whose exit was lost ends with its (succeeded) container', () => {
    const a = analyzeHistory({
      events: [
        { id: 1, previousEventId: 0, timestamp: 'timestamp', type: 'ExecutionStarted' },
        { id: 2, previousEventId: 0, timestamp: 'timestamp', type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'L1' } },
        { id: 3, previousEventId: 2, timestamp: 'timestamp', type: 'ParallelStateStarted' },
        { id: [0], previousEventId: 0, timestamp: 'timestamp', type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'L2' } },
        { id: 5, previousEventId: 4, timestamp: 'timestamp', type: 'ParallelStateStarted' },
        { id: [0], previousEventId: 0, timestamp: 'timestamp', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Leaf' } },
        { id: [0], previousEventId: 0, timestamp: 'timestamp', type: 'PassStateExited', stateExitedEventDetails: { name: 'Leaf' } },
        { id: 11, previousEventId: 9, timestamp: 'timestamp', type: 'ParallelStateExited', stateExitedEventDetails: { name: 'L1' } },
        { id: 12, previousEventId: 11, timestamp: 'timestamp', type: 'ExecutionSucceeded' },
      ],
    });
    expect(a.runs.map((r) => [r.stateName, r.status, r.parentRunIndex])).toEqual([
      ['L1', 'SUCCEEDED', null],
      ['L2', 'SUCCEEDED', 0],
      ['Leaf', 'SUCCEEDED', 1],
    ]);
  });

  it('places masked branch events (id [0]) under the Parallel and survives dangling ids', () => {
    const masked = (type: string, details?: Record<string, unknown>) => ({
      id: [0],
      previousEventId: 0,
      timestamp: 'timestamp',
      type,
      ...(details ? { [type.endsWith('Entered') ? 'stateEnteredEventDetails' : type.endsWith('Exited') ? 'stateExitedEventDetails' : `${type[0]?.toLowerCase()}${type.slice(1)}EventDetails`]: details } : {}),
    });
    const a = analyzeHistory({
      definition,
      events: [
        { id: 1, previousEventId: 0, timestamp: 'timestamp', type: 'ExecutionStarted' },
        { id: 2, previousEventId: 0, timestamp: 'timestamp', type: 'ParallelStateEntered', stateEnteredEventDetails: { name: 'Par' } },
        { id: 3, previousEventId: 2, timestamp: 'timestamp', type: 'ParallelStateStarted' },
        masked('TaskStateEntered', { name: 'Slow' }),
        masked('TaskStateEntered', { name: 'Boom' }),
        masked('TaskStateExited', { name: 'Slow' }),
        masked('TaskStateExited', { name: 'Boom' }),
        masked('TaskScheduled', { resource: 'invoke', resourceType: 'lambda', parameters: {} }),
        masked('TaskScheduled', { resource: 'invoke', resourceType: 'lambda', parameters: {} }),
        masked('TaskStarted'),
        masked('TaskStarted'),
        masked('TaskSucceeded', { output: {} }),
        masked('TaskSucceeded', { output: {} }),
        { id: 15, previousEventId: 13, timestamp: 'timestamp', type: 'ParallelStateExited', stateExitedEventDetails: { name: 'Par' } },
        { id: 16, previousEventId: 15, timestamp: 'timestamp', type: 'ExecutionSucceeded' },
      ],
    });
    expect(a.status).toBe('SUCCEEDED');
    expect(a.warnings).toEqual([]);
    expect(a.runs.map((r) => [r.stateName, r.status, r.attempts, r.enteredEventId, r.parentRunIndex, r.branchIndex, r.durationMs])).toEqual([
      ['Par', 'SUCCEEDED', 0, 2, null, null, null],
      ['Slow', 'SUCCEEDED', 1, null, 0, 0, null],
      ['Boom', 'SUCCEEDED', 1, null, 0, 1, null],
    ]);
  });
});

describe('EvaluationFailed, timeouts, aborts, partial histories', () => {
  it('EvaluationFailed names its state (its previousEventId points elsewhere)', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Pass', 'Start'),
      exited(3, 2, 'Pass', 'Start'),
      entered(4, 3, 'Map', 'Items'),
      ev(5, 3, 'EvaluationFailed', { error: 'States.QueryEvaluationError', cause: 'not an array', location: 'Items', state: 'Items' }),
      ev(6, 5, 'MapStateFailed'),
      ev(7, 6, 'ExecutionFailed', { error: 'States.QueryEvaluationError', cause: 'not an array' }),
    ]);
    expect(a.failure).toEqual({ error: 'States.QueryEvaluationError', cause: 'not an array', stateName: 'Items', runIndex: 1 });
    expect(runAt(a, 4)).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(runAt(a, 2).status).toBe('SUCCEEDED');
  });

  it('ExecutionTimedOut with no open run: stateName null', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Pass', 'P'),
      exited(3, 2, 'Pass', 'P'),
      ev(4, 0, 'ExecutionTimedOut', { error: 'States.Timeout' }),
    ]);
    expect(a.status).toBe('TIMED_OUT');
    expect(a.failure).toEqual({ error: 'States.Timeout', cause: null, stateName: null, runIndex: null });
    expect(a.runs[0]?.status).toBe('SUCCEEDED');
  });

  it('ExecutionTimedOut while a Wait is open: that run', () => {
    const a = analyze([execStarted(), entered(2, 0, 'Wait', 'Sleep'), ev(3, 2, 'ExecutionTimedOut', { error: 'States.Timeout' })]);
    expect(a.failure?.stateName).toBe('Sleep');
  });

  it('ExecutionAborted: open runs ABORTED, no failure', () => {
    const a = analyze([execStarted(), entered(2, 0, 'Wait', 'Sleep', 2), ev(3, 0, 'ExecutionAborted', {}, 62)]);
    expect(a.status).toBe('ABORTED');
    expect(a.failure).toBeNull();
    expect(a.runs[0]).toMatchObject({ status: 'ABORTED', exitedEventId: null, durationMs: 60000, error: null });
  });

  it('WaitStateAborted closes the Wait', () => {
    const a = analyze([execStarted(), entered(2, 0, 'Wait', 'Sleep'), ev(3, 2, 'WaitStateAborted'), ev(4, 3, 'ExecutionAborted', {})]);
    expect(a.runs[0]).toMatchObject({ status: 'ABORTED', exitedEventId: 3 });
  });

  it('partial history (no terminal event): RUNNING, open runs RUNNING', () => {
    const a = analyze([execStarted(), entered(2, 0, 'Pass', 'P'), exited(3, 2, 'Pass', 'P'), entered(4, 3, 'Task', 'T'), scheduled(5, 4)]);
    expect(a.status).toBe('RUNNING');
    expect(a.failure).toBeNull();
    expect(a.runs.map((r) => [r.stateName, r.status, r.durationMs, r.attempts])).toEqual([
      ['P', 'SUCCEEDED', 1000, 0],
      ['T', 'RUNNING', null, 1],
    ]);
  });

  it('keeps unknown event types, warns, and never crashes', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'T'),
      scheduled(3, 2),
      ev(4, 3, 'TaskHeartbeatReceived', { note: 'from the future' }),
      started(5, 4),
      succeeded(6, 5),
      exited(7, 6, 'Task', 'T'),
      ev(8, 7, 'ExecutionSucceeded', { output: '{}' }),
    ]);
    expect(a.eventCount).toBe(8);
    expect(a.warnings).toEqual(['unknown event type "TaskHeartbeatReceived"; kept (4)']);
    expect(brief(a.runs[0] as StateRun)).toEqual({ name: 'T', status: 'SUCCEEDED', attempts: 1, mapIndex: [], in: 2, out: 7 });
  });

  it('analyzeHistory reports an unknown type once (parse and analysis agree on the words)', () => {
    const a = analyzeHistory({ events: [execStarted(), ev(2, 1, 'BrandNewEvent'), ev(3, 2, 'ExecutionSucceeded')] });
    expect(a.warnings).toEqual(['unknown event type "BrandNewEvent"; kept (2)']);
    expect(a.status).toBe('SUCCEEDED');
  });

  it('survives garbage: events without names, dangling ids, exits without runs', () => {
    const a = analyze([
      ev(1, 0, 'ExecutionStarted'),
      ev(2, 0, 'PassStateEntered', {}),
      ev(3, 99, 'TaskStateExited', { name: 'Ghost' }),
      ev(4, 77, 'TaskStateAborted'),
      ev(5, 3, 'MapIterationFailed', { name: 'Nope', index: 'x' }),
      ev(6, 5, 'ExecutionFailed', {}),
    ]);
    expect(a.status).toBe('FAILED');
    expect(a.runs).toHaveLength(1);
    expect(a.warnings.length).toBeGreaterThan(0);
  });
});

describe('redrive', () => {
  const firstAttempt = [
    execStarted(),
    entered(2, 0, 'Task', 'Load'),
    scheduled(3, 2),
    started(4, 3),
    failed(5, 4, 'Glue.AWSGlueException'),
    ev(6, 5, 'ExecutionFailed', { error: 'Glue.AWSGlueException', cause: 'job failed' }),
    ev(7, 6, 'ExecutionRedriven', { redriveCount: 1 }),
    entered(8, 7, 'Task', 'Load'),
    scheduled(9, 8),
    started(10, 9),
  ];

  it('ExecutionRedriven after the terminal event: RUNNING; the state re-entered in attempt 1', () => {
    const a = analyze(firstAttempt);
    expect(a.status).toBe('RUNNING');
    expect(a.failure).toBeNull();
    expect(a.runs.map((r) => [r.stateName, r.status, r.redriveAttempt, r.attempts, r.exitedEventId])).toEqual([
      ['Load', 'FAILED', 0, 1, null],
      ['Load', 'RUNNING', 1, 1, null],
    ]);
    expect(a.runs[0]?.durationMs).toBe(4000); // entered at 2 s, execution failed at 6 s
  });

  it('a redrive that succeeds', () => {
    const a = analyze([...firstAttempt, succeeded(11, 10), exited(12, 11, 'Task', 'Load'), ev(13, 12, 'ExecutionSucceeded', { output: '{}' })]);
    expect(a.status).toBe('SUCCEEDED');
    expect(a.runs.map((r) => r.status)).toEqual(['FAILED', 'SUCCEEDED']);
  });
});

describe('CloudWatch Logs records', () => {
  const rec = (id: number, prev: number, type: string, details: Record<string, unknown>, ts: number) => ({
    id: String(id),
    type,
    details,
    previous_event_id: String(prev),
    event_timestamp: String(ts),
    execution_arn: 'arn:aws:states:us-east-1:123456789012:express:sm:n:u',
    redrive_count: '0',
  });

  it('level ALL: runs with JSON-string input/output, durations from epoch-ms strings', () => {
    const a = analyzeHistory(
      [
        rec(1, 0, 'ExecutionStarted', { input: '{"x":1}' }, 1700000000000),
        rec(2, 0, 'TaskStateEntered', { name: 'T', input: '{"x":1}', inputDetails: { truncated: false } }, 1700000000010),
        rec(3, 2, 'TaskScheduled', { resourceType: 'lambda', resource: 'invoke', region: 'us-east-1', parameters: '{"Payload":{"x":1}}' }, 1700000000020),
        rec(4, 3, 'TaskStarted', { resourceType: 'lambda', resource: 'invoke' }, 1700000000030),
        rec(5, 4, 'TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: '{"y":2}' }, 1700000000530),
        rec(6, 5, 'TaskStateExited', { name: 'T', output: '{"y":2}', outputDetails: { truncated: 'false' } }, 1700000000535),
        rec(7, 6, 'ExecutionSucceeded', { output: '{"y":2}' }, 1700000000540),
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    expect(a.status).toBe('SUCCEEDED');
    const run = a.runs[0] as StateRun;
    expect(brief(run)).toEqual({ name: 'T', status: 'SUCCEEDED', attempts: 1, mapIndex: [], in: 2, out: 6 });
    expect(run.durationMs).toBe(525);
    expect(run.input).toBe('{"x":1}');
    expect(decodePayload(run.output).value).toEqual({ y: 2 });
    expect(decodePayload(run.taskAttempts?.[0]?.parameters).value).toEqual({ Payload: { x: 1 } });
  });

  it('level ERROR: no StateEntered events -> no runs, failure without a state', () => {
    const a = analyzeHistory([
      rec(5, 4, 'TaskFailed', { resourceType: 'lambda', resource: 'invoke', error: 'Boom', cause: 'x' }, 1700000000500),
      rec(6, 5, 'ExecutionFailed', { error: 'Boom', cause: 'x' }, 1700000000501),
    ]);
    expect(a.status).toBe('FAILED');
    expect(a.runs).toEqual([]);
    expect(a.failure).toEqual({ error: 'Boom', cause: 'x', stateName: null, runIndex: null });
    expect(a.warnings).toEqual([]);
  });

  it('level ERROR with a Fail state: the Fail state is the run and the failure', () => {
    const a = analyzeHistory([
      rec(2, 0, 'FailStateEntered', { name: 'FailState' }, 1700000000010),
      rec(3, 2, 'ExecutionFailed', { error: 'SomeFailure', cause: 'why' }, 1700000000011),
    ]);
    expect(a.failure).toEqual({ error: 'SomeFailure', cause: 'why', stateName: 'FailState', runIndex: 0 });
    expect(a.runs.map((r) => [r.stateName, r.stateType, r.status, r.durationMs])).toEqual([['FailState', 'Fail', 'FAILED', 1]]);
  });

  it('level FATAL: just the terminal event', () => {
    const a = analyzeHistory([rec(3, 2, 'ExecutionFailed', { error: 'States.Runtime', cause: 'c' }, 1700000000011)]);
    expect(a).toMatchObject({ status: 'FAILED', eventCount: 1, runs: [], failure: { error: 'States.Runtime', cause: 'c', stateName: null } });
  });
});
