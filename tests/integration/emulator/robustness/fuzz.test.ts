// A seeded fuzz loop over the HTTP API: a few thousand operations with valid, mutated and random
// bodies, targets and content types, some of which start real executions (Map, Parallel, Choice,
// waits, failing tasks, JSONata). Afterwards the emulator still answers a normal
// ListStateMachines, every answer was either a success or an AWS-shaped 4xx error, every
// execution closed with a terminal event, and nothing crashed: no unhandled rejection, no
// uncaught exception, no internal error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ARN, startTestEmulator, waitFor, type TestEmulator } from '../../../helpers/emulator.ts';
import { isAwsError, rawRequest, type RawAnswer } from './raw-request.ts';
import { mulberry32 as prng } from '../../../helpers/prng.ts';

const SEED = 0x5eed_2026;
const OPERATIONS = 3000;
const WORKERS = 6;


const LAMBDA = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** Runnable definitions covering the state types (their executions are part of the fuzz). */
const DEFINITIONS: Record<string, unknown>[] = [
  { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'v.$': '$.a', 'f.$': "States.Format('{}-{}', $.a, $.b)" }, Next: 'B' }, B: { Type: 'Succeed' } } },
  {
    StartAt: 'T',
    States: {
      T: { Type: 'Task', Resource: LAMBDA('echo'), ResultPath: '$.r', Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 1 }], Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'F' }], Next: 'C' },
      C: { Type: 'Choice', Choices: [{ Variable: '$.i', NumericGreaterThan: 1, Next: 'W' }], Default: 'F' },
      W: { Type: 'Wait', SecondsPath: '$.i', Next: 'Done' },
      F: { Type: 'Fail', Error: 'Fuzz', Cause: 'by design' },
      Done: { Type: 'Succeed' },
    },
  },
  {
    StartAt: 'M',
    States: {
      M: { Type: 'Map', ItemsPath: '$.b', MaxConcurrency: 2, ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Task', Resource: LAMBDA('flaky'), End: true } } }, ToleratedFailurePercentage: 50, End: true },
    },
  },
  {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'X', States: { X: { Type: 'Task', Resource: LAMBDA('boom'), End: true } } },
          { StartAt: 'Y', States: { Y: { Type: 'Wait', Seconds: 2, End: true } } },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Z' }],
        End: true,
      },
      Z: { Type: 'Pass', End: true },
    },
  },
  { QueryLanguage: 'JSONata', StartAt: 'J', States: { J: { Type: 'Pass', Assign: { n: '{% $count($states.input.b) %}' }, Output: '{% $states.input.a & "!" %}', Next: 'K' }, K: { Type: 'Choice', Choices: [{ Condition: '{% $n > 1 %}', Next: 'L' }], Default: 'L' }, L: { Type: 'Succeed' } } },
  { StartAt: 'D', TimeoutSeconds: 2, States: { D: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'E', States: { E: { Type: 'Wait', Seconds: 1, End: true } } }, ItemsPath: '$.b', End: true } } },
];

const INPUTS: unknown[] = [
  { a: 'x', b: [1, 2, 3], i: 2 },
  { a: 5, b: 'not a list', i: -1 },
  { a: '😀 日本', b: [null, {}, []], i: 1.5 },
  [],
  'text',
  null,
  { b: Array.from({ length: 20 }, (_, i) => i), i: 1e9 },
];

const SFN_OPERATIONS = [
  'CreateStateMachine', 'UpdateStateMachine', 'DeleteStateMachine', 'ListStateMachines', 'DescribeStateMachine',
  'DescribeStateMachineForExecution', 'StartExecution', 'StartSyncExecution', 'StopExecution', 'RedriveExecution',
  'ListExecutions', 'DescribeExecution', 'GetExecutionHistory', 'ListMapRuns', 'DescribeMapRun', 'TagResource',
  'UntagResource', 'ListTagsForResource', 'ValidateStateMachineDefinition',
];
const LOGS_OPERATIONS = ['CreateLogGroup', 'DescribeLogGroups', 'CreateLogStream', 'DescribeLogStreams', 'PutLogEvents', 'GetLogEvents', 'FilterLogEvents', 'DeleteLogGroup'];

interface Pools {
  stateMachines: string[];
  executions: string[];
  mapRuns: string[];
}

class Fuzzer {
  private readonly random: () => number;
  constructor(
    seed: number,
    private readonly pools: Pools,
  ) {
    this.random = prng(seed);
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }

  /** A value of a random JSON (or not-quite-right) kind. */
  junk(): unknown {
    return this.pick<() => unknown>([
      () => null,
      () => this.int(2000) - 1000,
      () => 1e308,
      () => -0.5,
      () => this.chance(0.5),
      () => '',
      () => 'x'.repeat(this.int(600)),
      () => '\u0000\ud800😀\u202e',
      () => '__proto__',
      () => [],
      () => [null, 1, 'a'],
      () => ({}),
      () => ({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
      () => ({ key: this.int(3), value: null }),
      () => `arn:aws:states:us-east-1:123456789012:${this.pick(['stateMachine', 'execution', 'express', 'mapRun', 'activity'])}:${this.pick(['a', '', 'x:y', 'a/b:c'])}`,
      () => this.mutateString(this.arn()),
    ])();
  }

  mutateString(s: string): string {
    if (s === '') return this.pick(['', ' ', '\u0000']);
    const at = this.int(s.length);
    return this.pick([
      () => s.slice(0, at),
      () => s.slice(at),
      () => `${s.slice(0, at)}${this.pick([':', '/', '#', ' ', '\u0000', '😀', '%', '"', '\\'])}${s.slice(at)}`,
      () => s.toUpperCase(),
      () => s.replace(/:/g, this.pick(['', '::', ';'])),
      () => s + s,
    ])();
  }

  arn(): string {
    const { stateMachines, executions, mapRuns } = this.pools;
    const pool = this.pick([stateMachines, executions, mapRuns, stateMachines, executions]);
    return pool.length > 0 ? this.pick(pool) : 'arn:aws:states:us-east-1:123456789012:stateMachine:None';
  }

  definition(): string {
    const base = this.pick(DEFINITIONS);
    if (this.chance(0.6)) return JSON.stringify(base);
    // A mutated definition: drop or replace a field somewhere, or break the JSON text.
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    const states = copy.States as Record<string, Record<string, unknown>>;
    const names = Object.keys(states);
    const state = states[this.pick(names)] as Record<string, unknown>;
    const keys = Object.keys(state);
    this.pick<() => void>([
      () => delete state[this.pick(keys)],
      () => (state[this.pick(keys)] = this.junk()),
      () => (state.Type = this.pick(['Task', 'Map', 'Nope', 5])),
      () => (copy.StartAt = this.junk()),
      () => (state.Next = this.pick(['Ghost', ...names])),
      () => delete copy.States,
    ])();
    const text = JSON.stringify(copy);
    return this.chance(0.15) ? text.slice(0, this.int(text.length)) : text;
  }

  /** A plausible body for an operation, drawn from the live pools, then maybe mutated. */
  body(operation: string): Record<string, unknown> {
    const name = this.pick(['fz-a', 'fz-b', 'fz-c', `fz-${this.int(40)}`, 'bad name', '']);
    const input = JSON.stringify(this.pick(INPUTS));
    const sm = this.pools.stateMachines.length ? this.pick(this.pools.stateMachines) : `arn:aws:states:us-east-1:123456789012:stateMachine:${name}`;
    const exec = this.pools.executions.length ? this.pick(this.pools.executions) : `arn:aws:states:us-east-1:123456789012:execution:x:${name}`;
    const bodies: Record<string, () => Record<string, unknown>> = {
      CreateStateMachine: () => ({ name, definition: this.definition(), roleArn: ROLE_ARN, ...(this.chance(0.3) ? { type: 'EXPRESS' } : {}) }),
      UpdateStateMachine: () => ({ stateMachineArn: sm, ...(this.chance(0.5) ? { definition: this.definition() } : { roleArn: ROLE_ARN }) }),
      DeleteStateMachine: () => ({ stateMachineArn: this.chance(0.2) ? sm : `${sm}-not` }),
      ListStateMachines: () => ({ maxResults: this.int(5) }),
      DescribeStateMachine: () => ({ stateMachineArn: sm }),
      DescribeStateMachineForExecution: () => ({ executionArn: exec }),
      StartExecution: () => ({ stateMachineArn: sm, input, ...(this.chance(0.3) ? { name } : {}) }),
      StartSyncExecution: () => ({ stateMachineArn: sm, input }),
      StopExecution: () => ({ executionArn: exec, error: 'Fuzz', cause: 'stop' }),
      RedriveExecution: () => ({ executionArn: exec }),
      ListExecutions: () => (this.chance(0.8) ? { stateMachineArn: sm, statusFilter: this.pick(['RUNNING', 'FAILED', 'SUCCEEDED']) } : { mapRunArn: this.arn() }),
      DescribeExecution: () => ({ executionArn: exec }),
      GetExecutionHistory: () => ({ executionArn: exec, maxResults: this.int(4), reverseOrder: this.chance(0.5), includeExecutionData: this.chance(0.5) }),
      ListMapRuns: () => ({ executionArn: exec }),
      DescribeMapRun: () => ({ mapRunArn: this.pools.mapRuns.length ? this.pick(this.pools.mapRuns) : this.arn() }),
      TagResource: () => ({ resourceArn: sm, tags: [{ key: name || 'k', value: 'v' }] }),
      UntagResource: () => ({ resourceArn: sm, tagKeys: [name] }),
      ListTagsForResource: () => ({ resourceArn: sm }),
      ValidateStateMachineDefinition: () => ({ definition: this.definition(), severity: this.pick(['ERROR', 'WARNING']) }),
      CreateLogGroup: () => ({ logGroupName: this.pick(['/fz/a', '/fz/b', 'bad group!']) }),
      DescribeLogGroups: () => ({ logGroupNamePrefix: '/fz', limit: this.int(3) + 1 }),
      CreateLogStream: () => ({ logGroupName: '/fz/a', logStreamName: name || 's' }),
      DescribeLogStreams: () => ({ logGroupName: '/fz/a' }),
      PutLogEvents: () => ({ logGroupName: '/fz/a', logStreamName: name || 's', logEvents: [{ timestamp: Date.now(), message: input }] }),
      GetLogEvents: () => ({ logGroupName: '/fz/a', logStreamName: name || 's', startFromHead: this.chance(0.5) }),
      FilterLogEvents: () => ({ logGroupName: '/fz/a', filterPattern: this.pick(['{ $.a = "x" }', '{ $.i > 1 }', '{ $.a = ', 'plain', '']) }),
      DeleteLogGroup: () => ({ logGroupName: '/fz/b' }),
    };
    const body: Record<string, unknown> = (bodies[operation] ?? (() => ({})))();
    // Mutations: drop a member, replace one with junk, add an unknown one, corrupt an ARN.
    const mutations = this.int(3);
    for (let i = 0; i < mutations; i++) {
      const keys = Object.keys(body);
      this.pick<() => void>([
        () => keys.length > 0 && delete body[this.pick(keys)],
        () => keys.length > 0 && (body[this.pick(keys)] = this.junk()),
        () => (body[this.pick(['nextToken', 'maxResults', 'includedData', 'extra', 'tracingConfiguration', 'loggingConfiguration', 'traceHeader'])] = this.junk()),
        () => {
          const key = keys.find((k) => k.endsWith('Arn'));
          if (key) body[key] = this.mutateString(String(body[key]));
        },
      ])();
    }
    return body;
  }

  /** One request: mostly well-formed, sometimes a bad target, content type, method or body. */
  request(): { target: string | null; contentType: string | null; method: string; body: string } {
    const logs = this.chance(0.15);
    const operation = logs ? this.pick(LOGS_OPERATIONS) : this.pick(SFN_OPERATIONS);
    let target: string | null = logs ? `Logs_20140328.${operation}` : `AWSStepFunctions.${operation}`;
    let contentType: string | null = logs ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0';
    let method = 'POST';
    let body = JSON.stringify(this.body(operation));
    if (this.chance(0.03)) target = this.pick([null, '', 'AWSStepFunctions', 'AWSStepFunctions.Nope', 'Logs_20140328.constructor', this.mutateString(target)]);
    if (this.chance(0.03)) contentType = this.pick([null, 'text/plain', 'application/json', 'multipart/form-data; boundary=x', '']);
    if (this.chance(0.01)) method = this.pick(['PUT', 'DELETE']);
    if (this.chance(0.05)) body = this.pick(['', '{', 'null', '[]', '"s"', body.slice(0, this.int(body.length)), `${body}}`, '\u0000']);
    return { target, contentType, method, body };
  }
}

describe(`seeded fuzz (${OPERATIONS} operations, seed ${SEED.toString(16)})`, () => {
  let t: TestEmulator;
  const internalErrors: unknown[] = [];
  const processErrors: unknown[] = [];
  const onProcessError = (error: unknown): void => {
    processErrors.push(error);
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onProcessError);
    process.on('uncaughtException', onProcessError);
    t = await startTestEmulator({ timeScale: 1000, onError: (error) => internalErrors.push(error) });
    let calls = 0;
    t.emulator.registerTaskHandler(LAMBDA('echo'), async (request) => ({ ok: true, output: request.parameters }));
    t.emulator.registerTaskHandler(LAMBDA('boom'), async () => {
      throw new TypeError('boom');
    });
    t.emulator.registerTaskHandler(LAMBDA('flaky'), async (request) =>
      ++calls % 3 === 0 ? { ok: false, error: 'Flaky', cause: 'every third call' } : { ok: true, output: request.parameters },
    );
  });

  afterAll(async () => {
    await t?.close();
    process.off('unhandledRejection', onProcessError);
    process.off('uncaughtException', onProcessError);
  });

  it('answers every request in the AWS shape and keeps serving', async () => {
    const pools: Pools = { stateMachines: [], executions: [], mapRuns: [] };
    const statuses = new Map<string, number>();
    const problems: string[] = [];
    const record = (request: { target: string | null; body: string }, answer: RawAnswer): void => {
      const key = `${answer.status} ${String(answer.json?.__type ?? '')}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      if (answer.status === 200) {
        const json = answer.json ?? {};
        if (typeof json.stateMachineArn === 'string' && !pools.stateMachines.includes(json.stateMachineArn)) pools.stateMachines.push(json.stateMachineArn);
        if (typeof json.executionArn === 'string' && !pools.executions.includes(json.executionArn)) pools.executions.push(json.executionArn);
        for (const run of (json.mapRuns as { mapRunArn?: string }[] | undefined) ?? []) if (run.mapRunArn) pools.mapRuns.push(run.mapRunArn);
      } else if (!isAwsError(answer)) {
        problems.push(`${String(request.target)} ${request.body.slice(0, 200)} → ${answer.status} ${answer.text.slice(0, 200)}`);
      }
    };
    // A few valid machines first, so that most operations find something to act on.
    for (const [i, definition] of DEFINITIONS.entries()) {
      const body = JSON.stringify({ name: `seed-${i}`, definition: JSON.stringify(definition), roleArn: ROLE_ARN });
      const request = { target: 'AWSStepFunctions.CreateStateMachine', body };
      record(request, await rawRequest(t.emulator.url, request));
    }

    let left = OPERATIONS;
    await Promise.all(
      Array.from({ length: WORKERS }, async (_, worker) => {
        const fuzzer = new Fuzzer(SEED + worker, pools);
        while (left-- > 0) {
          const request = fuzzer.request();
          record(request, await rawRequest(t.emulator.url, request));
        }
      }),
    );

    expect(problems, `answers that are not AWS-shaped errors:\n${problems.slice(0, 20).join('\n')}`).toEqual([]);
    // The loop reached the operations' logic, not only their validation.
    expect(statuses.get('200 ') ?? 0).toBeGreaterThan(OPERATIONS / 10);
    expect([...statuses.keys()].some((k) => k.startsWith('5'))).toBe(false);

    // Still serving normally.
    const list = await rawRequest(t.emulator.url, { target: 'AWSStepFunctions.ListStateMachines', body: '{}' });
    expect(list.status).toBe(200);
    expect((list.json?.stateMachines as unknown[]).length).toBeGreaterThan(0);

    // Every execution closes with a terminal event and no interpreter failure.
    await waitFor(async () => {
      const health = (await (await fetch(`${t.emulator.url}/health`)).json()) as { running: number };
      return health.running === 0 ? true : undefined;
    }, 30_000, 'fuzzed executions to close');
    for (const executionArn of pools.executions) {
      const described = await t.emulator.callSfn('DescribeExecution', { executionArn }).catch(() => null);
      if (!described) continue; // e.g. a Map Run child, or an Express execution
      expect(String(described.cause ?? '')).not.toMatch(/interpreter failed/);
      const history = await t.emulator.callSfn('GetExecutionHistory', { executionArn, reverseOrder: true, maxResults: 1 });
      expect((history.events as { type: string }[])[0]?.type, executionArn).toMatch(/^Execution(Succeeded|Failed|Aborted|TimedOut)$/);
    }

    expect(internalErrors).toEqual([]);
    expect(processErrors).toEqual([]);
  });
});
