// AWS's rules that the held-out recordings exercise, each on definitions the corpus has no
// recording of: the event sequence (types, links) that the rule implies.
import { describe, expect, it } from 'vitest';
import type { EmittedEvent, TaskRequest, TaskResult } from '../../../../lib/emulator/engine-contract.ts';
import { MAP_EXIT_LINK_CHANGED_AT } from '../../../../lib/emulator/interpreter/states/distributed-map.ts';
import { validateDefinition } from '../../../../lib/emulator/interpreter/index.ts';
import { VirtualClock } from '../../../../lib/emulator/virtual-clock.ts';
import { run, types } from './run-helper.ts';

const byId = (events: EmittedEvent[], id: number): EmittedEvent | undefined => events.find((e) => e.id === id);
const linkOf = (events: EmittedEvent[], type: string): string | undefined => {
  const e = events.find((x) => x.type === type);
  return e ? byId(events, e.previousEventId)?.type : undefined;
};

const distributed = (extra: Record<string, unknown> = {}) => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ...extra,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

describe('Distributed Map: MapStateExited link', () => {
  it('links to MapRunStarted in an execution started after AWS changed it, MapStateSucceeded to MapRunSucceeded', async () => {
    const r = await run(distributed({ ItemsPath: '$.xs', MaxConcurrency: 2 }), { xs: [1, 2, 3] }, undefined, { clock: new VirtualClock(Date.UTC(2025, 5, 1)) });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expect(linkOf(r.events, 'MapStateSucceeded')).toBe('MapRunSucceeded');
    expect(linkOf(r.events, 'MapStateExited')).toBe('MapRunStarted');
    expect(linkOf(r.events, 'SucceedStateEntered')).toBe('MapStateExited');
  });

  it('links to MapRunSucceeded in an execution started before the change', async () => {
    const r = await run(distributed(), [{ a: 1 }], undefined, { clock: new VirtualClock(MAP_EXIT_LINK_CHANGED_AT - 86_400_000) });
    expect(linkOf(r.events, 'MapStateExited')).toBe('MapRunSucceeded');
  });
});

describe('Map: MaxConcurrencyPath', () => {
  for (const bad of ['two', 1.5, { n: 1 }, null]) {
    it(`fails the execution before MapStateStarted for ${JSON.stringify(bad)}`, async () => {
      const r = await run(distributed({ MaxConcurrencyPath: '$.limit', ItemsPath: '$.xs' }), { limit: bad, xs: [1] }, undefined, { clock: new VirtualClock(Date.UTC(2025, 0, 1)) });
      expect(types(r.events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'ExecutionFailed']);
      expect(r.outcome.error).toBe('States.Runtime');
      expect(r.outcome.cause).toContain('The MaxConcurrencyPath field refers to value');
    });
  }

  it('an inline Map with a valid MaxConcurrencyPath runs its items that many at a time', async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', MaxConcurrencyPath: '$.limit', ItemsPath: '$.xs', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const r = await run(def, { limit: 1, xs: [1, 2] });
    expect(r.outcome.status).toBe('SUCCEEDED');
    // One at a time: the second iteration starts after the first one succeeded.
    const t = types(r.events);
    expect(t.indexOf('MapIterationSucceeded')).toBeLessThan(t.lastIndexOf('MapIterationStarted'));
  });
});

describe('States.DataLimitExceeded (256 KiB of UTF-8)', () => {
  // 140,000 two-byte characters: under the quota in characters, over it in UTF-8 bytes.
  const big = 'é'.repeat(140_000);
  const limitCause = (subject: string) => `The state/task '${subject}' returned a result with a size exceeding the maximum number of bytes service limit.`;

  it("a state's output over the quota fails the execution right after its Entered event", async () => {
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { big }, End: true } } });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    expect(r.events[2]?.previousEventId).toBe(2);
    expect(r.outcome.error).toBe('States.DataLimitExceeded');
    expect(r.outcome.cause).toBe(limitCause('P'));
  });

  it('a task result over the quota is a TaskFailed naming the resource type; an explicit Catch takes it, States.ALL does not', async () => {
    const task = (errors: string[]) => ({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, Catch: [{ ErrorEquals: errors, Next: 'H' }], End: true }, H: { Type: 'Pass', End: true } },
    });
    const answer = () => ({ ok: true as const, output: { Payload: big } });
    const caught = await run(task(['States.DataLimitExceeded']), {}, answer);
    expect(types(caught.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(caught.events[4]?.details).toMatchObject({ error: 'States.DataLimitExceeded', cause: limitCause('lambda'), resourceType: 'lambda', resource: 'invoke' });
    const uncaught = await run(task(['States.ALL']), {}, answer);
    expect(types(uncaught.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed', 'ExecutionFailed']);
    expect(uncaught.outcome.error).toBe('States.DataLimitExceeded');
  });

  it('a task input over the quota after Parameters is never scheduled', async () => {
    const r = await run({ StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'Payload.$': "States.Format('{}{}', $.s, $.s)" }, End: true } } }, { s: 'é'.repeat(70_000) });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'ExecutionFailed']);
    expect(r.outcome.cause).toBe(limitCause('T'));
    expect(r.requests).toHaveLength(0);
  });

  it("a Map whose gathered output is over the quota succeeded first: no MapStateFailed, the execution fails after MapStateSucceeded", async () => {
    const def = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } } };
    const r = await run(def, ['é'.repeat(50_000), 'é'.repeat(50_000), 'é'.repeat(50_000)]);
    const t = types(r.events);
    expect(t.slice(-2)).toEqual(['MapStateSucceeded', 'ExecutionFailed']);
    expect(t).not.toContain('MapStateFailed');
    expect(r.outcome.cause).toBe(limitCause('M'));
  });

  it('just under the quota passes', async () => {
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, 'a'.repeat(262_144 - 2));
    expect(r.outcome.status).toBe('SUCCEEDED');
  });
});

describe('Wait TimestampPath: ISO-8601 extended offset date-time (Java ISO_OFFSET_DATE_TIME)', () => {
  const start = Date.UTC(2024, 0, 1);
  const waitDef = { StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.at', End: true } } };
  const waitUntil = async (at: unknown) => run(waitDef, { at }, undefined, { clock: new VirtualClock(start) });

  for (const [text, expected] of [
    ['2024-01-01T01:00:00.123456789Z', Date.UTC(2024, 0, 1, 1, 0, 0, 123)],
    ['2024-01-01T01:00:00.5Z', Date.UTC(2024, 0, 1, 1, 0, 0, 500)],
    ['2024-01-01T01:00Z', Date.UTC(2024, 0, 1, 1)],
    ['2024-01-01T03:00:00+02:00', Date.UTC(2024, 0, 1, 1)],
    ['2024-01-01T00:30:00-00:30', Date.UTC(2024, 0, 1, 1)],
    ['2024-01-01T02:00:30+01:00:30', Date.UTC(2024, 0, 1, 1)],
    ['2024-01-01t01:00:00z', Date.UTC(2024, 0, 1, 1)],
  ] as const) {
    it(`waits until ${text}`, async () => {
      const r = await waitUntil(text);
      expect(types(r.events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
      expect(r.clock.now()).toBe(expected);
    });
  }

  for (const text of ['2024-01-01T01:00:00.000000', '2024-01-01T01:00:00', '2024-01-01T01:00:00+0100', '2024-01-01T01:00:00+01', '2024-01-01 01:00:00Z', '2024-01-01T01:00:00.1234567890Z', '2024-02-30T01:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T01:00:00+19:00', 1704070800]) {
    it(`refuses ${JSON.stringify(text)} with States.Runtime after WaitStateEntered`, async () => {
      const r = await waitUntil(text);
      expect(types(r.events)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'ExecutionFailed']);
      expect(r.outcome.error).toBe('States.Runtime');
      expect(r.outcome.cause).toContain('The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.at ==');
    });
  }

  it('accepts a delay of up to 2^31 - 1 s (24855 days ahead) and refuses 24856 days', async () => {
    const days = (n: number) => new Date(start + n * 86_400_000).toISOString();
    const ok = await waitUntil(days(24_855));
    expect(ok.outcome.status).toBe('SUCCEEDED');
    expect(ok.clock.now()).toBe(start + 24_855 * 86_400_000);
    const tooFar = await waitUntil(days(24_856));
    expect(tooFar.outcome.cause).toBe("An error occurred while executing the state 'W' (entered at the event id #2). Wait state delay is too long.");
  });

  it('Choice compares timestamps to the nanosecond', async () => {
    const def = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.t', TimestampEquals: '2024-01-01T00:00:00.000000001Z', Next: 'Same' }], Default: 'Other' },
        Same: { Type: 'Succeed' },
        Other: { Type: 'Succeed' },
      },
    };
    const same = await run(def, { t: '2024-01-01T01:00:00.000000001+01:00' });
    expect(same.events.some((e) => e.type === 'SucceedStateEntered' && (e.details as { name?: string }).name === 'Same')).toBe(true);
    const other = await run(def, { t: '2024-01-01T00:00:00Z' });
    expect(other.events.some((e) => e.type === 'SucceedStateEntered' && (e.details as { name?: string }).name === 'Other')).toBe(true);
  });
});

describe('Wait Seconds must be an integer (CreateStateMachine refuses a string)', () => {
  const wait = (seconds: unknown, lang?: 'JSONata') => ({
    ...(lang ? { QueryLanguage: lang } : {}),
    StartAt: 'W',
    States: { W: { Type: 'Wait', Seconds: seconds, End: true } },
  });
  const secondsErrors = (def: unknown) => validateDefinition(def, { advisory: false }).diagnostics.filter((d) => d.path?.endsWith('.Seconds'));

  for (const bad of ['10', '{% 1 %}', 1.5, -1, 100_000_000, null, true]) {
    it(`JSONPath refuses Seconds ${JSON.stringify(bad)}`, () => {
      expect(validateDefinition(wait(bad), { advisory: false }).ok).toBe(false);
      expect(secondsErrors(wait(bad))[0]?.message).toMatch(/^SCHEMA_VALIDATION_FAILED: Wait state 'W': Seconds must be an integer from 0 to 99999999/);
    });
  }
  it('JSONata accepts an integer or an expression, refuses other text', () => {
    expect(validateDefinition(wait(5, 'JSONata'), { advisory: false }).ok).toBe(true);
    expect(validateDefinition(wait('{% $states.input.n %}', 'JSONata'), { advisory: false }).ok).toBe(true);
    expect(secondsErrors(wait('10', 'JSONata'))).toHaveLength(1);
  });
  it('checks Waits inside Parallel branches and Map processors, with the language they inherit', () => {
    const nested = {
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Branches: [{ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: '3', End: true } } }], Next: 'M' },
        M: { Type: 'Map', QueryLanguage: 'JSONata', ItemProcessor: { StartAt: 'W2', States: { W2: { Type: 'Wait', Seconds: '{% 1 %}', End: true } } }, End: true },
      },
    };
    expect(secondsErrors(nested).map((d) => d.path)).toEqual(['$.States.P.Branches[0].States.W.Seconds']);
  });
  it('a valid integer Seconds runs and waits that long', async () => {
    const r = await run(wait(7));
    expect(r.clock.now()).toBe(Date.UTC(2024, 0, 1) + 7000);
  });
});

describe('timeouts', () => {
  const never = (request: TaskRequest) =>
    new Promise<TaskResult>((resolve) => request.signal.addEventListener('abort', () => resolve({ ok: false, error: 'cancelled' }), { once: true }));

  it('Parallel branches whose tasks share a TimeoutSeconds all time out before the Parallel fails', async () => {
    const branch = (n: string) => ({ StartAt: n, States: { [n]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 5, End: true } } });
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [branch('A'), branch('B'), branch('C')], End: true } } }, {}, never);
    const t = types(r.events);
    expect(t.filter((x) => x === 'TaskTimedOut')).toHaveLength(3);
    expect(t.lastIndexOf('TaskTimedOut')).toBeLessThan(t.indexOf('ParallelStateFailed'));
    expect(r.outcome.error).toBe('States.Timeout');
    expect(r.clock.now()).toBe(Date.UTC(2024, 0, 1) + 5000);
  });

  it('an inline Map whose iterations time out together: every TaskTimedOut, then the first iteration fails and the others are aborted', async () => {
    const def = {
      StartAt: 'M',
      States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSeconds: 3, End: true } } }, End: true } },
    };
    const r = await run(def, [1, 2, 3], never);
    const t = types(r.events);
    const firstFailure = t.indexOf('MapIterationFailed');
    expect(t.slice(firstFailure - 3, firstFailure)).toEqual(['TaskTimedOut', 'TaskTimedOut', 'TaskTimedOut']);
    // As the corpus's recorded Map timeout (4 iterations) shows: one TaskStateAborted more than MapIterationAborted.
    expect(t.slice(firstFailure)).toEqual(['MapIterationFailed', 'TaskStateAborted', 'MapIterationAborted', 'TaskStateAborted', 'MapIterationAborted', 'TaskStateAborted', 'MapStateFailed', 'ExecutionFailed']);
    const failedAt = r.events[firstFailure] as EmittedEvent;
    for (const e of r.events.slice(firstFailure + 1, -1)) expect(e.previousEventId).toBe(failedAt.previousEventId);
  });

  it('TimeoutSecondsPath reads the input: TaskScheduled carries it and the task times out then, caught by States.Timeout', async () => {
    const def = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', TimeoutSecondsPath: '$.limit', Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'H' }], End: true },
        H: { Type: 'Pass', End: true },
      },
    };
    const r = await run(def, { limit: 42 }, never);
    expect(types(r.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskTimedOut', 'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(r.events[2]?.details).toMatchObject({ timeoutInSeconds: 42 });
    expect(r.clock.now()).toBe(Date.UTC(2024, 0, 1) + 42_000);
  });

  it('a callback task without heartbeats times out after HeartbeatSeconds, after its TaskSubmitted', async () => {
    const def = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', TimeoutSeconds: 600, HeartbeatSeconds: 7, Parameters: { 'TaskToken.$': '$$.Task.Token' }, End: true } } };
    const submitted = (request: TaskRequest) => {
      request.reportSubmitted?.({ MessageId: 'm-1' });
      return never(request);
    };
    const r = await run(def, {}, submitted);
    expect(types(r.events)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut', 'ExecutionFailed']);
    expect(r.events[2]?.details).toMatchObject({ timeoutInSeconds: 600, heartbeatInSeconds: 7 });
    expect(r.clock.now()).toBe(Date.UTC(2024, 0, 1) + 7000);
  });

  it("the execution's TimeoutSeconds ends a Map of long waits with ExecutionTimedOut and nothing after it", async () => {
    const def = { TimeoutSeconds: 10, StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } }, End: true } } };
    const r = await run(def, [1, 2]);
    expect(r.outcome.status).toBe('TIMED_OUT');
    const t = types(r.events);
    expect(t.at(-1)).toBe('ExecutionTimedOut');
    expect(t).not.toContain('MapIterationAborted');
    expect(r.events.at(-1)?.previousEventId).toBe(r.events.at(-2)?.id);
    expect(r.clock.now()).toBe(Date.UTC(2024, 0, 1) + 10_000);
  });
});

describe('States.MathRandom rounds non-integer bounds (AWS: "round it off to the nearest integer")', () => {
  const pick = (expr: string, input: unknown) => run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'r.$': expr }, End: true } } }, input);

  it('runs with decimal start and end from the input, the result inside the rounded range', async () => {
    for (let i = 0; i < 20; i += 1) {
      const r = await pick('States.MathRandom($.start, $.end)', { start: 0.6, end: 3.4 });
      expect(r.outcome.status).toBe('SUCCEEDED');
      const value = (JSON.parse(r.outcome.output ?? 'null') as { r: number }).r;
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(3);
    }
  });
  it('a decimal seed rounds too: same rounded seed, same number', async () => {
    const a = await pick('States.MathRandom(1, 1000, $.seed)', { seed: 6.8 });
    const b = await pick('States.MathRandom(1, 1000, 7)', {});
    expect(a.outcome.output).toBe(b.outcome.output);
  });
  it('a bound that is not a number is still States.Runtime', async () => {
    const r = await pick('States.MathRandom($.start, 10)', { start: 'one' });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    expect(r.outcome.error).toBe('States.Runtime');
  });
});

describe('JSONata Map Items', () => {
  const map = (items: unknown) => ({
    QueryLanguage: 'JSONata',
    StartAt: 'M',
    States: { M: { Type: 'Map', Items: items, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
  });
  const out = (r: { outcome: { output?: string } }) => JSON.parse(r.outcome.output ?? 'null') as unknown;

  it('evaluates expressions inside a literal Items array, from the input', async () => {
    const r = await run(map(['{% $states.input.a %}', 2, { b: '{% $states.input.b %}' }]), { a: 'x', b: [1] });
    expect(out(r)).toEqual(['x', 2, { b: [1] }]);
    expect(r.events.find((e) => e.type === 'MapStateStarted')?.details).toMatchObject({ length: 3 });
  });
  it('an Items expression over the input that is not an array fails with States.QueryEvaluationError before MapStateStarted', async () => {
    const r = await run(map('{% $states.input.n %}'), { n: 5 });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'MapStateEntered', 'EvaluationFailed', 'MapStateFailed', 'ExecutionFailed']);
    expect(r.outcome.error).toBe('States.QueryEvaluationError');
  });
});
