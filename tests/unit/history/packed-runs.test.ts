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

  it('packs the runs without their payloads in one pass, as the slim runs packed whole', () => {
    const withPayloads: typeof runs = runs.map((run, i) => ({
      ...run,
      input: `{"in":${i}}`,
      output: i === 1 ? null : `{"out":${i}}`,
      ...(run.taskAttempts ? { taskAttempts: run.taskAttempts.map((a, k) => ({ ...a, parameters: `{"p":${k}}`, result: k === 1 ? '{"r":1}' : undefined })) } : {}),
    }));
    // What get-execution-detail.ts slimDetail does to each run before the page packed it.
    const slim = withPayloads.map(({ input: _i, output: _o, taskAttempts, ...rest }) => (taskAttempts === undefined ? rest : { ...rest, taskAttempts: taskAttempts.map((a) => ({ ...a, parameters: undefined, result: undefined })) }));
    const packed = JSON.parse(JSON.stringify(packRuns(withPayloads, { omitPayloads: true }))) as ReturnType<typeof packRuns>;
    expect(packed.runs.keys).not.toContain('input');
    expect(packed.runs.keys).not.toContain('output');
    expect(packed.strings.filter((text) => text.startsWith('{"p"') || text.startsWith('{"in"') || text.startsWith('{"r"'))).toEqual([]);
    expect(unpackRuns(packed)).toEqual(unpackRuns(JSON.parse(JSON.stringify(packRuns(slim))) as ReturnType<typeof packRuns>));
    expect(unpackRuns(packed)[1]?.taskAttempts?.[1]).toMatchObject({ attempt: 2, parameters: null, result: null, error: 'Lambda.Boom' });
    // Without the option the payloads stay.
    expect(unpackRuns(packRuns(withPayloads))[1]?.taskAttempts?.[1]?.result).toBe('{"r":1}');
  });
});
