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

/**
 * `omitPayloads`: what the page embeds, the runs without their payloads (slimDetail's form, packed
 * in one pass without copying every run first); the step panel fetches its run's.
 */
export function packDetail(detail: ExecutionDetail, options: { omitPayloads?: boolean } = {}): PackedExecutionDetail {
  const omit = options.omitPayloads === true;
  const runs = packRuns(detail.analysis.runs, { omitPayloads: omit });
  const packed: PackedExecutionDetail = { ...detail, ...(omit ? { runPayloads: 'omitted' as const } : {}), analysis: { ...detail.analysis, runs } };
  const { value, folded } = foldDeepValues(packed);
  return folded ? { ...value, folded: true } : packed;
}

export function unpackDetail(packed: PackedExecutionDetail): ExecutionDetail {
  const { folded: _folded, ...rest } = packed.folded ? unfoldDeepValues(packed) : packed;
  return { ...rest, analysis: { ...rest.analysis, runs: unpackRuns(rest.analysis.runs) } };
}
