import { describe, expect, it } from 'vitest';
import { dataPath, findStateDefinition } from '../../../../lib/history/data-path.ts';
import type { StateRun } from '../../../../lib/history/types.ts';

const definition = {
  StartAt: 'Outer',
  States: {
    Outer: {
      Type: 'Parallel',
      Branches: [{ StartAt: 'Deep', States: { Deep: { Type: 'Map', ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Task', Resource: 'x', InputPath: '$.a', ResultPath: '$.r' } } } } } }],
      End: true,
    },
    Call: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      InputPath: '$.payload',
      Parameters: { 'FunctionName': 'f', 'Payload.$': '$' },
      ResultSelector: { 'body.$': '$.Payload' },
      ResultPath: '$.result',
      OutputPath: '$.result',
      End: true,
    },
    Set: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.x', End: true },
  },
};

function run(partial: Partial<StateRun>): StateRun {
  return { stateName: 'Call', stateType: 'Task', status: 'SUCCEEDED', attempts: 0, mapIndex: [], enteredEventId: 1, exitedEventId: 5, durationMs: 10, error: null, cause: null, ...partial };
}

describe('findStateDefinition', () => {
  it('finds top-level and nested states (Parallel branches, Map item processors)', () => {
    expect(findStateDefinition(definition, 'Call')?.ResultPath).toBe('$.result');
    expect(findStateDefinition(definition, 'Inner')?.InputPath).toBe('$.a');
    expect(findStateDefinition(JSON.stringify(definition), 'Deep')?.Type).toBe('Map');
  });
  it('returns null for unknown names and bad definitions', () => {
    expect(findStateDefinition(definition, 'Nope')).toBeNull();
    expect(findStateDefinition('not json', 'Call')).toBeNull();
    expect(findStateDefinition(null, 'Call')).toBeNull();
  });
});

describe('dataPath', () => {
  const attempt = (n: number, status: 'SUCCEEDED' | 'FAILED', result: unknown) => ({
    attempt: n, scheduledEventId: n, closedEventId: n + 1, status, scheduledAt: null, closedAt: null, backoffMs: null,
    resource: 'invoke', resourceType: 'lambda', parameters: '{"FunctionName":"f","Payload":{"k":1}}', result, error: status === 'FAILED' ? 'E' : null, cause: null,
  });

  it('reconstructs a Task: input → parameters → raw result → output, labelled with the path fields', () => {
    const stages = dataPath(
      run({ input: '{"payload":{"k":1}}', output: '{"body":{"ok":true}}', taskAttempts: [attempt(1, 'FAILED', null), attempt(2, 'SUCCEEDED', '{"Payload":{"ok":true}}')] }),
      findStateDefinition(definition, 'Call'),
    );
    expect(stages.map((s) => s.key)).toEqual(['input', 'effectiveInput', 'result', 'output']);
    expect(stages[0]?.value).toEqual({ payload: { k: 1 } });
    expect(stages[1]?.value).toEqual({ FunctionName: 'f', Payload: { k: 1 } });
    expect(stages[1]?.transforms.map((t) => t.field)).toEqual(['InputPath', 'Parameters']);
    expect(stages[2]?.value).toEqual({ Payload: { ok: true } });
    expect(stages[3]?.transforms.map((t) => t.field)).toEqual(['ResultSelector', 'ResultPath', 'OutputPath']);
    expect(stages[3]?.value).toEqual({ body: { ok: true } });
    expect(stages.every((s) => s.recorded)).toBe(true);
  });

  it('marks what the history did not record (failed task, no output)', () => {
    const stages = dataPath(run({ status: 'FAILED', input: '{}', taskAttempts: [attempt(1, 'FAILED', null)] }), findStateDefinition(definition, 'Call'));
    expect(stages.find((s) => s.key === 'result')?.recorded).toBe(false);
    expect(stages.find((s) => s.key === 'output')?.recorded).toBe(false);
  });

  it('shows a Pass state Result from the definition', () => {
    const stages = dataPath(run({ stateName: 'Set', stateType: 'Pass', input: '{}', output: '{"x":{"x":1}}' }), findStateDefinition(definition, 'Set'));
    expect(stages.map((s) => s.key)).toEqual(['input', 'result', 'output']);
    expect(stages[1]?.value).toEqual({ x: 1 });
    expect(stages[2]?.transforms.map((t) => t.field)).toEqual(['ResultPath']);
  });

  it('names the default path fields when the definition is unknown', () => {
    const stages = dataPath(run({ input: 'not json', taskAttempts: [attempt(1, 'SUCCEEDED', '1')] }), null);
    expect(stages[0]?.value).toBe('not json');
    expect(stages[1]?.transforms.map((t) => t.field)).toEqual(['InputPath', 'Parameters']);
    expect(stages[3]?.transforms.map((t) => t.field)).toEqual(['ResultSelector', 'ResultPath', 'OutputPath']);
  });
});
