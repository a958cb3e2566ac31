// The execution page's URL selecting one run (components/execution/execution-view.tsx reads
// ?state=&run=&iter=): `run` is the run's index in the analysis (StateRun.ordinal), `iter` its
// enclosing inline Map iterations, so the graph opens on that iteration.
import { arnRouteSegment } from '@/lib/arn/arn-route-param';

export function runHref(executionArn: string, stateName: string, ordinal: number, mapIndex: readonly number[]): string {
  const params = new URLSearchParams({ state: stateName, run: String(ordinal) });
  if (mapIndex.length > 0) params.set('iter', mapIndex.join(','));
  return `/executions/${arnRouteSegment(executionArn)}?${params}`;
}
