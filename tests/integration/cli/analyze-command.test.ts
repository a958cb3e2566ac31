import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, runSteplens } from '../../helpers/run-steplens';

const catchFile = join(corpusDir, 'scenarios.test_base_scenarios__TestBaseScenarios.test_catch_states_runtime__0.json');

describe('steplens analyze', () => {
  it('prints the analysis of a recorded history as one JSON object', async () => {
    const result = await runSteplens(['analyze', catchFile]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const analysis = JSON.parse(result.stdout);
    const recorded = JSON.parse(readFileSync(catchFile, 'utf8')) as { events: Array<{ type: string }> };
    expect(analysis.eventCount).toBe(recorded.events.length);
    expect(analysis.runs.length).toBe(recorded.events.filter((event) => event.type.endsWith('StateEntered')).length);
    expect(['SUCCEEDED', 'FAILED']).toContain(analysis.status);
  });

  it('reads standard input for "-"', async () => {
    const history = {
      events: [
        { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 1700000000.0, executionStartedEventDetails: { input: '{}' } },
        { id: 2, previousEventId: 0, type: 'PassStateEntered', timestamp: 1700000000.5, stateEnteredEventDetails: { name: 'P', input: '{}' } },
        { id: 3, previousEventId: 2, type: 'PassStateExited', timestamp: 1700000001.0, stateExitedEventDetails: { name: 'P', output: '{}' } },
        { id: 4, previousEventId: 3, type: 'ExecutionSucceeded', timestamp: 1700000001.0, executionSucceededEventDetails: { output: '{}' } },
      ],
    };
    const result = await runSteplens(['analyze', '-'], { stdin: JSON.stringify(history) });
    expect(result.code).toBe(0);
    const analysis = JSON.parse(result.stdout);
    expect(analysis.status).toBe('SUCCEEDED');
    expect(analysis.runs).toMatchObject([{ stateName: 'P', stateType: 'Pass', status: 'SUCCEEDED', durationMs: 500 }]);
  });

  it.each([
    ['not JSON', 'this is { not json'],
    ['JSON without events', '{"hello": "world"}'],
    ['no event with a type', '[{"id": 1}, {"id": 2}]'],
    ['an empty input', ''],
  ])('exits 2 with one line on stderr for %s', async (_label, stdin) => {
    const result = await runSteplens(['analyze', '-'], { stdin });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^steplens: stdin: /);
    expect(result.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
  });

  it('names a missing file', async () => {
    const result = await runSteplens(['analyze', '/nonexistent/history.json']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('steplens: /nonexistent/history.json: cannot read: no such file');
  });

  it('keeps odd single events and lists them in warnings', async () => {
    const events = [
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 1700000000, executionStartedEventDetails: { input: '{}' } },
      { id: 2, previousEventId: 1, type: 'SomethingNewFromAws', timestamp: 1700000001 },
      { id: 3, previousEventId: 2, type: 'ExecutionSucceeded', timestamp: 1700000002, executionSucceededEventDetails: { output: '{}' } },
    ];
    const result = await runSteplens(['analyze', '-'], { stdin: JSON.stringify(events) });
    expect(result.code).toBe(0);
    const analysis = JSON.parse(result.stdout);
    expect(analysis.eventCount).toBe(3);
    expect(analysis.status).toBe('SUCCEEDED');
    expect(analysis.warnings.join(' ')).toContain('SomethingNewFromAws');
  });
});
