// Bad input: invalid definitions are rejected with InvalidDefinition naming
// the problem; malformed bodies, unknown operations, wrong content types and wrong ARNs give
// AWS-shaped errors; huge, deep and unicode inputs are answered, never crash the emulator.
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ListTagsForResourceCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';
import { isAwsError, rawRequest, sfnRaw } from './raw-request.ts';

const ACCOUNT = '123456789012';
const SM = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:`;
const EXEC = `arn:aws:states:us-east-1:${ACCOUNT}:execution:`;
const pass = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } });

let t: TestEmulator;
const internalErrors: unknown[] = [];
let standardArn: string;
let expressArn: string;
let executionArn: string;

beforeAll(async () => {
  t = await startTestEmulator({ onError: (error) => internalErrors.push(error) });
  standardArn = (await t.sfn.send(new CreateStateMachineCommand({ name: 'Target', definition: pass, roleArn: ROLE_ARN }))).stateMachineArn!;
  expressArn = (await t.sfn.send(new CreateStateMachineCommand({ name: 'Quick', type: 'EXPRESS', definition: pass, roleArn: ROLE_ARN })))
    .stateMachineArn!;
  executionArn = (await t.sfn.send(new StartExecutionCommand({ stateMachineArn: standardArn, name: 'done' }))).executionArn!;
  await waitFor(async () => ((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).status === 'SUCCEEDED' ? true : undefined));
});

afterAll(async () => {
  await t?.close();
  // Nothing above is a bug: the server never reached its InternalFailure path.
  expect(internalErrors).toEqual([]);
});

/** The error an SDK call rejects with (fails the test when it succeeds). */
async function rejection(sfn: SFNClient, command: { input: unknown }): Promise<{ name: string; message: string; status?: number }> {
  try {
    // Any SFN command; the SDK's overloads cannot take a union of them.
    await sfn.send(command as never);
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, ...(e.$metadata?.httpStatusCode !== undefined ? { status: e.$metadata.httpStatusCode } : {}) };
  }
  throw new Error('the request succeeded');
}

describe('invalid definitions', () => {
  // Each definition and a fragment the InvalidDefinition message must contain.
  const cases: [string, string, RegExp][] = [
    ['not JSON', '{"StartAt": "A", "States": ', /INVALID_JSON_DESCRIPTION/],
    ['a JSON array', '[1, 2]', /must be a JSON object/],
    ['missing StartAt', JSON.stringify({ States: { A: { Type: 'Pass', End: true } } }), /StartAt/],
    ['missing States', JSON.stringify({ StartAt: 'A' }), /States/],
    ['empty States', JSON.stringify({ StartAt: 'A', States: {} }), /States/],
    ['StartAt naming no state', JSON.stringify({ StartAt: 'Nowhere', States: { A: { Type: 'Pass', End: true } } }), /MISSING_TRANSITION_TARGET.*Nowhere/],
    ['Next to an unknown state', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Ghost' }, B: { Type: 'Succeed' } } }), /MISSING_TRANSITION_TARGET.*Ghost/],
    ['a bad Type', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Teleport', End: true } } }), /invalid Type "Teleport"/],
    ['a state without Type', JSON.stringify({ StartAt: 'A', States: { A: { End: true } } }), /State 'A' has an invalid Type/],
    ['neither Next nor End', JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass' } } }), /'A' needs either 'Next' or 'End'/],
    ['a Choice without Choices', JSON.stringify({ StartAt: 'C', States: { C: { Type: 'Choice', Default: 'D' }, D: { Type: 'Succeed' } } }), /Choice state 'C' needs a non-empty 'Choices'/],
    ['a Task without Resource', JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', End: true } } }), /Task state 'T' is missing 'Resource'/],
    ['a Catch to an unknown state', JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Lost' }], End: true } } }), /Lost/],
    ['a Parallel branch with a dangling Next', JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', Next: 'Gone' } } }] } } }), /Gone/],
    ['a Map without a processor', JSON.stringify({ StartAt: 'M', States: { M: { Type: 'Map', End: true } } }), /Map state 'M' needs 'ItemProcessor'/],
    ['a state that is not an object', JSON.stringify({ StartAt: 'A', States: { A: 'Pass' } }), /State 'A' must be an object/],
  ];

  it.each(cases)('rejects %s with InvalidDefinition naming the problem (SDK)', async (_label, definition, problem) => {
    const error = await rejection(t.sfn, new CreateStateMachineCommand({ name: 'Invalid', definition, roleArn: ROLE_ARN }));
    expect(error).toMatchObject({ name: 'InvalidDefinition', status: 400 });
    expect(error.message).toMatch(/^Invalid State Machine Definition: '/);
    expect(error.message).toMatch(problem);
  });

  it.each(cases)('rejects %s with InvalidDefinition over raw HTTP, and ValidateStateMachineDefinition says FAIL', async (_label, definition, problem) => {
    const answer = await sfnRaw(t.emulator.url, 'CreateStateMachine', { name: 'Invalid', definition, roleArn: ROLE_ARN });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ __type: 'InvalidDefinition' });
    expect(String(answer.json?.message)).toMatch(problem);
    const validated = await t.sfn.send(new ValidateStateMachineDefinitionCommand({ definition }));
    expect(validated.result).toBe('FAIL');
    expect(validated.diagnostics?.map((d) => `${d.code}: ${d.message}`).join('\n')).toMatch(problem);
  });

  it('rejects an invalid definition in UpdateStateMachine and keeps the old one', async () => {
    const bad = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    const error = await rejection(t.sfn, new UpdateStateMachineCommand({ stateMachineArn: standardArn, definition: bad }));
    expect(error).toMatchObject({ name: 'InvalidDefinition' });
    expect(error.message).toMatch(/Missing/);
    expect((await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: standardArn }))).definition).toBe(pass);
  });

  it('answers a definition over 1 MiB with ValidationException', async () => {
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Result: 'x'.repeat(1_048_576), End: true } } });
    const error = await rejection(t.sfn, new CreateStateMachineCommand({ name: 'Huge', definition, roleArn: ROLE_ARN }));
    expect(error).toMatchObject({ name: 'ValidationException' });
    expect(error.message).toMatch(/'definition'.*1048576/);
  });

  it('accepts a deeply nested but valid definition, and runs it', async () => {
    const deep = '{"a":'.repeat(2000) + '1' + '}'.repeat(2000);
    const definition = `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":${deep},"End":true}}}`;
    const { stateMachineArn } = await t.sfn.send(new CreateStateMachineCommand({ name: 'Deep', definition, roleArn: ROLE_ARN }));
    const { executionArn: arn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const done = await waitFor(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return d.status === 'RUNNING' ? undefined : d;
    });
    expect(done.status).toBe('SUCCEEDED');
  });
});

describe('malformed requests', () => {
  it('answers malformed and non-object JSON bodies with SerializationException', async () => {
    for (const body of ['{"maxResults":', '{', 'nul', '[1]', '"text"', '42', 'null', '\u0000', '{"a":1}}']) {
      const answer = await rawRequest(t.emulator.url, { body });
      expect(isAwsError(answer), `${JSON.stringify(body)} → ${answer.status} ${answer.text}`).toBe(true);
      expect(answer.status).toBe(400);
      expect(answer.json?.__type).toBe('SerializationException');
      expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const binary = await rawRequest(t.emulator.url, { body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]) });
    expect(binary).toMatchObject({ status: 400, json: { __type: 'SerializationException' } });
  });

  it('treats an empty body as no members', async () => {
    expect(await rawRequest(t.emulator.url, { body: '' })).toMatchObject({ status: 200, json: { stateMachines: expect.any(Array) } });
    const missing = await rawRequest(t.emulator.url, { target: 'AWSStepFunctions.DescribeExecution', body: '' });
    expect(missing).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    expect(String(missing.json?.message)).toMatch(/executionArn/);
  });

  it('answers wrong member types with SerializationException or ValidationException', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['ListStateMachines', { maxResults: 'ten' }, 'SerializationException'],
      ['ListStateMachines', { maxResults: 1001 }, 'ValidationException'],
      ['StartExecution', { stateMachineArn: standardArn, input: { not: 'a string' } }, 'SerializationException'],
      ['StartExecution', { stateMachineArn: standardArn, name: 7 }, 'SerializationException'],
      ['StartExecution', { stateMachineArn: 42 }, 'ValidationException'],
      ['CreateStateMachine', { name: 'T2', definition: pass, roleArn: ROLE_ARN, tags: 'x' }, 'ValidationException'],
      ['CreateStateMachine', { name: 'T2', definition: pass, roleArn: ROLE_ARN, loggingConfiguration: [] }, 'SerializationException'],
      ['CreateStateMachine', { name: 'T2', definition: pass, roleArn: ROLE_ARN, type: 'FAST' }, 'ValidationException'],
      ['UpdateStateMachine', { stateMachineArn: standardArn, tracingConfiguration: 5 }, 'SerializationException'],
      ['GetExecutionHistory', { executionArn, reverseOrder: 'yes' }, 'SerializationException'],
      ['StopExecution', { executionArn, error: 'e'.repeat(257) }, 'ValidationException'],
    ];
    for (const [operation, body, type] of cases) {
      const answer = await sfnRaw(t.emulator.url, operation, body);
      expect(answer.json?.__type, `${operation} ${JSON.stringify(body).slice(0, 120)} → ${answer.text.slice(0, 200)}`).toBe(type);
      expect(answer.status).toBe(400);
    }
  });

  it('accepts a null tracingConfiguration (no longer an internal error)', async () => {
    const answer = await sfnRaw(t.emulator.url, 'UpdateStateMachine', { stateMachineArn: standardArn, tracingConfiguration: null, roleArn: ROLE_ARN });
    expect(answer.status).toBe(200);
  });

  it('answers unknown, malformed and missing x-amz-target with UnknownOperationException', async () => {
    for (const target of ['AWSStepFunctions.Frobnicate', 'AWSStepFunctions', 'AWSStepFunctions.', 'AWSStepFunctions.ListStateMachines.Extra', 'Nope.ListStateMachines', 'AWSStepFunctions.__proto__', 'AWSStepFunctions.constructor', 'AWSStepFunctions.hasOwnProperty', 'Logs_20140328.toString', '', null]) {
      const answer = await rawRequest(t.emulator.url, { target });
      expect(isAwsError(answer), `${String(target)} → ${answer.status} ${answer.text}`).toBe(true);
      expect(answer).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
    }
    const missing = await rawRequest(t.emulator.url, { target: null });
    expect(missing.json?.message).toMatch(/x-amz-target/);
  });

  it('answers a wrong content type with UnknownOperationException', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/xml']) {
      const answer = await rawRequest(t.emulator.url, { contentType });
      expect(answer, contentType).toMatchObject({ status: 400, json: { __type: 'UnknownOperationException' } });
      expect(String(answer.json?.message)).toContain(contentType);
    }
    // Both JSON protocol versions (and plain JSON, with parameters) are accepted for either service.
    for (const contentType of ['application/x-amz-json-1.0', 'application/x-amz-json-1.1', 'application/json', 'application/x-amz-json-1.0; charset=utf-8']) {
      expect((await rawRequest(t.emulator.url, { contentType })).status, contentType).toBe(200);
    }
  });

  it('answers other methods in the AWS shape too', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const answer = await rawRequest(t.emulator.url, { method });
      expect(isAwsError(answer), `${method} → ${answer.status} ${answer.text}`).toBe(true);
    }
    expect((await rawRequest(t.emulator.url, { method: 'GET', target: null, contentType: null })).status).toBe(200);
  });

  it('answers a body over the 2 MiB request limit without reading it all', async () => {
    const answer = await rawRequest(t.emulator.url, { body: JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) }) });
    expect(isAwsError(answer)).toBe(true);
    expect(answer.json?.__type).toBe('ValidationException');
  });

  it('rejects forged pagination tokens with InvalidToken instead of paging nowhere', async () => {
    const token = (kind: string, key: unknown): string => Buffer.from(JSON.stringify({ t: kind, k: key })).toString('base64url');
    const forged: [string, Record<string, unknown>][] = [
      ['ListStateMachines', { nextToken: token('sm', { a: 1 }) }],
      ['ListStateMachines', { nextToken: token('sm', -1) }],
      ['ListStateMachines', { nextToken: 'garbage!!' }],
      ['ListExecutions', { stateMachineArn: standardArn, nextToken: token(`ex:${standardArn}`, 'x') }],
      ['GetExecutionHistory', { executionArn, nextToken: token(`h:f:${executionArn}`, 'zz') }],
      ['GetExecutionHistory', { executionArn, nextToken: token(`h:f:${executionArn}`, 1.5) }],
      ['GetExecutionHistory', { executionArn, reverseOrder: true, nextToken: token(`h:r:${executionArn}`, 1e9) }],
      ['GetExecutionHistory', { executionArn, nextToken: token(`h:r:${executionArn}`, 1) }],
      ['ListMapRuns', { executionArn, nextToken: token(`mr:${executionArn}`, null) }],
    ];
    for (const [operation, body] of forged) {
      const answer = await sfnRaw(t.emulator.url, operation, body);
      expect(answer, `${operation} ${JSON.stringify(body)}`).toMatchObject({ status: 400, json: { __type: 'InvalidToken' } });
    }
  });
});

describe('wrong ARNs on every ARN-taking operation', () => {
  const malformed = ['not-an-arn', '', 'arn:aws:states', 'arn:aws:lambda:us-east-1:123456789012:function:f', 'arn:aws:states:us-east-1:123456789012:', 'arn:aws:states:us-east-1:123456789012:activity:x'];

  it('answers malformed ARNs with InvalidArn (SDK)', async () => {
    for (const arn of malformed) {
      const commands = [
        new UpdateStateMachineCommand({ stateMachineArn: arn, roleArn: ROLE_ARN }),
        new DeleteStateMachineCommand({ stateMachineArn: arn }),
        new DescribeStateMachineCommand({ stateMachineArn: arn }),
        new DescribeStateMachineForExecutionCommand({ executionArn: arn }),
        new StartExecutionCommand({ stateMachineArn: arn }),
        new StartSyncExecutionCommand({ stateMachineArn: arn }),
        new StopExecutionCommand({ executionArn: arn }),
        new RedriveExecutionCommand({ executionArn: arn }),
        new ListExecutionsCommand({ stateMachineArn: arn }),
        new ListExecutionsCommand({ mapRunArn: arn }),
        new DescribeExecutionCommand({ executionArn: arn }),
        new GetExecutionHistoryCommand({ executionArn: arn }),
        new ListMapRunsCommand({ executionArn: arn }),
        new DescribeMapRunCommand({ mapRunArn: arn }),
        new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k', value: 'v' }] }),
        new UntagResourceCommand({ resourceArn: arn, tagKeys: ['k'] }),
        new ListTagsForResourceCommand({ resourceArn: arn }),
      ];
      for (const command of commands) {
        const error = await rejection(t.sfn, command);
        // An empty ARN is a missing required member to AWS's validation.
        const expected = arn === '' ? ['InvalidArn', 'ValidationException'] : ['InvalidArn'];
        expect(expected, `${command.constructor.name} '${arn}': ${error.name} ${error.message}`).toContain(error.name);
        expect(error.status).toBe(400);
      }
    }
  });

  it('answers ARNs of the wrong resource type with InvalidArn', async () => {
    const asExecution = `${EXEC}Target:done`;
    expect(await rejection(t.sfn, new DescribeStateMachineCommand({ stateMachineArn: asExecution }))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(t.sfn, new StartExecutionCommand({ stateMachineArn: asExecution }))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(t.sfn, new DescribeExecutionCommand({ executionArn: standardArn }))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(t.sfn, new GetExecutionHistoryCommand({ executionArn: standardArn }))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(t.sfn, new DescribeMapRunCommand({ mapRunArn: executionArn }))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(t.sfn, new ListTagsForResourceCommand({ resourceArn: executionArn }))).toMatchObject({ name: 'InvalidArn' });
    // Express executions are not visible to the execution APIs (AWS answers InvalidArn).
    const express = `arn:aws:states:us-east-1:${ACCOUNT}:express:Quick:x:y`;
    expect(await rejection(t.sfn, new DescribeExecutionCommand({ executionArn: express }))).toMatchObject({ name: 'InvalidArn' });
    expect(await rejection(t.sfn, new ListExecutionsCommand({ stateMachineArn: expressArn }))).toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });

  it('answers well-formed ARNs of nothing with *DoesNotExist / ResourceNotFound', async () => {
    const sm = `${SM}Nope`;
    const ex = `${EXEC}Nope:nothing`;
    const mapRun = `arn:aws:states:us-east-1:${ACCOUNT}:mapRun:Nope/label:00000000-0000-0000-0000-000000000000`;
    const expectations: [{ input: unknown }, string][] = [
      [new UpdateStateMachineCommand({ stateMachineArn: sm, roleArn: ROLE_ARN }), 'StateMachineDoesNotExist'],
      [new DescribeStateMachineCommand({ stateMachineArn: sm }), 'StateMachineDoesNotExist'],
      [new StartExecutionCommand({ stateMachineArn: sm }), 'StateMachineDoesNotExist'],
      [new StartSyncExecutionCommand({ stateMachineArn: sm }), 'StateMachineDoesNotExist'],
      [new ListExecutionsCommand({ stateMachineArn: sm }), 'StateMachineDoesNotExist'],
      [new DescribeStateMachineForExecutionCommand({ executionArn: ex }), 'ExecutionDoesNotExist'],
      [new StopExecutionCommand({ executionArn: ex }), 'ExecutionDoesNotExist'],
      [new RedriveExecutionCommand({ executionArn: ex }), 'ExecutionDoesNotExist'],
      [new DescribeExecutionCommand({ executionArn: ex }), 'ExecutionDoesNotExist'],
      [new GetExecutionHistoryCommand({ executionArn: ex }), 'ExecutionDoesNotExist'],
      [new ListMapRunsCommand({ executionArn: ex }), 'ExecutionDoesNotExist'],
      [new DescribeMapRunCommand({ mapRunArn: mapRun }), 'ResourceNotFound'],
      [new ListExecutionsCommand({ mapRunArn: mapRun }), 'ResourceNotFound'],
      [new TagResourceCommand({ resourceArn: sm, tags: [{ key: 'k', value: 'v' }] }), 'ResourceNotFound'],
      [new UntagResourceCommand({ resourceArn: sm, tagKeys: ['k'] }), 'ResourceNotFound'],
      [new ListTagsForResourceCommand({ resourceArn: sm }), 'ResourceNotFound'],
    ];
    for (const [command, name] of expectations) {
      const error = await rejection(t.sfn, command);
      expect(error.name, `${command.constructor.name}: ${error.message}`).toBe(name);
      expect(error.message).toContain('Nope');
    }
    // DeleteStateMachine is idempotent in AWS: deleting nothing succeeds.
    await expect(t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: sm }))).resolves.toBeDefined();
  });
});

describe('large, deep and unicode inputs', () => {
  it('answers an execution input over 256 KiB with ValidationException (SDK and raw)', async () => {
    const input = JSON.stringify({ blob: 'x'.repeat(256 * 1024) });
    const error = await rejection(t.sfn, new StartExecutionCommand({ stateMachineArn: standardArn, input }));
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(error.message).toMatch(/'input'.*262144/);
    const raw = await sfnRaw(t.emulator.url, 'StartSyncExecution', { stateMachineArn: expressArn, input });
    expect(raw).toMatchObject({ status: 400, json: { __type: 'ValidationException' } });
    // The limit counts UTF-8 bytes: 100,000 three-byte characters are over it.
    const wide = JSON.stringify({ s: '日'.repeat(100_000) });
    expect(await rejection(t.sfn, new StartExecutionCommand({ stateMachineArn: standardArn, input: wide }))).toMatchObject({ name: 'ValidationException' });
    // Just under the limit is fine.
    const under = JSON.stringify({ blob: 'x'.repeat(256 * 1024 - 20) });
    await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: standardArn, input: under }))).resolves.toMatchObject({ executionArn: expect.any(String) });
  });

  it('answers input that is not JSON with InvalidExecutionInput', async () => {
    for (const input of ['{', 'undefined', "{'a':1}", '😀']) {
      expect(await rejection(t.sfn, new StartExecutionCommand({ stateMachineArn: standardArn, input }))).toMatchObject({ name: 'InvalidExecutionInput' });
    }
  });

  it('runs very deep input to a terminal state without crashing', async () => {
    const input = '['.repeat(60_000) + ']'.repeat(60_000);
    const { executionArn: arn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: standardArn, input }));
    const done = await waitFor(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return d.status === 'RUNNING' ? undefined : d;
    });
    expect(['SUCCEEDED', 'FAILED']).toContain(done.status);
    const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, reverseOrder: true, maxResults: 1 }));
    expect(history.events?.[0]?.type).toMatch(/^Execution(Succeeded|Failed)$/);
  });

  it('keeps unicode intact in names, inputs and outputs', async () => {
    const data = { text: 'Grüße 日本語 😀 עברית', escaped: '\u2028\u2029', zero: 'a\u0000b' };
    const { executionArn: arn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: standardArn, name: 'ünïcödé-名前', input: JSON.stringify(data) }));
    expect(arn).toBe(`${EXEC}Target:ünïcödé-名前`);
    const done = await waitFor(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    });
    expect(JSON.parse(done.output ?? 'null')).toEqual(data);
    const sync = await t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: expressArn, input: JSON.stringify(data) }));
    expect(JSON.parse(sync.output ?? 'null')).toEqual(data);
    // Names with characters AWS forbids are InvalidName, not a crash.
    for (const name of ['a b', 'a/b', 'a:b', '#x', 'x'.repeat(81), '\u0007']) {
      expect(await rejection(t.sfn, new StartExecutionCommand({ stateMachineArn: standardArn, name }))).toMatchObject({ name: 'InvalidName' });
    }
  });
});
