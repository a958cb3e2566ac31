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
});
