// One poll cycle over every source. Sources are independent: one that fails (bad endpoint,
// no credentials, access denied) gets a one-line error in the stats and the log, the others go on.
import { AwsError, mapAwsError, type SourceClient } from '../aws/index.ts';
import type { SourceConfig } from '../config/index.ts';
import { acquirePollerLease, countIngestBacklog, getPollerCursor, listIngestBacklog, setPollerCursor, type BacklogExecution } from '../store/index.ts';
import { discoverStateMachines } from './discover-state-machines.ts';
import { fetchStandardHistory } from './fetch-standard-history.ts';
import { ingestExpressLogs, logGroupNameOf } from './ingest-express-logs.ts';
import { checkRunningAndRedriven, listStandardExecutions } from './list-standard-executions.ts';
import { forEachLimited, type KnownStateMachine, type PollerContext, type SourceState } from './poller-context.ts';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

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

    // 2. Running executions that ended, redrives; then histories, failures first, then
    //    running, then the rest (listIngestBacklog's order).
    const arns = standard.map((m) => m.stateMachineArn);
    const tracked = await listIngestBacklog(ctx.store, arns, ctx.backlogBatch);
    const ended = new Set<string>();
    for (const machine of standard) {
      if (ctx.stopping) break;
      const running = tracked.filter((b) => b.stateMachineArn === machine.stateMachineArn && !TERMINAL.has(b.status)).map((b) => b.executionArn);
      try {
        for (const arn of await checkRunningAndRedriven(ctx, client, state, machine, running)) ended.add(arn);
      } catch (error) {
        problems.push(failure(machine.name, error));
        if (fatal(error)) throw error;
      }
    }
    // The checks may have sent executions back to the backlog (redrives).
    const backlog = await listIngestBacklog(ctx.store, arns, ctx.backlogBatch);
    const due = backlog.filter(
      (b) => TERMINAL.has(b.status) || ended.has(b.executionArn) || Date.now() - (state.runningReadAt.get(b.executionArn) ?? 0) >= ctx.poll.runningRefreshMs,
    );
    const machines = new Map(state.machines.map((m) => [m.stateMachineArn, m]));
    let fatalError: unknown = null;
    await forEachLimited(
      due,
      ctx.concurrency,
      async (item: BacklogExecution) => {
        try {
          const outcome = await fetchStandardHistory(ctx, client, state, machines.get(item.stateMachineArn) ?? null, item);
          if (outcome === 'running') state.runningReadAt.set(item.executionArn, Date.now());
          else state.runningReadAt.delete(item.executionArn);
          if (outcome !== 'unchanged') result.progress += 1;
        } catch (error) {
          problems.push(failure(item.executionArn, error));
          if (fatal(error)) fatalError = error;
        }
      },
      () => ctx.stopping || fatalError !== null,
    );
    if (fatalError !== null) throw fatalError;
    if (backlog.length >= ctx.backlogBatch && due.some((b) => TERMINAL.has(b.status))) result.moreWork = true;

    // 3. Express: CloudWatch Logs, one read per log group.
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
    result.moreWork ||= await listingUnfinished(ctx, standard);
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
