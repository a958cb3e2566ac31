// What GET /api/executions/{arn} adds for DESIGN.md §2.9: the Map Runs the execution started
// (with DescribeMapRun's counts as last polled), the executions it started and the one that
// started it — read both ways, from the links its own events establish and from those the
// other execution's events do — and, for a Map Run child, its parent.
import { getExecutionBriefs, getMapRun, listExecutionLinks, listMapRunsOf, type MapRunCounts, type Store } from '../../store/index.ts';

export interface MapRunSummary {
  mapRunArn: string;
  /** The Distributed Map state that started it. */
  stateName: string | null;
  /** Its run in the parent's analysis (the node's selection). */
  runIndex: number | null;
  /** MapRunStatus; null until the poller described it. */
  status: string | null;
  itemCounts: MapRunCounts | null;
  executionCounts: MapRunCounts | null;
}

export interface RelatedExecution {
  executionArn: string;
  /** Of the parent's run that started the child (the step panel opens the child from it). */
  stateName: string | null;
  runIndex: number | null;
  /** How the link is known: the parent's task output or the child's input convention. */
  via: 'task-output' | 'started-by-input' | 'map-run';
  /** Stored status; null when the other execution is not in the store (yet). */
  status: string | null;
  name: string | null;
}

export interface ExecutionRelations {
  mapRuns: MapRunSummary[];
  /** The execution that started this one (a Map Run's parent or a StartExecution task's); null when none is known. */
  parentExecutionArn: string | null;
  parent: (RelatedExecution & { mapRunArn: string | null }) | null;
  /** Executions this one started through StartExecution tasks (not Map Run children: see mapRuns). */
  childExecutions: RelatedExecution[];
}

export async function getExecutionRelations(store: Store, executionArn: string): Promise<ExecutionRelations> {
  const [mapRuns, links, self] = await Promise.all([listMapRunsOf(store, executionArn), listExecutionLinks(store, executionArn), getExecutionBriefs(store, [executionArn])]);
  const children = new Map<string, RelatedExecution>();
  for (const l of links.outgoing) {
    if (l.kind === 'STARTED_EXECUTION') children.set(l.targetArn, { executionArn: l.targetArn, stateName: l.stateName, runIndex: l.runIndex, via: 'task-output', status: null, name: null });
  }
  for (const l of links.incoming) {
    if (l.kind === 'STARTED_BY' && !children.has(l.fromExecutionArn)) {
      children.set(l.fromExecutionArn, { executionArn: l.fromExecutionArn, stateName: null, runIndex: null, via: 'started-by-input', status: null, name: null });
    }
  }
  let parent: ExecutionRelations['parent'] = null;
  const mapRunArn = self.get(executionArn)?.mapRunArn ?? null;
  if (mapRunArn !== null) {
    const run = await getMapRun(store, mapRunArn);
    if (run) parent = { executionArn: run.executionArn, stateName: run.stateName, runIndex: run.runIndex, via: 'map-run', status: null, name: null, mapRunArn };
  }
  // A parent's task output names this execution (it knows which state started it), else this execution's input names the parent.
  const byTask = links.incoming.find((l) => l.kind === 'STARTED_EXECUTION');
  const byInput = links.outgoing.find((l) => l.kind === 'STARTED_BY');
  if (parent === null && byTask) parent = { executionArn: byTask.fromExecutionArn, stateName: byTask.stateName, runIndex: byTask.runIndex, via: 'task-output', status: null, name: null, mapRunArn: null };
  else if (parent === null && byInput) parent = { executionArn: byInput.targetArn, stateName: null, runIndex: null, via: 'started-by-input', status: null, name: null, mapRunArn: null };
  if (parent !== null && parent.via === 'started-by-input') {
    // The parent's own link, when its events are stored, names the state.
    const from = await listExecutionLinks(store, parent.executionArn);
    const own = from.outgoing.find((l) => l.kind === 'STARTED_EXECUTION' && l.targetArn === executionArn);
    if (own) parent = { ...parent, stateName: own.stateName, runIndex: own.runIndex };
  }

  const briefs = await getExecutionBriefs(store, [...children.keys(), ...(parent ? [parent.executionArn] : [])]);
  const withBrief = <T extends RelatedExecution>(r: T): T => {
    const b = briefs.get(r.executionArn);
    return b ? { ...r, status: b.status, name: b.name } : r;
  };
  return {
    mapRuns: mapRuns.map((m) => ({
      mapRunArn: m.mapRunArn,
      stateName: m.stateName,
      runIndex: m.runIndex,
      status: m.mapRun?.status ?? null,
      itemCounts: m.mapRun?.itemCounts ?? null,
      executionCounts: m.mapRun?.executionCounts ?? null,
    })),
    parentExecutionArn: parent?.executionArn ?? null,
    parent: parent ? withBrief(parent) : null,
    childExecutions: [...children.values()].map(withBrief),
  };
}
