import { describe, expect, it } from 'vitest';
import { packRuns, unpackRuns } from '../../../lib/history/packed-runs.ts';
import { normalise, PACKED_RUNS_FIXTURE as runs } from './packed-runs-fixture.ts';

describe('packed runs (the page embeds the runs in this form)', () => {
  it('round-trips runs and their attempts through JSON', () => {
    const packed = JSON.parse(JSON.stringify(packRuns(runs))) as ReturnType<typeof packRuns>;
    expect(packed.strings).toContain('Work');
    const back = unpackRuns(packed);
    expect(normalise(back)).toEqual(normalise(runs));
    expect(back[1]?.taskAttempts).toHaveLength(2);
    expect(back[2]?.taskAttempts).toBeUndefined();
    expect(back[1]?.cause).toEqual({ nested: ['json', 1] });
    expect(unpackRuns(packRuns([]))).toEqual([]);
  });

  it('writes timestamps relative to the earliest one and restores them exactly', () => {
    const t0 = Date.UTC(2025, 2, 1, 9, 0, 0, 25);
    const timed: typeof runs = runs.map((run, i) => ({
      ...run,
      enteredAt: t0 + 1000 * i,
      exitedAt: i === 1 ? null : t0 + 1000 * i + 7,
      ...(run.taskAttempts ? { taskAttempts: run.taskAttempts.map((a, k) => ({ ...a, scheduledAt: t0 + 10 + k, closedAt: k === 1 ? null : t0 + 900 + k })) } : {}),
    }));
    const packed = JSON.parse(JSON.stringify(packRuns(timed))) as ReturnType<typeof packRuns>;
    expect(packed.epoch).toBe(t0);
    const entered = packed.runs.keys.indexOf('enteredAt');
    expect(packed.runs.relative).toContain(entered);
    expect(packed.runs.rows.map((row) => row[entered])).toEqual([0, 1000, 2000]);
    expect(packed.attempts.rows[0]?.[packed.attempts.keys.indexOf('scheduledAt')]).toBe(10);
    expect(normalise(unpackRuns(packed))).toEqual(normalise(timed));
    // Without any timestamp there is no epoch, and a form without one (older pages) still unpacks.
    expect(packRuns(runs.map(({ taskAttempts: _t, ...run }) => run)).epoch).toBeUndefined();
    expect(normalise(unpackRuns({ ...packed, epoch: undefined, runs: { ...packed.runs, relative: undefined } }).map((r) => r.stateName))).toEqual(['Start', 'Work', 'Done']);
  });
});
