import { describe, expect, it } from 'vitest';
import type { TaskRequest } from '../../../../lib/emulator/engine-contract.ts';
import { EmulatorTaskRunner, parseMockConfig } from '../../../../lib/emulator/server/task-runner.ts';

const config = parseMockConfig({
  StateMachines: { Orders: { TestCases: { RetryPath: { Charge: 'ChargeFlaky' } } } },
  MockedResponses: {
    ChargeFlaky: {
      '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'boom' } },
      '1-2': { Return: { StatusCode: 200, Payload: { ok: true } } },
    },
  },
});

function request(overrides: Partial<TaskRequest>): TaskRequest {
  return {
    executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Orders:e1',
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders',
    stateName: 'Charge',
    resource: 'arn:aws:states:::lambda:invoke',
    parameters: {},
    callIndex: 0,
    testCase: 'RetryPath',
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('EmulatorTaskRunner', () => {
  const runner = new EmulatorTaskRunner(config);

  it('answers mock responses by call index and range', async () => {
    expect(await runner.run(request({ callIndex: 0 }))).toEqual({ ok: false, error: 'Lambda.ServiceException', cause: 'boom' });
    expect(await runner.run(request({ callIndex: 1 }))).toEqual({ ok: true, output: { StatusCode: 200, Payload: { ok: true } } });
    expect(await runner.run(request({ callIndex: 2 }))).toMatchObject({ ok: true });
  });

  it('fails with States.TaskFailed naming the state past the last key', async () => {
    const result = await runner.run(request({ callIndex: 3 }));
    expect(result).toMatchObject({ ok: false, error: 'States.TaskFailed' });
    expect(!result.ok && result.cause).toContain("state 'Charge'");
  });

  it('uses the root state machine for Map Run children', async () => {
    const child = request({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Orders/MapLabel', callIndex: 1 });
    expect(await runner.run(child)).toMatchObject({ ok: true });
  });

  it('falls back to handlers by resource, then by FunctionName without qualifier', async () => {
    const local = new EmulatorTaskRunner();
    local.register('arn:aws:lambda:us-east-1:123456789012:function:charge', async (r) => ({ ok: true, output: { via: 'fn', index: r.callIndex } }));
    const viaFunctionName = request({
      testCase: null,
      parameters: { FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:charge:$LATEST' },
    });
    expect(await local.run(viaFunctionName)).toEqual({ ok: true, output: { via: 'fn', index: 0 } });
    local.register('arn:aws:states:::lambda:invoke', async () => ({ ok: true, output: 'generic' }));
    expect(await local.run(viaFunctionName)).toEqual({ ok: true, output: 'generic' });
  });

  it('turns a throwing handler into a task failure', async () => {
    const local = new EmulatorTaskRunner();
    local.register('arn:aws:states:::lambda:invoke', async () => {
      throw new TypeError('bad payload');
    });
    expect(await local.run(request({ testCase: null }))).toEqual({ ok: false, error: 'TypeError', cause: 'bad payload' });
  });

  it('fails clearly when there is neither a mock nor a handler', async () => {
    const result = await new EmulatorTaskRunner().run(request({ testCase: null }));
    expect(result).toMatchObject({ ok: false, error: 'States.TaskFailed' });
    expect(!result.ok && result.cause).toMatch(/state 'Charge'.*arn:aws:states:::lambda:invoke/);
  });

  it('rejects malformed mock configs with a message naming the problem', () => {
    expect(() => parseMockConfig([])).toThrow(/JSON object/);
    expect(() => parseMockConfig({ StateMachines: { A: { TestCases: { T: { S: 'Missing' } } } }, MockedResponses: {} })).toThrow(/no MockedResponses entry "Missing"/);
    expect(() => parseMockConfig({ MockedResponses: { R: { first: { Return: 1 } } } })).toThrow(/key "first"/);
    expect(() => parseMockConfig({ MockedResponses: { R: { '0': {} } } })).toThrow(/Return" or "Throw/);
  });
});
