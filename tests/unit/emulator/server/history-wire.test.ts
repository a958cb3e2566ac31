import { describe, expect, it } from 'vitest';
import { levelIncludes, toHistoryEvent, toLogRecord } from '../../../../lib/emulator/server/history-wire.ts';

describe('toHistoryEvent', () => {
  it('wraps details under the model key, timestamps in epoch seconds', () => {
    expect(toHistoryEvent({ id: 2, previousEventId: 0, type: 'TaskStateEntered', timestamp: 1700000000123, details: { name: 'A', input: '{}' } })).toEqual({
      timestamp: 1700000000.123,
      type: 'TaskStateEntered',
      id: 2,
      previousEventId: 0,
      stateEnteredEventDetails: { name: 'A', input: '{}' },
    });
    expect(toHistoryEvent({ id: 5, previousEventId: 4, type: 'PassStateExited', timestamp: 0, details: { name: 'A' } })).toHaveProperty('stateExitedEventDetails');
    expect(toHistoryEvent({ id: 5, previousEventId: 4, type: 'MapIterationStarted', timestamp: 0, details: { name: 'M', index: 0 } })).toHaveProperty(
      'mapIterationStartedEventDetails',
    );
    expect(toHistoryEvent({ id: 5, previousEventId: 4, type: 'MapRunStarted', timestamp: 0, details: { mapRunArn: 'x' } })).toHaveProperty('mapRunStartedEventDetails');
    // Types without a details member carry none.
    expect(Object.keys(toHistoryEvent({ id: 6, previousEventId: 5, type: 'LambdaFunctionStarted', timestamp: 0, details: {} }))).toEqual([
      'timestamp',
      'type',
      'id',
      'previousEventId',
    ]);
  });

  it('strips execution data when asked', () => {
    const event = toHistoryEvent({ id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 0, details: { input: '{}', inputDetails: { truncated: false }, roleArn: 'r' } }, false);
    expect(event.executionStartedEventDetails).toEqual({ roleArn: 'r' });
  });
});

describe('CloudWatch Logs records', () => {
  it('writes string scalars and unwrapped details', () => {
    const record = JSON.parse(toLogRecord({ id: 3, previousEventId: 2, type: 'PassStateExited', timestamp: 1668095539607, details: { name: 'S', output: '{"a":1}', outputDetails: { truncated: false } } }, 'arn:x', 0, true)) as unknown;
    expect(record).toEqual({
      id: '3',
      type: 'PassStateExited',
      details: { name: 'S', output: '{"a":1}', outputDetails: { truncated: false } },
      previous_event_id: '2',
      event_timestamp: '1668095539607',
      execution_arn: 'arn:x',
      redrive_count: '0',
    });
    const without = JSON.parse(toLogRecord({ id: 4, previousEventId: 3, type: 'ExecutionSucceeded', timestamp: 0, details: { output: '{}', outputDetails: { truncated: false } } }, 'arn:x', 1, false)) as { details: unknown; redrive_count: string };
    expect(without.details).toEqual({});
    expect(without.redrive_count).toBe('1');
  });

  it('filters by level as the CloudWatch Logs table says', () => {
    expect(levelIncludes('ALL', 'PassStateEntered')).toBe(true);
    expect(levelIncludes('ERROR', 'PassStateEntered')).toBe(false);
    expect(levelIncludes('ERROR', 'FailStateEntered')).toBe(true);
    expect(levelIncludes('ERROR', 'TaskFailed')).toBe(true);
    expect(levelIncludes('FATAL', 'TaskFailed')).toBe(false);
    expect(levelIncludes('FATAL', 'ExecutionFailed')).toBe(true);
    expect(levelIncludes('OFF', 'ExecutionFailed')).toBe(false);
  });
});
