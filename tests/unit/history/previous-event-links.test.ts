import { describe, expect, it } from 'vitest';
import { analyzeExecution, parseHistory, type ExecutionAnalysis } from '../../../lib/history/index.ts';
import { entered, ev, execStarted, exited, type WireEvent } from './build-events.ts';

// previousEventId links that AWS never writes: a cycle, a link to the event itself or to a later
// one. The analysis ends (every walk steps to earlier events only), places such events by their
// order, and says so in one grouped warning.

function analyze(events: WireEvent[]): ExecutionAnalysis {
  return analyzeExecution(parseHistory({ events }).events);
}

const WARNING = /previousEventId names the event itself or a later one \(a cycle or forward link\); placed by its order/;

describe('previousEventId cycles and forward links', () => {
  it('warns about a cycle (2 → 3 → 2), naming the events, and still finds the run', () => {
    const a = analyze([execStarted(0), entered(2, 3, 'Pass', 'Shape', 1), exited(3, 2, 'Pass', 'Shape', 2), ev(4, 3, 'ExecutionSucceeded', { output: '{}' }, 3)]);
    expect(a.status).toBe('SUCCEEDED');
    expect(a.runs.map((run) => [run.stateName, run.status])).toEqual([['Shape', 'SUCCEEDED']]);
    expect(a.warnings.filter((line) => WARNING.test(line))).toEqual([expect.stringMatching(/\(2\)$/)]);
  });

  it('warns about a self link and a long cycle, grouped into one line with the count', () => {
    const a = analyze([
      execStarted(0),
      entered(2, 2, 'Pass', 'A', 1),
      exited(3, 5, 'Pass', 'A', 2),
      entered(4, 3, 'Pass', 'B', 3),
      exited(5, 4, 'Pass', 'B', 4),
      ev(6, 1, 'ExecutionFailed', { error: 'E', cause: 'c' }, 5),
    ]);
    expect(a.status).toBe('FAILED');
    expect(a.warnings.filter((line) => WARNING.test(line))).toEqual([expect.stringMatching(/^2 events: .*\(2, 3\)$/)]);
  });

  it('says nothing about a link to an event that is not in the history (partial logs do that)', () => {
    const a = analyze([execStarted(0), entered(7, 6, 'Pass', 'Shape', 1), exited(8, 7, 'Pass', 'Shape', 2)]);
    expect(a.warnings.filter((line) => WARNING.test(line))).toEqual([]);
  });
});
