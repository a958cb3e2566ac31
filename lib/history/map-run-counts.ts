// The vocabulary of a Distributed Map run's counts (DescribeMapRun itemCounts / executionCounts,
// AWS's field names) and the order the console shows them in.

export interface MapRunCounts {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable?: number;
  pendingRedrive?: number;
}

/** MapRunStatus (AWS): a Map Run is never TIMED_OUT or PENDING_REDRIVE itself. */
export const MAP_RUN_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED'] as const;

/** The counts' rows in the console's order, with the ExecutionStatus each stands for (null: no single status). */
export const MAP_RUN_COUNT_ROWS = [
  { key: 'pending', label: 'Pending', status: null },
  { key: 'running', label: 'Running', status: 'RUNNING' },
  { key: 'succeeded', label: 'Succeeded', status: 'SUCCEEDED' },
  { key: 'failed', label: 'Failed', status: 'FAILED' },
  { key: 'timedOut', label: 'Timed out', status: 'TIMED_OUT' },
  { key: 'aborted', label: 'Aborted', status: 'ABORTED' },
  { key: 'total', label: 'Total', status: null },
] as const satisfies ReadonlyArray<{ key: keyof MapRunCounts; label: string; status: string | null }>;

/** Child statuses a Map Run page lists first (what users open a Map Run for). */
export const MAP_RUN_FAILED_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/** Children that did not succeed: failed, timed out or aborted. */
export function unsuccessfulChildren(counts: MapRunCounts): number {
  return counts.failed + counts.timedOut + counts.aborted;
}

/**
 * Child executions the Map Run started. DescribeMapRun's `total` counts every item, and an item
 * whose child has not started is `pending` — after the run failed or was aborted too, when it never
 * will start (AWS counts as `aborted` only the children it stopped).
 */
export function startedChildren(counts: MapRunCounts): number {
  return Math.max(0, counts.total - counts.pending);
}

/** Whether a Map Run's status says it ended (null: not described yet). */
export function mapRunEnded(status: string | null): boolean {
  return status !== null && status !== 'RUNNING';
}

/**
 * Whether a Map Run page keeps refreshing: until the Map Run ended and the poller settled it
 * (`childrenListed`: every child listed after the end, and Express children's log records read).
 */
export function mapRunLive(status: string | null, childrenListed: boolean): boolean {
  return !mapRunEnded(status) || !childrenListed;
}

/** What a Distributed Map node shows of its Map Run (DescribeMapRun's executionCounts). */
export interface MapRunBadge {
  /** The one line drawn on the node: failed, timed out and aborted first, then succeeded of total, then those still going. */
  text: string;
  /** The same line shorter ("4/6 ok"), for a node too narrow for `text`. */
  short: string;
  /** The tooltip: every non-zero count. */
  title: string;
  /** Children that did not succeed (the node's badge is painted as a failure when > 0). */
  unsuccessful: number;
}

export function mapRunBadge(status: string | null, counts: MapRunCounts | null): MapRunBadge {
  if (counts === null) return { text: 'Map Run: not described yet', short: 'Map Run', title: 'The poller has not read DescribeMapRun for this Map Run yet', unsuccessful: 0 };
  const unsuccessful = unsuccessfulChildren(counts);
  const parts = (succeeded: string) => [
    ...(counts.failed > 0 ? [`${counts.failed} failed`] : []),
    ...(counts.timedOut > 0 ? [`${counts.timedOut} timed out`] : []),
    ...(counts.aborted > 0 ? [`${counts.aborted} aborted`] : []),
    `${counts.succeeded}/${counts.total} ${succeeded}`,
    ...(counts.running > 0 ? [`${counts.running} running`] : []),
    // Pending items of a run that ended will not start: say so rather than "pending".
    ...(counts.pending > 0 ? [`${counts.pending} ${mapRunEnded(status) ? 'not started' : 'pending'}`] : []),
  ];
  const text = parts('succeeded').join(' · ');
  const title = [
    text,
    `Map Run${status ? ` ${status}` : ''}: child executions`,
    ...MAP_RUN_COUNT_ROWS.filter((row) => row.key !== 'total' && (counts[row.key] ?? 0) > 0).map((row) => `${row.label}: ${counts[row.key]}`),
    `Total: ${counts.total}`,
  ].join('\n');
  return { text, short: parts('ok').join(' · '), title, unsuccessful };
}

/** A link's place in the parent's analysis (ExecutionLink's stateName / runIndex). */
export interface RunPlace {
  stateName: string | null;
  runIndex: number | null;
}

/**
 * The links a state run started (a Map run's Map Runs, a Task run's child executions): those tied
 * to this run, and those whose run is unknown but whose state is this run's (its events were not
 * tied to a run, e.g. a masked id), in the given order.
 */
export function linksOfRun<T extends RunPlace>(links: readonly T[], runIndex: number, stateName: string): T[] {
  return links.filter((l) => (l.runIndex !== null ? l.runIndex === runIndex : l.stateName === stateName));
}

/**
 * The run a link belongs to, for drawing it on the graph: its own run, else the last run of its
 * state (among `runs`); null when neither is known.
 */
export function runOfLink(runs: ReadonlyArray<{ stateName: string }>, link: RunPlace): number | null {
  if (link.runIndex !== null && link.runIndex >= 0 && link.runIndex < runs.length) return link.runIndex;
  if (link.stateName === null) return null;
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i]?.stateName === link.stateName) return i;
  return null;
}
