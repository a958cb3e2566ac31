import { describe, expect, it } from 'vitest';
import { computeStateStats, type ExecutionRuns, type StateRunFigures } from '../../../lib/metrics/index.ts';

const T0 = Date.UTC(2024, 0, 1);
const window = { from: T0, to: T0 + 3_600_000 };
const run = (stateName: string, status: string, attempts = 0, durationMs: number | null = null): StateRunFigures => ({ stateName, status, attempts, durationMs });

describe('computeStateStats', () => {
  it('is empty for no executions, and counts executions without runs', () => {
    expect(computeStateStats([], window)).toEqual({ executions: 0, items: [] });
    expect(computeStateStats([{ startDate: T0, runs: [] }], window)).toEqual({ executions: 1, items: [] });
  });

  it('selects executions by startDate in [from, to): from included, to excluded, unknown excluded', () => {
    const executions: ExecutionRuns[] = [
      { startDate: T0, runs: [run('A', 'SUCCEEDED')] },
      { startDate: new Date(window.to - 1), runs: [run('A', 'SUCCEEDED')] },
      { startDate: window.to, runs: [run('A', 'FAILED')] },
      { startDate: T0 - 1, runs: [run('A', 'FAILED')] },
      { startDate: null, runs: [run('A', 'FAILED')] },
    ];
    const stats = computeStateStats(executions, window);
    expect(stats.executions).toBe(2);
    expect(stats.items).toEqual([
      { stateName: 'A', runs: 2, failed: 0, caught: 0, aborted: 0, attempts: 0, retriedRuns: 0, durationMs: { p50: null, p95: null, p99: null, max: null } },
    ]);
  });

  it('counts runs by status, sums attempts, counts retried runs and takes nearest-rank durations', () => {
    const executions: ExecutionRuns[] = [
      { startDate: T0, runs: [run('Charge', 'SUCCEEDED', 1, 100), run('Charge', 'FAILED', 3, 900), run('Notify', 'RUNNING', 1, null)] },
      { startDate: T0 + 1, runs: [run('Charge', 'CAUGHT', 2, 300), run('Charge', 'ABORTED', 1, null), run('Charge', 'SUCCEEDED', 0, 200)] },
    ];
    expect(computeStateStats(executions, window).items).toEqual([
      { stateName: 'Charge', runs: 5, failed: 1, caught: 1, aborted: 1, attempts: 7, retriedRuns: 2, durationMs: { p50: 200, p95: 900, p99: 900, max: 900 } },
      { stateName: 'Notify', runs: 1, failed: 0, caught: 0, aborted: 0, attempts: 1, retriedRuns: 0, durationMs: { p50: null, p95: null, p99: null, max: null } },
    ]);
  });

  it('orders items by stateName in code-unit order, not locale order', () => {
    const names = ['b', 'B', 'a', 'Ä', 'A', '_x', 'ß'];
    const stats = computeStateStats([{ startDate: T0, runs: names.map((n) => run(n, 'SUCCEEDED')) }], window);
    expect(stats.items.map((i) => i.stateName)).toEqual(['A', 'B', '_x', 'a', 'b', 'Ä', 'ß']);
  });
});
