// AWS-shaped errors, --aws-quotas, --fault-rate and --retention-seconds.
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';

const pass = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });
const SM = 'arn:aws:states:us-east-1:123456789012:stateMachine:';

async function raw(url: string, target: string, body: string, contentType = 'application/x-amz-json-1.0'): Promise<{ status: number; json: Record<string, unknown>; requestId: string | null }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, 'x-amz-target': target }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, requestId: response.headers.get('x-amzn-requestid') };
}

describe('errors', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
    await t.sfn.send(new CreateStateMachineCommand({ name: 'Exists', definition: pass, roleArn: ROLE_ARN }));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers unknown operations, malformed bodies and missing members in the AWS shape', async () => {
    const unknown = await raw(t.emulator.url, 'AWSStepFunctions.Frobnicate', '{}');
    expect(unknown).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(unknown.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await raw(t.emulator.url, '', '{}')).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    expect(await raw(t.emulator.url, 'AWSStepFunctions.ListStateMachines', '{"maxResults":')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    expect(await raw(t.emulator.url, 'AWSStepFunctions.ListStateMachines', '[1]')).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
    const missing = await raw(t.emulator.url, 'AWSStepFunctions.DescribeExecution', '{}');
    expect(missing).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    expect(missing.json.message).toMatch(/executionArn/);
    const logs = await raw(t.emulator.url, 'Logs_20140328.DescribeLogStreams', '{"logGroupName":"nope"}', 'application/x-amz-json-1.1');
    expect(logs).toMatchObject({ status: 400, json: { __type: 'ResourceNotFoundException' } });
  });

  it('uses AWS error names through the SDK', async () => {
    await expect(t.sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' }))).rejects.toMatchObject({ name: 'InvalidArn', $metadata: { httpStatusCode: 400 } });
    await expect(t.sfn.send(new DescribeExecutionCommand({ executionArn: `${SM}Exists` }))).rejects.toMatchObject({ name: 'InvalidArn' });
    await expect(
      t.sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Exists:nope' })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${SM}Nope` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: `${SM}Nope` }))).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(t.sfn.send(new ListStateMachinesCommand({ nextToken: 'garbage' }))).rejects.toMatchObject({ name: 'InvalidToken' });
    await expect(t.sfn.send(new ListStateMachinesCommand({ maxResults: 1001 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(t.sfn.send(new ListExecutionsCommand({}))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      t.sfn.send(new GetExecutionHistoryCommand({ executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Exists:nope' })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(t.sfn.send(new CreateStateMachineCommand({ name: 'Exists', definition: JSON.stringify({ StartAt: 'B', States: { B: { Type: 'Succeed' } } }), roleArn: ROLE_ARN }))).rejects.toMatchObject({
      name: 'StateMachineAlreadyExists',
    });
  });

  it('names ARNs after the SigV4 region', async () => {
    const { SFNClient } = await import('@aws-sdk/client-sfn');
    const west = new SFNClient({ endpoint: t.emulator.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
    const { stateMachineArn } = await west.send(new CreateStateMachineCommand({ name: 'West', definition: pass, roleArn: ROLE_ARN }));
    expect(stateMachineArn).toBe('arn:aws:states:eu-west-1:123456789012:stateMachine:West');
    const names = (await west.send(new ListStateMachinesCommand({}))).stateMachines?.map((m) => m.name);
    expect(names).toEqual(['West']);
    west.destroy();
  });
});

describe('--aws-quotas', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t?.close();
  });

  it('throttles past the bucket with ThrottlingException "Rate exceeded"', async () => {
    // ListStateMachines: bucket 100, refill 5/s. The bounds below are those of a burst that reaches
    // the emulator within one second (fewer than 5 tokens refilled meanwhile). On a loaded machine
    // 110 requests can take longer; such a burst proves nothing either way, so it is sent again,
    // to a fresh emulator (a full bucket), rather than judged.
    let throttled: string[] = [];
    for (let attempt = 1; ; attempt++) {
      t = await startTestEmulator({ awsQuotas: true });
      const began = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 110 }, () => t.sfn.send(new ListStateMachinesCommand({})).then(() => 'ok', (e: Error) => `${e.name}: ${e.message}`)),
      );
      throttled = outcomes.filter((o) => o !== 'ok');
      if (performance.now() - began < 1_000 || attempt === 5) break;
      await t.close();
    }
    expect(throttled.length).toBeGreaterThanOrEqual(5);
    expect(throttled.length).toBeLessThanOrEqual(10);
    expect(new Set(throttled)).toEqual(new Set(['ThrottlingException: Rate exceeded']));
    // Other operations have their own buckets.
    await expect(t.sfn.send(new CreateStateMachineCommand({ name: 'Still', definition: pass, roleArn: ROLE_ARN }))).resolves.toBeDefined();
  });
});

describe('--fault-rate', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t?.close();
  });

  async function outcomes(seed: number): Promise<string[]> {
    t = await startTestEmulator({ faultRate: 0.5, faultSeed: seed });
    const seen: string[] = [];
    for (let i = 0; i < 24; i++) {
      try {
        const response = await fetch(t.emulator.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
          body: '{}',
        });
        const body = (await response.json()) as { __type?: string };
        seen.push(response.status === 200 ? 'ok' : `${response.status} ${body.__type}`);
      } catch {
        seen.push('dropped');
      }
    }
    await t.close();
    return seen;
  }

  it('injects 5xx errors and dropped connections reproducibly for a seed', async () => {
    const first = await outcomes(11);
    const second = await outcomes(11);
    expect(second).toEqual(first);
    expect(first).toContain('ok');
    expect(first.some((o) => o === '500 InternalFailure' || o === '503 ServiceUnavailable')).toBe(true);
    const other = await outcomes(12);
    expect(other).not.toEqual(first);
  }, 120_000);

  it('surfaces faults to the SDK as AWS errors (retried by default)', async () => {
    t = await startTestEmulator({ faultRate: 1, faultSeed: 3 });
    const errors = new Set<string>();
    for (let i = 0; i < 12; i++) {
      await t.sfn.send(new ListStateMachinesCommand({})).then(
        () => errors.add('ok'),
        (e: Error) => errors.add(e.name),
      );
    }
    expect([...errors].some((name) => name === 'InternalFailure' || name === 'ServiceUnavailable')).toBe(true);
    await t.close();
    t = await startTestEmulator({ faultRate: 0.3, faultSeed: 3 }, 5);
    for (let i = 0; i < 10; i++) await expect(t.sfn.send(new ListStateMachinesCommand({}))).resolves.toBeDefined();
  }, 120_000);
});

describe('--retention-seconds', () => {
  let t: TestEmulator;
  afterAll(async () => {
    await t?.close();
  });

  it('hides closed executions older than N (emulated) seconds everywhere', async () => {
    // 30 emulated s = 3 s: time enough to see the closed execution listed before it expires, on a
    // slow machine too (at --time-scale 60 that window was half a second).
    t = await startTestEmulator({ retentionSeconds: 30, timeScale: 10 });
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name: 'Short', definition: pass, roleArn: ROLE_ARN }));
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'old' }));
    const closed = await waitFor(async () => {
      const described = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === 'SUCCEEDED' ? described : undefined;
    });
    expect((await t.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions).toHaveLength(1);
    // Until it is older than N emulated seconds by the emulator's own clock (not a guessed sleep):
    // from then on it must be hidden everywhere.
    const stoppedAt = (closed.stopDate as Date).getTime();
    await waitFor(() => (t.emulator.clock.now() - stoppedAt > 30_001 ? true : undefined), 30_000, 'the execution to pass its retention');
    await expect(t.sfn.send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(t.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    expect((await t.sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions).toEqual([]);
    // The name is free again, as after AWS's 90 days.
    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'old' }))).resolves.toBeDefined();
  });
});
