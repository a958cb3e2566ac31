// Which definition an execution ran, with DescribeStateMachineForExecution (refill 1/s!) called
// once per revision, never per execution. DSMFE returns the definition and its updateDate (when
// that revision took effect); every execution started between that date and the next revision's
// ran it. The intervals are kept per state machine in PollerCursor "revisions:<arn>".
// An execution newer than the current revision's last sighting is confirmed with one
// DescribeStateMachine (20/s) instead.
import { AwsError, type SourceClient } from '../aws/index.ts';
import { definitionRevisionId, getPollerCursor, setPollerCursor } from '../store/index.ts';
import { refreshCurrentRevision } from './discover-state-machines.ts';
import type { KnownStateMachine, PollerContext, RevisionInterval, SourceState } from './poller-context.ts';

export interface ResolvedRevision {
  revisionId: string;
  /** Present only when it was just fetched (the store already has the others). */
  definition: string | null;
}

const locks = new WeakMap<SourceState, Map<string, Promise<unknown>>>();

/** Serialised per state machine, so concurrent fetches of one new revision call DSMFE once. */
export function resolveRevision(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine,
  executionArn: string,
  startDate: number | null,
): Promise<ResolvedRevision | null> {
  let perMachine = locks.get(state);
  if (!perMachine) locks.set(state, (perMachine = new Map()));
  const previous = perMachine.get(machine.stateMachineArn) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => resolveNow(ctx, client, state, machine, executionArn, startDate));
  perMachine.set(machine.stateMachineArn, next);
  return next;
}

async function resolveNow(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine,
  executionArn: string,
  startDate: number | null,
): Promise<ResolvedRevision | null> {
  const intervals = await loadIntervals(ctx, state, machine.stateMachineArn);
  if (startDate !== null) {
    const found = intervalAt(intervals, startDate);
    if (found) {
      const isLatest = found === intervals[intervals.length - 1];
      if (!isLatest) return { revisionId: found.key, definition: null };
      // The latest known revision holds until the state machine is updated: confirm it is still current.
      if (startDate > machine.currentSeenAt) await refreshCurrentRevision(client, machine);
      if (machine.currentRevisionKey === found.key) return { revisionId: found.key, definition: null };
    }
  }
  let described;
  try {
    described = await client.describeStateMachineForExecution(executionArn);
  } catch (error) {
    if (error instanceof AwsError && !error.retryable && error.kind !== 'expired') return null;
    throw error;
  }
  if (!described.definition) return null;
  const key = described.revisionId ?? definitionRevisionId(described.definition);
  const since = described.updateDate ?? startDate ?? Date.now();
  const existing = intervals.find((i) => i.key === key);
  if (!existing) intervals.push({ key, since });
  else existing.since = Math.min(existing.since, since);
  intervals.sort((a, b) => a.since - b.since);
  await setPollerCursor(ctx.store, `revisions:${machine.stateMachineArn}`, intervals);
  return { revisionId: key, definition: described.definition };
}

function intervalAt(intervals: readonly RevisionInterval[], at: number): RevisionInterval | null {
  let found: RevisionInterval | null = null;
  for (const interval of intervals) if (interval.since <= at) found = interval;
  return found;
}

async function loadIntervals(ctx: PollerContext, state: SourceState, arn: string): Promise<RevisionInterval[]> {
  let intervals = state.revisions.get(arn);
  if (!intervals) {
    intervals = (await getPollerCursor<RevisionInterval[]>(ctx.store, `revisions:${arn}`)) ?? [];
    state.revisions.set(arn, intervals);
  }
  return intervals;
}
