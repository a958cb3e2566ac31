// lib/graph diffPaint: the diff of two executions painted on a definition's states by name.
import { describe, expect, it } from 'vitest';
import { diffPaint } from '../../../lib/graph/diff-paint.ts';
import type { StateDiff, StateSide } from '../../../lib/metrics/execution-diff.ts';

const side = (status: StateSide['status'], extra: Partial<StateSide> = {}): StateSide => ({ status, runs: 1, durationMs: 1500, attempts: 1, error: null, ...extra });
const state = (stateName: string, taken: StateDiff['taken'], a: StateSide | null, b: StateSide | null, differs = false): StateDiff => ({ stateName, stateType: 'Task', taken, a, b, differs, runs: [] });

describe('diffPaint', () => {
  const states = [
    state('Validate', 'both', side('SUCCEEDED'), side('SUCCEEDED')),
    state('Charge', 'both', side('FAILED', { error: 'Card.Declined', attempts: 3 }), side('SUCCEEDED'), true),
    state('Ship', 'b', null, side('SUCCEEDED')),
    state('Refund', 'a', side('SUCCEEDED'), null, true),
    state('Notify', 'both', side('SUCCEEDED'), side('SUCCEEDED'), true),
  ];
  const divergence = { stateName: 'Charge', mapIndex: [], occurrence: 0, reasons: ['status' as const], a: null, b: null };
  const paint = diffPaint({ states, firstDivergence: divergence }, ['Validate', 'Charge', 'Ship', 'Refund', 'Notify', 'Archive']);

  it('paints each drawn state by who took it, and the rest as taken by neither', () => {
    expect(Object.fromEntries(Object.values(paint).map((p) => [p.stateName, p.membership]))).toEqual({ Validate: 'both', Charge: 'both', Ship: 'b', Refund: 'a', Notify: 'both', Archive: 'none' });
  });

  it('labels outcomes side by side and marks where the paths part', () => {
    expect(paint.Charge).toMatchObject({ diverges: true, differs: true, label: '◆ A failed · B ok' });
    expect(paint.Validate?.label).toBe('both ok');
    expect(paint.Notify?.label).toBe('both ok · differ');
    expect(paint.Ship?.label).toBe('only B');
    expect(paint.Archive?.label).toBe('not run');
    expect(paint.Charge?.title).toBe('Charge (taken by both)\nA: FAILED · 1 run · 3 attempts · 1.5 s · Card.Declined\nB: SUCCEEDED · 1 run · 1 attempt · 1.5 s\nThe paths part here (first divergence).');
    expect(paint.Ship?.title.split('\n')[1]).toBe('A: not run');
  });

  it('only paints the states asked for (another definition\'s states are left out)', () => {
    expect(Object.keys(diffPaint({ states, firstDivergence: null }, ['Ship']))).toEqual(['Ship']);
  });
});
