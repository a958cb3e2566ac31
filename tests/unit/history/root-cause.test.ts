// failure.rootCause (DESIGN.md §2.5 rootCauses): hand-built histories in the wire shape, with the
// linkage AWS writes (sfn-facts.md §2.4: TaskFailed -> TaskStateExited -> <Catch.Next>StateEntered;
// MapIterationFailed -> MapStateFailed -> MapStateExited -> next; ParallelStateFailed ->
// ParallelStateExited -> next).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeExecution, analyzeHistory, parseHistory, type ExecutionAnalysis } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited, failed, scheduled, started, succeeded, type WireEvent } from './build-events.ts';

function analyze(events: WireEvent[], definition?: unknown): ExecutionAnalysis {
  return analyzeExecution(parseHistory({ events }).events, { definition });
}

const ref = (stateName: string, runIndex: number) => ({ stateName, runIndex });
const execFailed = (id: number, prev: number, error: string) => ev(id, prev, 'ExecutionFailed', { error, cause: `${error} cause` });

describe('failure.rootCause', () => {
  it('Task caught directly: the Task and its last failed attempt', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'Charge'),
      scheduled(3, 2),
      started(4, 3),
      failed(5, 4, 'Card.Declined'),
      scheduled(6, 5),
      started(7, 6),
      failed(8, 7, 'Card.Declined'),
      exited(9, 8, 'Task', 'Charge'),
      entered(10, 9, 'Pass', 'Notify'),
      exited(11, 10, 'Pass', 'Notify'),
      entered(12, 11, 'Fail', 'PaymentFailed'),
      execFailed(13, 12, 'PaymentFailed'),
    ]);
    expect(a.runs.map((r) => r.status)).toEqual(['CAUGHT', 'SUCCEEDED', 'FAILED']);
    expect(a.failure).toMatchObject({ stateName: 'PaymentFailed', runIndex: 2, error: 'PaymentFailed' });
    expect(a.failure?.rootCause).toEqual({
      stateName: 'Charge',
      error: 'Card.Declined',
      cause: 'Card.Declined cause',
      runIndex: 0,
      mapIndex: [],
      branchIndex: null,
      attempt: 2,
      caughtBy: ref('Charge', 0),
      path: [ref('Charge', 0), ref('Notify', 1), ref('PaymentFailed', 2)],
    });
  });

  // The demo's sales-etl: the Map's Catch goes to ReportFailure, then to the Fail state.
  const salesEtl = [
    execStarted(),
    entered(2, 0, 'Map', 'TransformRecords'),
    ev(3, 2, 'MapStateStarted', { length: 2 }),
    ev(4, 3, 'MapIterationStarted', { name: 'TransformRecords', index: 0 }),
    ev(5, 3, 'MapIterationStarted', { name: 'TransformRecords', index: 1 }),
    entered(6, 4, 'Task', 'TransformRecord'),
    entered(7, 5, 'Task', 'TransformRecord'),
    scheduled(8, 6),
    scheduled(9, 7),
    started(10, 8),
    started(11, 9),
    succeeded(12, 10),
    exited(13, 12, 'Task', 'TransformRecord'),
    ev(14, 13, 'MapIterationSucceeded', { name: 'TransformRecords', index: 0 }),
    failed(15, 11, 'Runtime.ExitError'),
    ev(16, 15, 'MapIterationFailed', { name: 'TransformRecords', index: 1 }),
    ev(17, 16, 'MapStateFailed'),
    exited(18, 17, 'Map', 'TransformRecords'),
    entered(19, 18, 'Task', 'ReportFailure'),
    scheduled(20, 19),
    started(21, 20),
    succeeded(22, 21),
    exited(23, 22, 'Task', 'ReportFailure'),
    entered(24, 23, 'Fail', 'BatchFailed'),
    execFailed(25, 24, 'BatchFailed'),
  ];

  it('Map iteration caught by the Map: the innermost run of the failed iteration', () => {
    const a = analyze(salesEtl);
    expect(a.runs.map((r) => [r.stateName, r.status])).toEqual([
      ['TransformRecords', 'CAUGHT'],
      ['TransformRecord', 'SUCCEEDED'],
      ['TransformRecord', 'FAILED'],
      ['ReportFailure', 'SUCCEEDED'],
      ['BatchFailed', 'FAILED'],
    ]);
    expect(a.failure).toMatchObject({ stateName: 'BatchFailed', runIndex: 4 });
    expect(a.failure?.rootCause).toEqual({
      stateName: 'TransformRecord',
      error: 'Runtime.ExitError',
      cause: 'Runtime.ExitError cause',
      runIndex: 2,
      mapIndex: [1],
      branchIndex: null,
      attempt: 1,
      caughtBy: ref('TransformRecords', 0),
      path: [ref('TransformRecords', 0), ref('ReportFailure', 3), ref('BatchFailed', 4)],
    });
  });

  it('Parallel branch caught by the Parallel: the run inside the branch, with its branch index', () => {
    const definition = {
      StartAt: 'Par',
      States: {
        Par: {
          Type: 'Parallel',
          Next: 'Unused',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } },
            {
              StartAt: 'Prep',
              States: {
                Prep: { Type: 'Pass', Next: 'Boom' },
                Boom: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
              },
            },
          ],
        },
        Unused: { Type: 'Succeed' },
        Done: { Type: 'Fail', Error: 'Done' },
      },
    };
    const a = analyze(
      [
        execStarted(),
        entered(2, 0, 'Parallel', 'Par'),
        ev(3, 2, 'ParallelStateStarted'),
        entered(4, 3, 'Task', 'Slow'),
        entered(5, 3, 'Pass', 'Prep'),
        exited(6, 5, 'Pass', 'Prep'),
        entered(7, 6, 'Task', 'Boom'),
        scheduled(8, 4),
        scheduled(9, 7),
        started(10, 8),
        started(11, 9),
        failed(12, 11, 'Boom.Error'),
        ev(13, 12, 'TaskStateAborted'),
        ev(14, 12, 'TaskStateAborted'),
        ev(15, 12, 'ParallelStateFailed'),
        exited(16, 15, 'Parallel', 'Par'),
        entered(17, 16, 'Fail', 'Done'),
        execFailed(18, 17, 'Done'),
      ],
      definition,
    );
    expect(a.runs.map((r) => [r.stateName, r.status])).toEqual([
      ['Par', 'CAUGHT'],
      ['Slow', 'ABORTED'],
      ['Prep', 'SUCCEEDED'],
      ['Boom', 'FAILED'],
      ['Done', 'FAILED'],
    ]);
    expect(a.failure?.rootCause).toEqual({
      stateName: 'Boom',
      error: 'Boom.Error',
      cause: 'Boom.Error cause',
      runIndex: 3,
      mapIndex: [],
      branchIndex: 1,
      attempt: 1,
      caughtBy: ref('Par', 0),
      path: [ref('Par', 0), ref('Done', 4)],
    });
  });

  it('two Catches in a row: the root is the first raise', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'Load'),
      scheduled(3, 2),
      started(4, 3),
      failed(5, 4, 'Load.Error'),
      exited(6, 5, 'Task', 'Load'),
      entered(7, 6, 'Task', 'Compensate'),
      scheduled(8, 7),
      started(9, 8),
      failed(10, 9, 'Compensate.Error'),
      exited(11, 10, 'Task', 'Compensate'),
      entered(12, 11, 'Pass', 'Log'),
      exited(13, 12, 'Pass', 'Log'),
      entered(14, 13, 'Fail', 'Stop'),
      execFailed(15, 14, 'Stop'),
    ]);
    expect(a.runs.map((r) => r.status)).toEqual(['CAUGHT', 'CAUGHT', 'SUCCEEDED', 'FAILED']);
    expect(a.failure?.rootCause).toMatchObject({
      stateName: 'Load',
      error: 'Load.Error',
      runIndex: 0,
      attempt: 1,
      caughtBy: ref('Load', 0),
      path: [ref('Load', 0), ref('Compensate', 1), ref('Log', 2), ref('Stop', 3)],
    });
  });

  it('a Catch inside the failed iteration of a Map whose Catch took the iteration failure', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Map', 'Items'),
      ev(3, 2, 'MapStateStarted', { length: 1 }),
      ev(4, 3, 'MapIterationStarted', { name: 'Items', index: 0 }),
      entered(5, 4, 'Task', 'Work'),
      scheduled(6, 5),
      started(7, 6),
      failed(8, 7, 'Work.Error'),
      exited(9, 8, 'Task', 'Work'),
      entered(10, 9, 'Fail', 'ItemFailed'),
      ev(11, 10, 'MapIterationFailed', { name: 'Items', index: 0 }),
      ev(12, 11, 'MapStateFailed'),
      exited(13, 12, 'Map', 'Items'),
      entered(14, 13, 'Fail', 'BatchFailed'),
      execFailed(15, 14, 'BatchFailed'),
    ]);
    expect(a.runs.map((r) => [r.stateName, r.status])).toEqual([
      ['Items', 'CAUGHT'],
      ['Work', 'CAUGHT'],
      ['ItemFailed', 'FAILED'],
      ['BatchFailed', 'FAILED'],
    ]);
    expect(a.failure?.rootCause).toMatchObject({
      stateName: 'Work',
      error: 'Work.Error',
      runIndex: 1,
      mapIndex: [0],
      caughtBy: ref('Work', 1),
      path: [ref('Work', 1), ref('ItemFailed', 2), ref('Items', 0), ref('BatchFailed', 3)],
    });
  });

  it('a failure inside a Map iteration whose Map was reached through a Catch', () => {
    const a = analyze([
      execStarted(),
      entered(2, 0, 'Task', 'Fetch'),
      scheduled(3, 2),
      started(4, 3),
      failed(5, 4, 'Fetch.Error'),
      exited(6, 5, 'Task', 'Fetch'),
      entered(7, 6, 'Map', 'Retry'),
      ev(8, 7, 'MapStateStarted', { length: 1 }),
      ev(9, 8, 'MapIterationStarted', { name: 'Retry', index: 0 }),
      entered(10, 9, 'Task', 'Again'),
      scheduled(11, 10),
      started(12, 11),
      failed(13, 12, 'Again.Error'),
      ev(14, 13, 'MapIterationFailed', { name: 'Retry', index: 0 }),
      ev(15, 14, 'MapStateFailed'),
      execFailed(16, 15, 'Again.Error'),
    ]);
    expect(a.failure).toMatchObject({ stateName: 'Again', runIndex: 2 });
    expect(a.failure?.rootCause).toMatchObject({
      stateName: 'Fetch',
      error: 'Fetch.Error',
      runIndex: 0,
      caughtBy: ref('Fetch', 0),
      path: [ref('Fetch', 0), ref('Retry', 1), ref('Again', 2)],
    });
  });

  describe('not reached through a Catch: no rootCause (the failure is the root)', () => {
    it('an uncaught Task failure after retries', () => {
      const a = analyze([
        execStarted(),
        entered(2, 0, 'Task', 'T'),
        scheduled(3, 2),
        started(4, 3),
        failed(5, 4, 'E'),
        scheduled(6, 5),
        started(7, 6),
        failed(8, 7, 'E'),
        execFailed(9, 8, 'E'),
      ]);
      expect(a.failure).toEqual({ error: 'E', cause: 'E cause', stateName: 'T', runIndex: 0 });
      expect(a.failure?.rootCause ?? null).toBeNull();
      expect('rootCause' in (a.failure ?? {})).toBe(false);
    });

    it('a Fail state after a Task that was retried to success', () => {
      const a = analyze([
        execStarted(),
        entered(2, 0, 'Task', 'T'),
        scheduled(3, 2),
        started(4, 3),
        failed(5, 4, 'Transient'),
        scheduled(6, 5),
        started(7, 6),
        succeeded(8, 7),
        exited(9, 8, 'Task', 'T'),
        entered(10, 9, 'Choice', 'Check'),
        exited(11, 10, 'Choice', 'Check'),
        entered(12, 11, 'Fail', 'Invalid'),
        execFailed(13, 12, 'Invalid'),
      ]);
      expect(a.runs.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'FAILED']);
      expect(a.failure).toMatchObject({ stateName: 'Invalid', runIndex: 2 });
      expect(a.failure?.rootCause).toBeUndefined();
    });

    it('an uncaught Map iteration failure', () => {
      const a = analyze([
        execStarted(),
        entered(2, 0, 'Map', 'M'),
        ev(3, 2, 'MapStateStarted', { length: 1 }),
        ev(4, 3, 'MapIterationStarted', { name: 'M', index: 0 }),
        entered(5, 4, 'Task', 'T'),
        scheduled(6, 5),
        started(7, 6),
        failed(8, 7, 'E'),
        ev(9, 8, 'MapIterationFailed', { name: 'M', index: 0 }),
        ev(10, 9, 'MapStateFailed'),
        execFailed(11, 10, 'E'),
      ]);
      expect(a.failure).toMatchObject({ stateName: 'T', runIndex: 1 });
      expect(a.failure?.rootCause).toBeUndefined();
    });

    it('a succeeded or running execution has no failure at all', () => {
      const a = analyze([execStarted(), entered(2, 0, 'Pass', 'P'), exited(3, 2, 'Pass', 'P'), ev(4, 3, 'ExecutionSucceeded', { output: '{}' })]);
      expect(a.failure).toBeNull();
    });
  });
});

describe('failure.rootCause in the recorded corpus', () => {
  const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/aws-histories');
  const read = (file: string) => analyzeHistory(readFileSync(path.join(corpus, file), 'utf8'));

  it('Map iteration: ProcessItem caught after its retries, then Fallback failed evaluating', () => {
    const a = read('test_error_output__TestStateVariablesTemplate.test_map_catch_error-MAP_CATCH_ERROR_OUTPUT_WITH_RETRY__0.json');
    expect(a.failure).toMatchObject({ stateName: 'Fallback', error: 'States.QueryEvaluationError' });
    expect(a.failure?.rootCause).toMatchObject({
      stateName: 'ProcessItem',
      error: 'Exception',
      mapIndex: [0],
      attempt: 2,
      caughtBy: { stateName: 'ProcessItem' },
      path: [{ stateName: 'ProcessItem' }, { stateName: 'Fallback' }],
    });
  });

  it('callback task caught, then a Fail state', () => {
    const a = read('test_sfn_scenarios__TestFundamental.test_wait_for_callback__1.json');
    expect(a.failure).toMatchObject({ stateName: 'Fail State' });
    expect(a.failure?.rootCause).toMatchObject({
      stateName: 'Start Task And Wait For Callback',
      error: 'IntentionalFail',
      attempt: 1,
      caughtBy: { stateName: 'Start Task And Wait For Callback' },
      path: [{ stateName: 'Start Task And Wait For Callback' }, { stateName: 'Fail State' }],
    });
  });

  it('an uncaught Lambda failure in a machine with a Catch elsewhere has none', () => {
    expect(read('test_task_lambda__TestTaskLambda.test_no_such_function__0.json').failure?.rootCause).toBeUndefined();
  });
});
