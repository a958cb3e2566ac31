import { describe, expect, it } from 'vitest';
import { packDetail, unpackDetail } from '../../../../components/execution/packed-runs.ts';
import type { ExecutionDetail } from '../../../../lib/api/executions/get-execution-detail.ts';
import { normalise, PACKED_RUNS_FIXTURE as runs } from '../../history/packed-runs-fixture.ts';

describe('packed execution detail (the page embeds its detail in this form; runs: tests/unit/history/packed-runs.test.ts)', () => {
  it('packs a whole detail and leaves the rest as is', () => {
    const detail = { execution: { name: 'x' }, definition: { StartAt: 'Start' }, runPayloads: 'omitted', analysis: { status: 'FAILED', eventCount: 10, failure: { error: 'Lambda.Boom', cause: null, stateName: 'Work', runIndex: 1 }, warnings: ['w'], runs } } as unknown as ExecutionDetail;
    const back = unpackDetail(JSON.parse(JSON.stringify(packDetail(detail))) as ReturnType<typeof packDetail>);
    expect(normalise(back)).toEqual(normalise(detail));
  });
});
