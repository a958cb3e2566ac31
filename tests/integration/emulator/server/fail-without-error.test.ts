// DescribeExecution of an execution that ended in a Fail state without Error (or Cause): AWS leaves
// both fields out (the corpus's recorded test_state_fail_empty DescribeExecution), and its
// ExecutionFailed has empty details; with an Error only, only cause is left out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';
import { CORPUS } from '../parity/recorded-history.ts';

const recorded = JSON.parse(readFileSync(path.join(CORPUS, 'test_base__TestSnfBase.test_state_fail_empty__0.json'), 'utf8')) as {
  definition: Record<string, unknown>;
  describeExecution: Record<string, unknown>;
};

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.close();
});

async function runToEnd(name: string, definition: unknown) {
  const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE_ARN }));
  const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
  const described = await waitFor(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, 10_000, 'execution end');
  const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
  return { described, history: history.events ?? [] };
}

describe('Fail state without Error', () => {
  it('DescribeExecution has neither error nor cause, as recorded from AWS', async () => {
    const { described, history } = await runToEnd('FailEmpty', recorded.definition);
    expect(described.status).toBe('FAILED');
    expect(recorded.describeExecution).not.toHaveProperty('error');
    expect(recorded.describeExecution).not.toHaveProperty('cause');
    expect(described).not.toHaveProperty('error');
    expect(described).not.toHaveProperty('cause');
    expect(history.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: {} });
    expect(history.at(-1)?.executionFailedEventDetails?.error).toBeUndefined();
  });

  it('a Fail inside a Parallel branch with only a Cause: the execution has the cause and no error', async () => {
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Cause: 'no error name' } } }], End: true } } };
    const { described } = await runToEnd('FailCauseOnly', def);
    expect(described.status).toBe('FAILED');
    expect(described).not.toHaveProperty('error');
    expect(described.cause).toBe('no error name');
  });
});
