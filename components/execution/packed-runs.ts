// The execution page's embedded detail with its runs packed (lib/history/packed-runs.ts): the
// server page packs, the client tree unpacks.
import type { ExecutionDetail } from '@/lib/api/executions/get-execution-detail';
import { packRuns, unpackRuns, type PackedRuns } from '@/lib/history';

export type PackedExecutionDetail = Omit<ExecutionDetail, 'analysis'> & {
  analysis: Omit<ExecutionDetail['analysis'], 'runs'> & { runs: PackedRuns };
};

export function packDetail(detail: ExecutionDetail): PackedExecutionDetail {
  return { ...detail, analysis: { ...detail.analysis, runs: packRuns(detail.analysis.runs) } };
}

export function unpackDetail(packed: PackedExecutionDetail): ExecutionDetail {
  return { ...packed, analysis: { ...packed.analysis, runs: unpackRuns(packed.analysis.runs) } };
}
