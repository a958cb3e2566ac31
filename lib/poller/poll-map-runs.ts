// Distributed Map runs and their child executions (DESIGN.md §2.9), through the same SourceClient
// (token buckets: DescribeMapRun and ListMapRuns refill at 1/s) and the same one ingest path.
//
// Which Map Runs: the parent's own history names each one (MapRunStarted.mapRunArn, stored as an
// ExecutionLink by lib/ingest), so no ListMapRuns call is needed to find them; a Map Run is
// worked on until it is settled (described after it stopped, every child listed after that, and
// for Express children their log records read through its end plus the logs overlap).
// Per open Map Run and cycle:
//  1. DescribeMapRun (status, counts, tolerated failure, concurrency) → MapRun row;
//  2. ListExecutions(mapRunArn), newest first, pages resumable in PollerCursor "maprun:<arn>":
//     new children and children whose status changed become rows (recordListedExecutions, with
//     Execution.mapRunArn); the first page also costs one DescribeStateMachineForExecution per
//     Map Run (the children's definition, stored as their machine's revision);
//  3. Standard children: nothing more here — their rows are in the ingest backlog (failures
//     first, poll-cycle.ts adds the children's machines to it), fetched by history like any;
//     Express children: FilterLogEvents over the parent's log group for the Map Run's window
//     (their records are delivered there), grouped by execution_arn and ingested.
import { AwsError, type ExecutionListEntry, type SourceClient } from '../aws/index.ts';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { isTerminal, parseHistory } from '../history/index.ts';
import { ingestExecution } from '../ingest/index.ts';
import {
  definitionRevisionId,
  findKnownExecutions,
  getPollerCursor,
  listOpenMapRuns,
  recordListedExecutions,
  saveMapRun,
  setMapRunChildren,
  setPollerCursor,
  updateMapRunProgress,
  type OpenMapRun,
} from '../store/index.ts';
import { logGroupNameOf } from './ingest-express-logs.ts';
import { storeSourceOf, type KnownStateMachine, type PollerContext } from './poller-context.ts';

/** Map Runs worked on per source and cycle (DescribeMapRun refills at 1/s: a burst of 200). */
const MAP_RUNS_PER_CYCLE = 20;

interface ListingCursor {
  nextToken: string | null;
  /** The pass started after the Map Run stopped (epoch ms of its stopDate then), so it lists every child. */
  afterStop: boolean;
}

interface LogsCursor {
  until: number;
}

export interface MapRunCycle {
  progress: number;
  /** More open Map Runs than this cycle took, or a listing part-way. */
  moreWork: boolean;
}

/** The children's state machine ARN (`…:stateMachine:<parent>/<label>`) from a Map Run ARN. */
export function mapRunStateMachineArn(mapRunArn: string): string | null {
  const match = /^(arn:[^:]+:states:[^:]*:[^:]*):mapRun:([^:]+):[^:]+$/.exec(mapRunArn);
  return match ? `${match[1]}:stateMachine:${match[2]}` : null;
}

export async function pollMapRuns(ctx: PollerContext, client: SourceClient, parents: readonly KnownStateMachine[]): Promise<MapRunCycle> {
  const result: MapRunCycle = { progress: 0, moreWork: false };
  if (parents.length === 0) return result;
  const open = await listOpenMapRuns(ctx.store, parents.map((p) => p.stateMachineArn), MAP_RUNS_PER_CYCLE + 1);
  if (open.length > MAP_RUNS_PER_CYCLE) result.moreWork = true;
  const byArn = new Map(parents.map((p) => [p.stateMachineArn, p]));
  for (const run of open.slice(0, MAP_RUNS_PER_CYCLE)) {
    if (ctx.stopping) break;
    const parent = byArn.get(run.parentStateMachineArn);
    if (!parent) continue;
    const step = await pollMapRun(ctx, client, parent, run);
    result.progress += step.progress;
    result.moreWork ||= step.moreWork;
  }
  return result;
}

async function pollMapRun(ctx: PollerContext, client: SourceClient, parent: KnownStateMachine, open: OpenMapRun): Promise<MapRunCycle> {
  // 1. Describe: always while it runs (counts move), once after it stopped.
  let run = open;
  if (open.status === null || open.status === 'RUNNING') {
    let described;
    try {
      described = await client.describeMapRun(open.mapRunArn);
    } catch (error) {
      // Gone at the source (the parent expired): settle it as it was last seen.
      if (error instanceof AwsError && (error.kind === 'expired' || error.kind === 'not-found')) {
        if (open.status !== null) await updateMapRunProgress(ctx.store, open.mapRunArn, { childrenListed: true });
        return { progress: 0, moreWork: false };
      }
      throw error;
    }
    const stateMachineArn = open.stateMachineArn ?? mapRunStateMachineArn(open.mapRunArn) ?? '';
    await saveMapRun(ctx.store, {
      mapRunArn: described.mapRunArn,
      executionArn: described.executionArn || open.executionArn,
      stateMachineArn,
      status: described.status,
      startDate: described.startDate !== null ? new Date(described.startDate) : null,
      stopDate: described.stopDate !== null ? new Date(described.stopDate) : null,
      maxConcurrency: described.maxConcurrency,
      toleratedFailureCount: described.toleratedFailureCount,
      toleratedFailurePercentage: described.toleratedFailurePercentage,
      itemCounts: described.itemCounts,
      executionCounts: described.executionCounts,
      redriveCount: described.redriveCount,
      redriveDate: described.redriveDate !== null ? new Date(described.redriveDate) : null,
      sourceId: client.source.id,
    });
    run = {
      ...open,
      status: described.status,
      stateMachineArn,
      startDate: described.startDate !== null ? new Date(described.startDate) : null,
      stopDate: described.stopDate !== null ? new Date(described.stopDate) : null,
    };
  }
  const stopped = run.status !== null && run.status !== 'RUNNING';

  // 2. Children, newest first; a pass that started after the stop lists every child.
  const key = `maprun:${run.mapRunArn}`;
  const cursor = (await getPollerCursor<ListingCursor>(ctx.store, key)) ?? { nextToken: null, afterStop: false };
  let token = cursor.nextToken;
  const afterStop = token === null ? stopped : cursor.afterStop;
  let progress = 0;
  let passDone = false;
  let executionType = run.executionType;
  let revisionId = run.revisionId;
  for (let pages = 0; pages < ctx.maxListPagesPerCycle && !ctx.stopping; pages++) {
    const page = await client.listExecutions({ mapRunArn: run.mapRunArn, nextToken: token });
    const first = page.items[0];
    if (first && (executionType === null || revisionId === null)) {
      ({ executionType, revisionId } = await recordChildMachine(ctx, client, parent, run, first));
    }
    progress += await recordChildren(ctx, client, parent, run, page.items);
    token = page.nextToken;
    if (token === null) {
      passDone = true;
      break;
    }
  }
  await setPollerCursor(ctx.store, key, { nextToken: passDone ? null : token, afterStop } satisfies ListingCursor);

  // 3. Express children: their log records, from the parent's log group.
  let logsDone = executionType !== 'EXPRESS';
  if (executionType === 'EXPRESS' && run.stateMachineArn !== null) {
    const step = await ingestChildLogs(ctx, client, parent, run, revisionId);
    progress += step.saved;
    logsDone = step.throughEnd;
  }
  const settled = stopped && afterStop && passDone && logsDone;
  if (settled) await updateMapRunProgress(ctx.store, run.mapRunArn, { childrenListed: true });
  return { progress, moreWork: !passDone };
}

/** Once per Map Run: the children's type (their ARNs say) and definition (DescribeStateMachineForExecution of one child). */
async function recordChildMachine(
  ctx: PollerContext,
  client: SourceClient,
  parent: KnownStateMachine,
  run: OpenMapRun,
  child: ExecutionListEntry,
): Promise<{ executionType: string; revisionId: string | null }> {
  const executionType = parseExecutionArn(child.executionArn)?.type ?? 'STANDARD';
  let definition: string | null = null;
  let revisionId: string | null = null;
  try {
    const described = await client.describeStateMachineForExecution(child.executionArn);
    definition = described.definition || null;
    revisionId = described.revisionId ?? (definition !== null ? definitionRevisionId(definition) : null);
  } catch (error) {
    if (!(error instanceof AwsError) || error.retryable) throw error;
  }
  const machineArn = run.stateMachineArn ?? child.stateMachineArn;
  await recordListedExecutions(ctx.store, {
    source: storeSourceOf(client.source),
    stateMachine: { stateMachineArn: machineArn, name: childMachineName(machineArn, parent), type: executionType, definition, revisionId },
    executions: [],
  });
  await updateMapRunProgress(ctx.store, run.mapRunArn, { executionType, revisionId });
  return { executionType, revisionId };
}

function childMachineName(machineArn: string, parent: KnownStateMachine): string {
  return machineArn.split(':stateMachine:')[1] ?? `${parent.name}/?`;
}

/** New children and those whose status or redrive count changed; returns how many. */
async function recordChildren(ctx: PollerContext, client: SourceClient, parent: KnownStateMachine, run: OpenMapRun, items: readonly ExecutionListEntry[]): Promise<number> {
  if (items.length === 0) return 0;
  const known = await findKnownExecutions(ctx.store, items.map((e) => e.executionArn));
  const changed = items.filter((e) => {
    const stored = known.get(e.executionArn);
    return !stored || stored.status !== e.status || stored.redriveCount < e.redriveCount;
  });
  if (changed.length === 0) return 0;
  const machineArn = run.stateMachineArn ?? changed[0]?.stateMachineArn ?? '';
  await recordListedExecutions(ctx.store, {
    source: storeSourceOf(client.source),
    stateMachine: { stateMachineArn: machineArn, name: childMachineName(machineArn, parent), type: parseExecutionArn(changed[0]?.executionArn ?? '')?.type ?? 'STANDARD' },
    executions: changed.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: machineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate !== null ? new Date(e.startDate) : null,
      stopDate: e.stopDate !== null ? new Date(e.stopDate) : null,
      redriveCount: e.redriveCount,
    })),
  });
  await setMapRunChildren(ctx.store, run.mapRunArn, changed.map((e) => e.executionArn));
  for (const e of changed) {
    // A child that ended while the poller runs: Standard ones are fetched ahead of the backfill.
    if (isTerminal(e.status) && e.stopDate !== null && e.stopDate >= ctx.startedAt && !e.executionArn.includes(':express:')) {
      ctx.state.get(client.source.id)?.urgent.set(e.executionArn, {
        executionArn: e.executionArn,
        stateMachineArn: machineArn,
        name: e.name,
        status: e.status,
        redriveCount: e.redriveCount,
        startDate: e.startDate !== null ? new Date(e.startDate) : null,
        stopDate: new Date(e.stopDate),
        eventCount: known.get(e.executionArn)?.eventCount ?? 0,
      });
    }
  }
  return changed.length;
}

/**
 * Express children's records from the parent's log group, over the Map Run's window (from its
 * start less the logs overlap to its stop plus the overlap, or now while it runs), resumable in
 * PollerCursor "maprun-logs:<arn>". Returns the children saved and whether the window's end is read.
 */
async function ingestChildLogs(
  ctx: PollerContext,
  client: SourceClient,
  parent: KnownStateMachine,
  run: OpenMapRun,
  revisionId: string | null,
): Promise<{ saved: number; throughEnd: boolean }> {
  const logging = parent.logging;
  const groupArn = logging?.logGroupArns[0];
  const group = groupArn ? logGroupNameOf(groupArn) : null;
  // Logging off: the children's histories cannot be read (their rows stay as listed).
  if (!logging || logging.level === 'OFF' || group === null) return { saved: 0, throughEnd: true };
  const key = `maprun-logs:${run.mapRunArn}`;
  const cursor = await getPollerCursor<LogsCursor>(ctx.store, key);
  const now = Date.now();
  const begin = (run.startDate?.getTime() ?? now - ctx.poll.logsLookbackMs) - ctx.poll.logsOverlapMs;
  const startTime = Math.max(0, Math.max(begin, (cursor?.until ?? begin) - ctx.poll.logsOverlapMs));
  const end = run.stopDate !== null ? run.stopDate.getTime() + ctx.poll.logsOverlapMs : null;
  const endTime = end !== null ? Math.min(now, end) : now;
  if (cursor !== null && end !== null && cursor.until >= end) return { saved: 0, throughEnd: true };

  const machineArn = run.stateMachineArn as string;
  // Only this Map Run's children: `…:express:<parent>/<label>:…` (other Map Runs of the same
  // label are told apart by their listed rows' mapRunArn when they are read).
  const prefix = machineArn.replace(':stateMachine:', ':express:') + ':';
  const byArn = new Map<string, Record<string, unknown>[]>();
  let token: string | null = null;
  do {
    const page = await client.filterLogEvents({ logGroupName: group, startTime, endTime, nextToken: token });
    for (const entry of page.items) {
      if (!entry.message.includes(prefix)) continue; // cheap test before JSON.parse
      let record: unknown;
      try {
        record = JSON.parse(entry.message);
      } catch {
        continue;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) continue;
      const rec = record as Record<string, unknown>;
      const arn = rec.execution_arn;
      if (typeof arn !== 'string' || !arn.startsWith(prefix) || typeof rec.type !== 'string') continue;
      let list = byArn.get(arn);
      if (!list) byArn.set(arn, (list = []));
      list.push(rec);
    }
    token = page.nextToken;
  } while (token !== null && !ctx.stopping);
  if (ctx.stopping) return { saved: 0, throughEnd: false };

  let saved = 0;
  const partial = logging.level !== 'ALL' || !logging.includeExecutionData;
  for (const [executionArn, records] of byArn) {
    if (ctx.stopping) break;
    const result = await ingestExecution(ctx.store, {
      source: storeSourceOf(client.source),
      stateMachine: { stateMachineArn: machineArn, name: childMachineName(machineArn, parent), type: 'EXPRESS', definition: null, revisionId, isCurrentRevision: false },
      executionArn,
      stateMachineArn: machineArn,
      name: parseExecutionArn(executionArn)?.name ?? executionArn,
      events: parseHistory(records).events,
      sourcePartial: partial,
      expired: false,
    });
    if (!result.saved) continue;
    saved += 1;
    ctx.stats.eventsStored += result.insertedEvents;
    if (result.completed) {
      ctx.stats.executionsCompleted += 1;
      if (result.derived.stopDate !== null) ctx.stats.recordLag(Date.now() - result.derived.stopDate);
    }
  }
  await setPollerCursor(ctx.store, key, { until: endTime } satisfies LogsCursor);
  return { saved, throughEnd: end !== null && endTime >= end };
}
