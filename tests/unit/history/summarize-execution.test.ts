import { describe, expect, it } from 'vitest';
import { parseHistory, summarizeExecution } from '../../../lib/history/index.ts';
import { entered, ev, exited } from './build-events.ts';

describe('summarizeExecution', () => {
  it('Standard history: dates, input/output, ARNs from ExecutionStarted', () => {
    const events = parseHistory({
      events: [
        ev(1, 0, 'ExecutionStarted', {
          input: '{"a":1}',
          roleArn: 'arn:aws:iam::123456789012:role/r',
          stateMachineAliasArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm:PROD',
          stateMachineVersionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm:3',
        }, 0),
        entered(2, 0, 'Pass', 'P', 0.5),
        exited(3, 2, 'Pass', 'P', 0.7),
        ev(4, 3, 'ExecutionSucceeded', { output: '{"b":2}' }, 1.25),
      ],
    }).events;
    expect(summarizeExecution(events)).toEqual({
      status: 'SUCCEEDED',
      startDate: Date.UTC(2025, 0, 15, 12, 0, 0),
      stopDate: Date.UTC(2025, 0, 15, 12, 0, 1, 250),
      input: '{"a":1}',
      output: '{"b":2}',
      error: null,
      cause: null,
      redriveCount: 0,
      executionArn: null,
      stateMachineAliasArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm:PROD',
      stateMachineVersionArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm:3',
      roleArn: 'arn:aws:iam::123456789012:role/r',
    });
  });

  it('redriven and running again: no stop date, redriveCount counted', () => {
    const events = parseHistory({
      events: [
        ev(1, 0, 'ExecutionStarted', { input: '{}' }),
        ev(2, 1, 'ExecutionFailed', { error: 'E', cause: 'C' }),
        ev(3, 2, 'ExecutionRedriven', { redriveCount: 1 }),
      ],
    }).events;
    expect(summarizeExecution(events)).toMatchObject({ status: 'RUNNING', stopDate: null, error: null, redriveCount: 1 });
  });

  it('CloudWatch Logs records: ARN and redrive_count from the records, error from the terminal record', () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:express:sm:n:u';
    const events = parseHistory([
      { id: '1', type: 'ExecutionStarted', details: { input: '{}' }, previous_event_id: '0', event_timestamp: '1700000000000', execution_arn: arn, redrive_count: '2' },
      { id: '2', type: 'ExecutionFailed', details: { error: 'E', cause: { m: 1 } }, previous_event_id: '1', event_timestamp: '1700000000900', execution_arn: arn, redrive_count: '2' },
    ]).events;
    expect(summarizeExecution(events)).toMatchObject({
      status: 'FAILED',
      startDate: 1700000000000,
      stopDate: 1700000000900,
      error: 'E',
      cause: '{"m":1}',
      redriveCount: 2,
      executionArn: arn,
    });
  });
});
