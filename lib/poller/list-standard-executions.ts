// ListExecutions for one Standard state machine, newest first, committed page by page in one
// transaction with its cursor (PollerCursor "listing:<arn>"):
//   { watermark: startDate (ms) through which every execution is recorded,
//     pass: { top, nextToken, at } while a listing pass is part-way (resumable for 23 h) }.
// A pass stops at the first already-known terminal execution at or below the watermark, so a
// steady-state cycle costs one call. Executions become store rows without events; the backlog
// (fetch-backlog.ts) fetches their histories by priority.
import { AwsError, type ExecutionListEntry, type SourceClient } from '../aws/index.ts';
import { isTerminal } from '../history/index.ts';
import { findKnownExecutions, getPollerCursor, recordListedExecutions, type ListedExecution } from '../store/index.ts';
import { storeSourceOf, type KnownStateMachine, type PollerContext, type SourceState } from './poller-context.ts';

interface ListingCursor {
  watermark: number | null;
  pass?: { top: number | null; nextToken: string; at: number } | null;
}

const TOKEN_LIFETIME_MS = 23 * 3_600_000;

/** Returns the number of executions recorded or changed. */
export async function listStandardExecutions(ctx: PollerContext, client: SourceClient, machine: KnownStateMachine, state?: SourceState): Promise<number> {
  const key = `listing:${machine.stateMachineArn}`;
  const cursor: ListingCursor = (await getPollerCursor<ListingCursor>(ctx.store, key)) ?? { watermark: null };
  const resume = cursor.pass && Date.now() - cursor.pass.at < TOKEN_LIFETIME_MS ? cursor.pass : null;
  let token: string | null = resume?.nextToken ?? null;
  let top: number | null = resume?.top ?? null;
  let changed = 0;
  for (let pages = 0; pages < ctx.maxListPagesPerCycle && !ctx.stopping; pages++) {
    let page;
    try {
      page = await client.listExecutions({ stateMachineArn: machine.stateMachineArn, nextToken: token });
    } catch (error) {
      if (error instanceof AwsError && error.kind === 'invalid-token' && token !== null) {
        token = null; // restart the pass from the newest execution
        top = null;
        continue;
      }
      throw error;
    }
    if (top === null) top = page.items[0]?.startDate ?? cursor.watermark;
    if (pages === 0 && token === null) state?.newestPage.set(machine.stateMachineArn, { items: page.items, complete: page.nextToken === null });
    const known = await findKnownExecutions(ctx.store, page.items.map((e) => e.executionArn));
    const keep: ExecutionListEntry[] = [];
    let stop = false;
    for (const item of page.items) {
      const stored = known.get(item.executionArn);
      if (
        cursor.watermark !== null &&
        stored !== undefined &&
        isTerminal(stored.status) &&
        (item.startDate ?? 0) <= cursor.watermark
      ) {
        stop = true;
        break;
      }
      if (!stored || stored.status !== item.status || stored.redriveCount < item.redriveCount) {
        keep.push(item);
        // Ended while the poller runs: fetched ahead of the backfill (poll-cycle.ts).
        if (state && isTerminal(item.status) && item.stopDate !== null && item.stopDate >= ctx.startedAt) {
          state.urgent.set(item.executionArn, { ...listed(item), eventCount: stored?.eventCount ?? 0 });
        }
      }
    }
    const done = stop || page.nextToken === null;
    const next: ListingCursor = done
      ? { watermark: maxOf(cursor.watermark, top), pass: null }
      : { watermark: cursor.watermark, pass: { top, nextToken: page.nextToken as string, at: Date.now() } };
    changed += await recordListedExecutions(ctx.store, {
      source: storeSourceOf(client.source),
      stateMachine: { stateMachineArn: machine.stateMachineArn, name: machine.name, type: 'STANDARD' },
      executions: keep.map(listed),
      cursor: { key, value: next },
    });
    if (done) break;
    token = page.nextToken;
  }
  return changed;
}

/**
 * Running executions that ended, and redrives: ListExecutions(statusFilter RUNNING) when the
 * store tracks running executions of this machine; ListExecutions(redriveFilter REDRIVEN),
 * first page, every `redriveCheckMs` (a redrive that starts and ends between two cycles).
 * Returns the ARNs of tracked running executions that are no longer running (fetch them now).
 */
export async function checkRunningAndRedriven(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine,
  trackedRunning: readonly string[],
): Promise<Set<string>> {
  const ended = new Set<string>();
  const updates: ExecutionListEntry[] = [];
  // This cycle's newest-first listing page already shows every tracked execution: no second call.
  const newest = state.newestPage.get(machine.stateMachineArn);
  const inNewest = newest ? new Map(newest.items.map((e) => [e.executionArn, e])) : null;
  if (trackedRunning.length > 0 && newest && inNewest && trackedRunning.every((arn) => inNewest.has(arn))) {
    for (const arn of trackedRunning) if (inNewest.get(arn)?.status !== 'RUNNING') ended.add(arn);
    updates.push(...newest.items.filter((e) => e.status === 'RUNNING'));
  } else if (trackedRunning.length > 0) {
    const running: ExecutionListEntry[] = [];
    let token: string | null = null;
    do {
      const page = await client.listExecutions({ stateMachineArn: machine.stateMachineArn, statusFilter: 'RUNNING', nextToken: token });
      running.push(...page.items);
      token = page.nextToken;
    } while (token !== null && !ctx.stopping);
    const runningArns = new Set(running.map((e) => e.executionArn));
    for (const arn of trackedRunning) if (!runningArns.has(arn)) ended.add(arn);
    updates.push(...running);
  }
  const last = state.redriveCheckAt.get(machine.stateMachineArn) ?? 0;
  if (Date.now() - last >= ctx.redriveCheckMs) {
    state.redriveCheckAt.set(machine.stateMachineArn, Date.now());
    try {
      const page = await client.listExecutions({ stateMachineArn: machine.stateMachineArn, redriveFilter: 'REDRIVEN' });
      updates.push(...page.items);
    } catch (error) {
      // Older emulators reject redriveFilter: redrives are then seen while they run.
      if (!(error instanceof AwsError) || error.retryable) throw error;
    }
  }
  if (updates.length > 0) {
    const known = await findKnownExecutions(ctx.store, updates.map((e) => e.executionArn));
    const changed = updates.filter((e) => {
      const stored = known.get(e.executionArn);
      // Unknown ones are left to the listing pass (it owns the watermark), except redrives of
      // executions older than it, which only these lists reveal.
      if (!stored) return e.redriveCount > 0;
      if (stored.expired) return false;
      if (stored.redriveCount < e.redriveCount) return true;
      // RUNNING in the list but complete in the store: a redrive in progress.
      return e.status === 'RUNNING' && stored.status !== 'RUNNING';
    });
    if (changed.length > 0) {
      await recordListedExecutions(ctx.store, {
        source: storeSourceOf(client.source),
        stateMachine: { stateMachineArn: machine.stateMachineArn, name: machine.name, type: 'STANDARD' },
        executions: dedupe(changed).map(listed),
      });
    }
  }
  return ended;
}

function listed(e: ExecutionListEntry): ListedExecution {
  return {
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: e.startDate !== null ? new Date(e.startDate) : null,
    stopDate: e.stopDate !== null ? new Date(e.stopDate) : null,
    redriveCount: e.redriveCount,
  };
}

function dedupe(items: readonly ExecutionListEntry[]): ExecutionListEntry[] {
  return [...new Map(items.map((e) => [e.executionArn, e])).values()];
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
