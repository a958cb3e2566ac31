// buildTestCase: a recorded history → a Step Functions Local test case (DESIGN.md §2.10): one
// response per Task state, keys counting its calls from 0 with equal neighbours merged into ranges,
// timeouts as a Throw of States.Timeout, calls still running left out (and listed), the input from
// ExecutionStarted, placeholder Task resources recovered from the recording; the emulator's
// parseMockConfig accepts what it writes.
import { describe, expect, it } from 'vitest';
import { parseMockConfig } from '../../../lib/emulator/index.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import { buildTestCase, executionInputText, testCaseNameOf } from '../../../lib/history/test-case.ts';
import { entered, ev, execStarted, exited, failed, scheduled, started, succeeded } from './build-events.ts';

const definition = {
  StartAt: 'Charge',
  States: { Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 5 }], End: true } },
};

/** A history of Charge called once per listed outcome, in order; a pending call ends it. */
function chargeHistory(outcomes: Array<'busy' | 'ok' | 'okOther' | 'timeout' | 'pending'>) {
  const events = [execStarted(), entered(2, 1, 'Task', 'Charge')];
  let id = 3;
  let prev = 2;
  for (const outcome of outcomes) {
    events.push(scheduled(id, prev), started(id + 1, id));
    const closing = id + 2;
    if (outcome === 'busy') events.push(failed(closing, id + 1, 'Card.Busy'));
    else if (outcome === 'ok') events.push(succeeded(closing, id + 1));
    else if (outcome === 'okOther') events.push(ev(closing, id + 1, 'TaskSucceeded', { resourceType: 'lambda', resource: 'invoke', output: '{"ok":"other"}' }));
    else if (outcome === 'timeout') events.push(ev(closing, id + 1, 'TaskTimedOut', { resourceType: 'lambda', resource: 'invoke', error: 'States.Timeout' }));
    if (outcome === 'pending') break;
    prev = closing;
    id += 3;
  }
  return parseHistory(events).events;
}

describe('buildTestCase', () => {
  it('writes one response per Task state, equal consecutive calls merged into ranges', () => {
    const events = chargeHistory(['busy', 'busy', 'ok', 'ok', 'okOther']);
    const testCase = buildTestCase({ stateMachineName: 'Orders', testCaseName: 'run-1', events, definition });
    expect(testCase.mockConfig).toEqual({
      StateMachines: { Orders: { TestCases: { 'run-1': { Charge: 'run-1.Charge' } } } },
      MockedResponses: {
        'run-1.Charge': {
          '0-1': { Throw: { Error: 'Card.Busy', Cause: 'Card.Busy cause' } },
          '2-3': { Return: { ok: true } },
          '4': { Return: { ok: 'other' } },
        },
      },
    });
    expect(testCase).toMatchObject({ stateMachineName: 'Orders', testCase: 'run-1', input: '{"a":1}', omittedCalls: [], definitionChanges: [] });
    // A definition that ran as given is handed on as it is.
    expect(testCase.definition).toBe(definition);
    expect(parseMockConfig(testCase.mockConfig)).toBe(testCase.mockConfig);
  });

  it('turns a timeout into a Throw of States.Timeout and leaves a call still running out (a gap), listing it', () => {
    const events = chargeHistory(['timeout', 'busy', 'pending']);
    const testCase = buildTestCase({ stateMachineName: 'Orders', testCaseName: 'run-2', events, definition });
    expect(testCase.mockConfig.MockedResponses?.['run-2.Charge']).toEqual({
      '0': { Throw: { Error: 'States.Timeout' } },
      '1': { Throw: { Error: 'Card.Busy', Cause: 'Card.Busy cause' } },
    });
    expect(testCase.omittedCalls).toEqual([{ stateName: 'Charge', call: 2, reason: expect.stringContaining('still running') }]);
    // The replay's own list keeps every call, the running one included.
    expect(testCase.outcomes.byState.Charge).toEqual([
      { TimedOut: { Error: 'States.Timeout' } },
      { Throw: { Error: 'Card.Busy', Cause: 'Card.Busy cause' } },
      { Pending: true },
    ]);
    parseMockConfig(testCase.mockConfig);
  });

  it('names no response for a state whose only call was still running', () => {
    const testCase = buildTestCase({ stateMachineName: 'Orders', testCaseName: 'c', events: chargeHistory(['pending']), definition });
    expect(testCase.mockConfig).toEqual({ StateMachines: { Orders: { TestCases: { c: {} } } }, MockedResponses: {} });
    parseMockConfig(testCase.mockConfig);
  });

  it('recovers a placeholder Resource from the recording and says so; an ARN stays', () => {
    const template = {
      StartAt: 'Charge',
      States: {
        Charge: { Type: 'Task', Resource: '_tbd_', Next: 'Notify' },
        Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', End: true },
      },
    };
    const events = parseHistory([
      execStarted(),
      entered(2, 1, 'Task', 'Charge'),
      scheduled(3, 2),
      started(4, 3),
      succeeded(5, 4),
      exited(6, 5, 'Task', 'Charge'),
    ]).events;
    const testCase = buildTestCase({ stateMachineName: 'M', testCaseName: 'c', events, definition: template, executionArn: 'arn:aws:states:eu-west-1:210987654321:execution:M:c' });
    expect(testCase.definition).toEqual({ ...template, States: { ...template.States, Charge: { ...template.States.Charge, Resource: 'arn:aws:states:::lambda:invoke' } } });
    expect(template.States.Charge.Resource).toBe('_tbd_');
    expect(testCase.definitionChanges).toEqual([`Task 'Charge': Resource "_tbd_" is not an ARN; the recording scheduled arn:aws:states:::lambda:invoke`]);
  });

  it('takes the input from ExecutionStarted as StartExecution received it, parsed or not', () => {
    expect(executionInputText(parseHistory([ev(1, 0, 'ExecutionStarted', { input: '{ "a" : 1 }' })]).events)).toBe('{ "a" : 1 }');
    expect(executionInputText(parseHistory([ev(1, 0, 'ExecutionStarted', { input: { a: [1] } })]).events)).toBe('{"a":[1]}');
    expect(executionInputText(parseHistory([ev(1, 0, 'ExecutionStarted', {})]).events, { b: 2 })).toBe('{"b":2}');
    expect(executionInputText([])).toBe('{}');
  });

  it('makes a test case name that survives `<arn>#<case>`', () => {
    expect(testCaseNameOf('order-42_retry')).toBe('order-42_retry');
    expect(testCaseNameOf('a#b c')).toBe('a-b-c');
    expect(testCaseNameOf('')).toBe('Recorded');
  });
});
