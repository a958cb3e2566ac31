// The execution page's embedded detail with its runs packed (lib/history/packed-runs.ts): the
// server page packs, the client tree unpacks. Values nested deeper than React's serialiser can
// recurse (a definition or cause 10,000 levels deep) travel as JSON text (json-text.ts foldDeepValues).
import type { ExecutionDetail } from '@/lib/api/executions/get-execution-detail';
import { packRuns, unpackRuns, type PackedRuns } from '@/lib/history';
import { foldDeepValues, unfoldDeepValues } from '@/lib/history/json-text';

export type PackedExecutionDetail = Omit<ExecutionDetail, 'analysis'> & {
  analysis: Omit<ExecutionDetail['analysis'], 'runs'> & { runs: PackedRuns };
  /** True when some value was folded (unpackDetail then unfolds the whole detail). */
  folded?: boolean;
};

export function packDetail(detail: ExecutionDetail): PackedExecutionDetail {
  const packed: PackedExecutionDetail = { ...detail, analysis: { ...detail.analysis, runs: packRuns(detail.analysis.runs) } };
  const { value, folded } = foldDeepValues(packed);
  return folded ? { ...value, folded: true } : packed;
}

export function unpackDetail(packed: PackedExecutionDetail): ExecutionDetail {
  const { folded: _folded, ...rest } = packed.folded ? unfoldDeepValues(packed) : packed;
  return { ...rest, analysis: { ...rest.analysis, runs: unpackRuns(rest.analysis.runs) } };
}
