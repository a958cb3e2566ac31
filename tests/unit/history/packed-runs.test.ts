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
    expect(packed.runs.relative).toContain(packed.runs.keys.indexOf('enteredAt'));
    // A row's position of a key: `columns` says which key each position holds.
    const at = (table: typeof packed.runs, key: string) => (table.columns ?? table.keys.map((_, k) => k)).indexOf(table.keys.indexOf(key));
    expect(packed.runs.rows.map((row) => row[at(packed.runs, 'enteredAt')])).toEqual([0, 1000, 2000]);
    expect(packed.attempts.rows[0]?.[at(packed.attempts, 'scheduledAt')]).toBe(10);
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

  it('writes the columns null most often last and leaves out trailing nulls; the runs keep their key order', () => {
    // depth first: set on one run of three, it is the first key seen but not the first written.
    const deep: typeof runs = runs.map((run) => ({ depth: run.depth, ...run }));
    const packed = JSON.parse(JSON.stringify(packRuns(deep))) as ReturnType<typeof packRuns>;
    const { keys, columns, rows } = packed.runs;
    expect(keys[0]).toBe('depth');
    expect(columns).toBeDefined();
    const order = columns as number[];
    expect([...order].sort((a, b) => a - b)).toEqual(keys.map((_, k) => k));
    // stateName is set on every run, depth on one of three: depth is written after stateName.
    expect(order.indexOf(keys.indexOf('depth'))).toBeGreaterThan(order.indexOf(keys.indexOf('stateName')));
    // No row ends with a null, and the run with the fewest values has the shortest row.
    for (const row of rows) expect(row.at(-1)).not.toBeNull();
    expect(Math.min(...rows.map((row) => row.length))).toBeLessThan(keys.length);
    const back = unpackRuns(packed);
    expect(Object.keys(back[1] as object).filter((key) => key !== 'taskAttempts')).toEqual(keys);
    expect(normalise(back)).toEqual(normalise(deep));
    // A form without `columns` (older pages) reads positions as key indexes.
    const plain = { ...packed.runs, columns: undefined, rows: rows.map((row) => keys.map((_, k) => row[order.indexOf(k)] ?? null)) };
    expect(normalise(unpackRuns({ ...packed, runs: plain }))).toEqual(normalise(deep));
  });
});
