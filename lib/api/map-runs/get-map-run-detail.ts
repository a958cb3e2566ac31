// GET /api/map-runs/{arn} and the Map Run page (DESIGN.md §2.9): the Map Run as DescribeMapRun
// last said (status, item and execution counts, tolerated failure, concurrency), the Map state
// and parent execution that started it, and the stored children per status (the list's filter
// chips). The children themselves are GET /api/executions?mapRunArn=.
import { countMapRunChildren, getExecutionBriefs, getMapRun, type ExecutionBrief, type Store, type StoredMapRun } from '../../store/index.ts';

export interface MapRunDetail {
  mapRun: StoredMapRun;
  parent: ExecutionBrief | null;
  /** Stored children per ExecutionStatus. */
  storedChildren: Record<string, number>;
  /** Stored children in all. */
  storedChildrenTotal: number;
}

export async function getMapRunDetail(store: Store, mapRunArn: string): Promise<MapRunDetail | null> {
  const mapRun = await getMapRun(store, mapRunArn);
  if (mapRun === null) return null;
  const [briefs, storedChildren] = await Promise.all([getExecutionBriefs(store, [mapRun.executionArn]), countMapRunChildren(store, mapRunArn)]);
  return {
    mapRun,
    parent: briefs.get(mapRun.executionArn) ?? null,
    storedChildren,
    storedChildrenTotal: Object.values(storedChildren).reduce((a, b) => a + b, 0),
  };
}
