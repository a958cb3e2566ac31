import { describe, expect, it } from 'vitest';
import { readPath, writePath } from '../../../../lib/emulator/interpreter/json-path.ts';
import { output, run, types } from './run-helper.ts';

describe('JSONPath', () => {
  it('reads definite paths with Jayway wording when missing', () => {
    expect(readPath({ a: { b: [1, 2] } }, '$.a.b[1]')).toEqual({ found: true, value: 2 });
    expect(readPath({ "we'ird": 1 }, "$['we\\'ird']")).toEqual({ found: true, value: 1 });
    expect(readPath({}, '$.no.such')).toEqual({ found: false, message: "Missing property in path $['no']" });
    expect(readPath({}, '$.x')).toEqual({ found: false, message: "No results for path: $['x']" });
  });
  it('gives lists for indefinite paths', () => {
    expect(readPath({ items: [{ v: 1 }, { v: 2 }] }, '$.items[*].v')).toEqual({ found: true, value: [1, 2] });
    expect(readPath({}, '$.items[:1]')).toEqual({ found: true, value: [] });
  });
  it('writes ResultPath without touching the original', () => {
    const input = { a: 1 };
    expect(writePath(input, '$.r.s', 5)).toEqual({ ok: true, value: { a: 1, r: { s: 5 } } });
    expect(input).toEqual({ a: 1 });
  });
  it('runs the whole JSONPath pipeline of a Task', async () => {
    const r = await run(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            InputPath: '$.in',
            Parameters: { 'x.$': '$.x', 'ctx.$': '$$.State.Name', 'f.$': "States.Format('{}!', $.x)" },
            ResultSelector: { 'p.$': '$.Payload' },
            ResultPath: '$.res',
            OutputPath: '$.res',
            End: true,
          },
        },
      },
      { in: { x: 7 } },
      (req) => ({ ok: true, output: { Payload: req.parameters } }),
    );
    expect(output(r)).toEqual({ p: { x: 7, ctx: 'T', f: '7!' } });
    const scheduled = r.events.find((e) => e.type === 'TaskScheduled');
    expect(scheduled?.details).toMatchObject({ resourceType: 'lambda', resource: 'invoke', region: 'us-east-1' });
    expect(JSON.parse(String(scheduled?.details?.parameters))).toEqual({ x: 7, ctx: 'T', f: '7!' });
  });
  it('fails with States.Runtime and AWS cause for a missing path', async () => {
    const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$.nope' }, End: true } } }, { a: 1 });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    expect(r.outcome.cause).toBe(
      "An error occurred while executing the state 'P' (entered at the event id #2). The JSONPath '$.nope' specified for the field 'v.$' could not be found in the input '{\"a\":1}'",
    );
    expect(r.events[2]?.previousEventId).toBe(2);
  });
});

describe('JSONata and variables', () => {
  it('evaluates Arguments/Output with $states and Assign, scoping variables per Map iteration', async () => {
    const r = await run(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Assign: { factor: 10, seen: '{% $states.input.items %}' }, Next: 'M' },
          M: {
            Type: 'Map',
            Items: '{% $seen %}',
            ItemProcessor: {
              StartAt: 'Mul',
              // Output sees the variables as they were before this state's Assign (AWS semantics).
              States: { Mul: { Type: 'Pass', Assign: { local: '{% $states.input * $factor %}' }, Output: '{% $states.input * $factor %}', End: true } },
            },
            Output: '{% {"sum": $sum($states.result), "hasLocal": $exists($local)} %}',
            End: true,
          },
        },
      },
      { items: [1, 2, 3] },
    );
    expect(r.outcome.status).toBe('SUCCEEDED');
    expect(output(r)).toEqual({ sum: 60, hasLocal: false });
    const exited = r.events.find((e) => e.type === 'PassStateExited');
    expect(exited?.details?.assignedVariables).toEqual({ factor: '10', seen: '[1,2,3]' });
  });
  it('reports an undefined result as EvaluationFailed / States.QueryEvaluationError', async () => {
    const r = await run({ QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: { r: '{% $nope %}' }, End: true } } });
    expect(types(r.events)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(r.events[2]?.details).toMatchObject({ error: 'States.QueryEvaluationError', location: 'Output/r', state: 'S' });
    expect(r.outcome.error).toBe('States.QueryEvaluationError');
  });
});
