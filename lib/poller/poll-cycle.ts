// One poll cycle over every source. Sources are independent: one that fails (bad endpoint,
// no credentials, access denied) gets a one-line error in the stats and the log, the others go on.
import { AwsError, mapAwsError, type SourceClient } from '../aws/index.ts';
import type { SourceConfig } from '../config/index.ts';
import { isFailure, isTerminal } from '../history/index.ts';
import {
  acquirePollerLease,
  countIngestBacklog,
  findKnownExecutions,
  getPollerCursor,
  listIngestBacklog,
  listMapRunChildMachines,
  listOpenMapRuns,
  setPollerCursor,
  type BacklogExecution,
  type KnownExecution,
} from '../store/index.ts';
import { discoverStateMachines } from './discover-state-machines.ts';
import { fetchStandardHistory } from './fetch-standard-history.ts';
import { ingestExpressLogs, logGroupNameOf } from './ingest-express-logs.ts';
import { checkRunningAndRedriven, listStandardExecutions } from './list-standard-executions.ts';
import { pollMapRuns } from './poll-map-runs.ts';
import { forEachLimited, type KnownStateMachine, type PollerContext, type SourceState } from './poller-context.ts';

export interface CycleResult {
  /** Work is left that the next cycle can do at once (listing pages, terminal backlog). */
  moreWork: boolean;
  /** Executions saved or listed in this cycle. */
  progress: number;
  /** Sources that failed this cycle, with their one-line error. */
  errors: Array<{ sourceId: string; error: string }>;
}

export async function pollCycle(ctx: PollerContext): Promise<CycleResult> {
  const results = await Promise.all(ctx.sources.map((source) => pollSource(ctx, source)));
  const standardArns = [...ctx.state.values()].flatMap((s) => s.machines.filter((m) => m.type !== 'EXPRESS').map((m) => m.stateMachineArn));
  ctx.stats.backlog = standardArns.length > 0 ? await countIngestBacklog(ctx.store, standardArns) : 0;
  ctx.stats.cycles += 1;
  const moreWork = results.some((r) => r.moreWork);
  if (!moreWork && results.every((r) => r.error === null)) ctx.stats.backfilling = false;
  await writeStatus(ctx);
  return {
    moreWork,
    progress: results.reduce((n, r) => n + r.progress, 0),
    errors: results.filter((r) => r.error !== null).map((r) => ({ sourceId: r.sourceId, error: r.error as string })),
  };
}

export async function writeStatus(ctx: PollerContext): Promise<void> {
  await setPollerCursor(ctx.store, `status:${ctx.pollerId}`, ctx.stats.snapshot());
}

interface SourceResult {
  sourceId: string;
  moreWork: boolean;
  progress: number;
  error: string | null;
}

async function pollSource(ctx: PollerContext, source: SourceConfig): Promise<SourceResult> {
  const client = ctx.clients.get(source.id) as SourceClient;
  const state = ctx.state.get(source.id) as SourceState;
  const result: SourceResult = { sourceId: source.id, moreWork: false, progress: 0, error: null };
  const problems: string[] = [];
  try {
    const now = Date.now();
    if (state.discoveredAt === null || now - state.discoveredAt >= ctx.poll.discoveryIntervalMs) {
      state.machines = await discoverStateMachines(ctx, client);
      state.discoveredAt = now;
    }
    const standard: KnownStateMachine[] = [];
    for (const machine of state.machines) {
      if (machine.type === 'EXPRESS') continue;
      if (await acquirePollerLease(ctx.store, `sm:${machine.stateMachineArn}`, ctx.pollerId, ctx.leaseTtlMs)) standard.push(machine);
    }

    // 1. Listing (new executions, status changes) — resumable passes.
    const listingStart = Date.now();
    state.newestPage.clear();
    for (const machine of standard) {
      if (ctx.stopping) break;
      try {
        result.progress += await listStandardExecutions(ctx, client, machine, state);
      } catch (error) {
        problems.push(failure(machine.name, error));
        if (fatal(error)) throw error;
      }
    }
    const listingMs = Date.now() - listingStart;

    // 2. Running executions that ended, redrives.
    const arns = standard.map((m) => m.stateMachineArn);
    const tracked = await listIngestBacklog(ctx.store, arns, ctx.backlogBatch);
    for (const machine of standard) {
      if (ctx.stopping) break;
      const running = tracked.filter((b) => b.stateMachineArn === machine.stateMachineArn && !isTerminal(b.status));
      const byArn = new Map(running.map((b) => [b.executionArn, b]));
      try {
        for (const arn of await checkRunningAndRedriven(ctx, client, state, machine, [...byArn.keys()])) {
          const item = byArn.get(arn);
          if (item) state.urgent.set(arn, item);
        }
      } catch (error) {
        problems.push(failure(machine.name, error));
        if (fatal(error)) throw error;
      }
    }

    // 2b. Distributed Map runs of these machines' executions and their children (poll-map-runs.ts).
    try {
      const maps = await pollMapRuns(ctx, client, standard);
      result.progress += maps.progress;
      result.moreWork ||= maps.moreWork;
    } catch (error) {
      problems.push(failure('map runs', error));
      if (fatal(error)) throw error;
    }

    // 3. Express: CloudWatch Logs, one read per log group (cheap: ahead of the Standard histories).
    const groups = new Map<string, KnownStateMachine[]>();
    for (const machine of state.machines) {
      if (machine.type !== 'EXPRESS') continue;
      const level = machine.logging?.level ?? 'OFF';
      const group = machine.logging?.logGroupArns[0] ? logGroupNameOf(machine.logging.logGroupArns[0]) : null;
      if (level === 'OFF' || group === null) continue;
      const list = groups.get(group) ?? [];
      list.push(machine);
      groups.set(group, list);
    }
    for (const [group, list] of groups) {
      if (ctx.stopping) break;
      if (!(await acquirePollerLease(ctx.store, `logs:${source.id}:${group}`, ctx.pollerId, ctx.leaseTtlMs))) continue;
      try {
        result.progress += await ingestExpressLogs(ctx, client, group, list);
      } catch (error) {
        problems.push(failure(`log group ${group}`, error));
        if (fatal(error)) throw error;
      }
    }

    // 4. Standard histories, in three phases: (a) executions that just ended (live), failures first;
    //    (b) running executions due a refresh (every runningRefreshMs); (c) the backfill backlog
    //    in listIngestBacklog's order (failures, running, the rest), for a bounded time slice,
    //    so a backfill never holds back (a) and (b) for longer than one slice.
    const machines = new Map(state.machines.map((m) => [m.stateMachineArn, m]));
    // Standard Map Run children join the same backlog (same priorities) under their machine
    // (`<parent>/<label>`, leased with the parent): their definition is that machine's revision.
    const historyArns = [...arns, ...(await listMapRunChildMachines(ctx.store, arns))];
    let fatalError: unknown = null;
    const fetchOne = async (item: BacklogExecution): Promise<void> => {
      try {
        const outcome = await fetchStandardHistory(ctx, client, state, machines.get(item.stateMachineArn) ?? null, item);
        if (outcome === 'running') state.runningReadAt.set(item.executionArn, Date.now());
        else state.runningReadAt.delete(item.executionArn);
        if (outcome !== 'unchanged') result.progress += 1;
      } catch (error) {
        problems.push(failure(item.executionArn, error));
        if (fatal(error)) fatalError = error;
      }
    };
    const halted = (): boolean => ctx.stopping || fatalError !== null;
    const done = new Set<string>();

    // (a) Just ended: re-read from the store (another fetch may have completed them).
    //     Those of machines leased elsewhere are dropped (their poller has them in its backlog).
    const leased = new Set(historyArns);
    const pending = [...state.urgent.values()].filter((u) => leased.has(u.stateMachineArn)).sort(byPriority);
    const urgent = pending.slice(0, ctx.backlogBatch);
    state.urgent = new Map(pending.slice(ctx.backlogBatch).map((u) => [u.executionArn, u]));
    const known = urgent.length > 0 ? await findKnownExecutions(ctx.store, urgent.map((u) => u.executionArn)) : new Map<string, KnownExecution>();
    const live = urgent.flatMap((u) => {
      const k = known.get(u.executionArn);
      return k && !k.historyComplete && !k.expired ? [{ ...u, eventCount: k.eventCount }] : [];
    });
    for (const u of live) done.add(u.executionArn);
    await forEachLimited(live, ctx.concurrency, fetchOne, halted);

    // (b), (c) from the backlog (the running checks may have sent redrives back to it).
    const backlog = (await listIngestBacklog(ctx.store, historyArns, ctx.backlogBatch)).filter((b) => !done.has(b.executionArn));
    const readAt = Date.now();
    const runningDue = backlog.filter((b) => !isTerminal(b.status) && readAt - (state.runningReadAt.get(b.executionArn) ?? 0) >= ctx.poll.runningRefreshMs);
    await forEachLimited(runningDue, ctx.concurrency, fetchOne, halted);

    const rest = backlog.filter((b) => isTerminal(b.status));
    const deadline = Date.now() + Math.max(ctx.backlogSliceMs, listingMs);
    let taken = 0;
    await forEachLimited(
      rest,
      ctx.concurrency,
      async (item) => {
        taken += 1;
        await fetchOne(item);
      },
      () => halted() || Date.now() >= deadline,
    );
    if (fatalError !== null) throw fatalError;
    if (taken < rest.length || (backlog.length >= ctx.backlogBatch && rest.length > 0) || state.urgent.size > 0) result.moreWork = true;

    result.moreWork ||= await listingUnfinished(ctx, standard);
    // A parent stored in this cycle named a Map Run never described yet: the next cycle reads it.
    result.moreWork ||= (await listOpenMapRuns(ctx.store, arns, 50)).some((run) => run.status === null);
  } catch (error) {
    if (problems.length === 0) problems.push(failure(null, error));
  }
  if (problems.length > 0) {
    result.error = problems[0] as string;
    if (ctx.stats.sourceError(source.id, result.error)) ctx.log(`steplens poll: ${source.id}: ${result.error}`);
  } else {
    ctx.stats.sourceOk(source.id, state.machines.length);
  }
  return result;
}

/** Failures first (what users open), then the earliest ended. */
function byPriority(a: BacklogExecution, b: BacklogExecution): number {
  const f = Number(isFailure(b.status)) - Number(isFailure(a.status));
  return f !== 0 ? f : (a.stopDate?.getTime() ?? 0) - (b.stopDate?.getTime() ?? 0);
}

async function listingUnfinished(ctx: PollerContext, machines: readonly KnownStateMachine[]): Promise<boolean> {
  for (const machine of machines) {
    const cursor = await getPollerCursor<{ pass?: unknown }>(ctx.store, `listing:${machine.stateMachineArn}`);
    if (cursor?.pass) return true;
  }
  return false;
}

/** Errors that make the rest of the source's cycle pointless. */
function fatal(error: unknown): boolean {
  const e = error instanceof AwsError ? error : mapAwsError(error);
  return ['unreachable', 'no-credentials', 'bad-credentials'].includes(e.kind) || (e.retryable && e.kind === 'throttled');
}

function failure(what: string | null, error: unknown): string {
  if (fatal(error)) what = null; // about the source, not about one machine or execution
  const message = error instanceof AwsError ? error.message : oneLine(error instanceof Error ? error.message : String(error));
  return what ? `${what}: ${message}` : message;
}

/** Multi-line messages (Prisma's) as one line. */
function oneLine(text: string): string {
  const line = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' — ');
  return (line || 'unknown error').slice(0, 400);
}
