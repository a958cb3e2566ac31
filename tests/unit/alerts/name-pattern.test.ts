import { describe, expect, it } from 'vitest';
import { matchesError, matchesGlob, matchesStateMachine } from '../../../lib/alerts/index.ts';

const ORDERS = { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:order-fulfilment', stateMachineName: 'order-fulfilment' };

describe('alert rule patterns', () => {
  it('globs: * any run, ? one character, everything else literal', () => {
    expect(matchesGlob('*', '')).toBe(true);
    expect(matchesGlob('order-*', 'order-fulfilment')).toBe(true);
    expect(matchesGlob('order-*', 'Order-fulfilment')).toBe(false);
    expect(matchesGlob('order-?', 'order-1')).toBe(true);
    expect(matchesGlob('order-?', 'order-12')).toBe(false);
    expect(matchesGlob('a.b', 'aXb')).toBe(false);
    expect(matchesGlob('a.b', 'a.b')).toBe(true);
    expect(matchesGlob('(x)+[y]', '(x)+[y]')).toBe(true);
    expect(matchesGlob('*.Timeout', 'States.Timeout')).toBe(true);
  });

  it('a state machine pattern compares names, or ARNs when it starts with arn:', () => {
    expect(matchesStateMachine('order-fulfilment', ORDERS)).toBe(true);
    expect(matchesStateMachine('order-*', ORDERS)).toBe(true);
    expect(matchesStateMachine('sales-*', ORDERS)).toBe(false);
    expect(matchesStateMachine(ORDERS.stateMachineArn, ORDERS)).toBe(true);
    expect(matchesStateMachine('arn:aws:states:us-east-1:*:stateMachine:order-*', ORDERS)).toBe(true);
    expect(matchesStateMachine('arn:aws:states:eu-west-1:*', ORDERS)).toBe(false);
    // A name pattern never matches against the ARN text.
    expect(matchesStateMachine('*:stateMachine:order-fulfilment', ORDERS)).toBe(false);
  });

  it('an error pattern: null matches any, a pattern never matches a missing error', () => {
    expect(matchesError(null, null)).toBe(true);
    expect(matchesError(null, 'X')).toBe(true);
    expect(matchesError('States.*', null)).toBe(false);
    expect(matchesError('States.*', 'States.TaskFailed')).toBe(true);
    expect(matchesError('States.Timeout', 'States.TaskFailed')).toBe(false);
  });
});
