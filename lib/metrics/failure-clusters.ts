// Failure clusters of a window (DESIGN.md §2.5 GET /api/failure-clusters), defined here;
// lib/store's queryFailureClusters computes the same in SQL and
// tests/integration/store/failure-clusters.test.ts checks it against this function.
//
// Members: the FAILED and TIMED_OUT executions with from <= startDate < to (of one state machine,
// or of all). Each is in exactly one cluster, the one of its failureClusterKey (per state machine;
// an execution nothing was derived for yet is in its machine's unanalysedClusterKey cluster), so
// the counts add up to the failed + timed-out total. A cascade (a Map iteration's failure that
// aborted its siblings, a Parallel branch's that aborted the others) is one execution with one
// failure, the run that raised the error: it adds one member to one cluster, never several.
//   count                members;
//   firstSeen / lastSeen earliest / latest member startDate (epoch ms);
//   revisions            distinct known revisionIds of the members, in the order of their first
//                        member (ties by revisionId);
//   rootCauses           members reached through a Catch, grouped by (state, error) of the run
//                        that first raised it, most first (ties by stateName, then error; null last);
//   sampleExecutionArns  the SAMPLE_SIZE newest members (startDate desc, executionArn desc);
//   sparkline            members per slice of the window: SPARKLINE_POINTS equal slices of
//                        sparklineSliceMs (the last may run past `to`);
// clusters largest first (ties: latest lastSeen first, then id).
import { FAILURE_STATUSES } from './rates.ts';
import { failureClusterKey, unanalysedClusterKey, type FailureClusterKey, type FailureLike } from './failure-cluster-key.ts';
import { checkWindow, epochMs, inWindow, type TimeWindow } from './time-window.ts';

export const SAMPLE_SIZE = 5;
export const SPARKLINE_POINTS = 30;

/** What the clusters read of an execution. */
export interface ClusterExecution {
  executionArn: string;
  stateMachineArn: string;
  status: string;
  startDate: Date | number | null;
  revisionId: string | null;
  /** Its analysis' failure; null when nothing was derived from events yet. */
  failure: (FailureLike & { rootCause: { stateName: string; error: string | null } | null }) | null;
}

export interface RootCauseCount {
  stateName: string;
  error: string | null;
  count: number;
}

export interface FailureCluster extends FailureClusterKey {
  count: number;
  /** Epoch ms. */
  firstSeen: number;
  lastSeen: number;
  revisions: string[];
  rootCauses: RootCauseCount[];
  sampleExecutionArns: string[];
  /** SPARKLINE_POINTS member counts, one per slice of the window. */
  sparkline: number[];
}

/** The width in ms of a sparkline slice of the window: SPARKLINE_POINTS of them cover it. */
export function sparklineSliceMs(window: TimeWindow): number {
  return Math.max(1, Math.ceil((window.to - window.from) / SPARKLINE_POINTS));
}

const FAILURE_STATUS_SET: ReadonlySet<string> = new Set(FAILURE_STATUSES);

/** Code-unit order, nulls last: the same everywhere (SQL sorts with COLLATE "C" / BINARY). */
export function compareNullableText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export function compareClusters(a: FailureCluster, b: FailureCluster): number {
  return b.count - a.count || b.lastSeen - a.lastSeen || compareNullableText(a.id, b.id);
}

export function compareRootCauses(a: RootCauseCount, b: RootCauseCount): number {
  return b.count - a.count || compareNullableText(a.stateName, b.stateName) || compareNullableText(a.error, b.error);
}

interface Member {
  arn: string;
  start: number;
  revisionId: string | null;
  rootCause: { stateName: string; error: string | null } | null;
}

export function failureClusters(executions: Iterable<ClusterExecution>, window: TimeWindow, stateMachineArn?: string): FailureCluster[] {
  checkWindow(window);
  const slice = sparklineSliceMs(window);
  const groups = new Map<string, { key: FailureClusterKey; members: Member[] }>();
  for (const execution of executions) {
    if (!FAILURE_STATUS_SET.has(execution.status)) continue;
    if (stateMachineArn !== undefined && execution.stateMachineArn !== stateMachineArn) continue;
    const start = epochMs(execution.startDate);
    if (start === null || !inWindow(start, window)) continue;
    const key = execution.failure !== null ? failureClusterKey(execution.stateMachineArn, execution.failure) : unanalysedClusterKey(execution.stateMachineArn);
    let group = groups.get(key.id);
    if (group === undefined) groups.set(key.id, (group = { key, members: [] }));
    group.members.push({ arn: execution.executionArn, start, revisionId: execution.revisionId, rootCause: execution.failure?.rootCause ?? null });
  }
  const clusters: FailureCluster[] = [];
  for (const { key, members } of groups.values()) {
    const byNewest = [...members].sort((a, b) => b.start - a.start || compareNullableText(b.arn, a.arn));
    const revisionFirst = new Map<string, number>();
    const rootCauses = new Map<string, RootCauseCount>();
    const sparkline = new Array<number>(SPARKLINE_POINTS).fill(0);
    for (const member of members) {
      if (member.revisionId !== null) revisionFirst.set(member.revisionId, Math.min(revisionFirst.get(member.revisionId) ?? Infinity, member.start));
      if (member.rootCause !== null) {
        const id = JSON.stringify([member.rootCause.stateName, member.rootCause.error]);
        const entry = rootCauses.get(id) ?? { stateName: member.rootCause.stateName, error: member.rootCause.error, count: 0 };
        entry.count++;
        rootCauses.set(id, entry);
      }
      const point = Math.floor((member.start - window.from) / slice);
      sparkline[point] = (sparkline[point] ?? 0) + 1;
    }
    clusters.push({
      ...key,
      count: members.length,
      firstSeen: (byNewest[byNewest.length - 1] as Member).start,
      lastSeen: (byNewest[0] as Member).start,
      revisions: [...revisionFirst.entries()].sort((a, b) => a[1] - b[1] || compareNullableText(a[0], b[0])).map(([revisionId]) => revisionId),
      rootCauses: [...rootCauses.values()].sort(compareRootCauses),
      sampleExecutionArns: byNewest.slice(0, SAMPLE_SIZE).map((member) => member.arn),
      sparkline,
    });
  }
  return clusters.sort(compareClusters);
}
