// One Standard execution's history into the store. Invariant: the stored events of an
// execution are always ids 1..N with no gap (every save is one transaction), so
//  - nothing stored yet: read forward, 1000 events a page (≤ 25 pages: AWS's 25,000 cap);
//  - N stored (running, or redriven since): read newest-first only until a page reaches id N.
// The new events and the runs rebuilt from all events are saved in one transaction; a crash
// before it loses only this fetch, a crash after it leaves nothing to redo.
import { AwsError, type SourceClient, type WireHistoryEvent } from '../aws/index.ts';
import { analyzeExecution, causeText, parseHistory, summarizeExecution, type HistoryEvent } from '../history/index.ts';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { getExecution, markExecutionExpired, saveExecutionHistory } from '../store/index.ts';
import { storeSourceOf, type KnownStateMachine, type PollerContext, type SourceState } from './poller-context.ts';
import { resolveRevision } from './resolve-revision.ts';

export interface FetchTarget {
  executionArn: string;
  stateMachineArn: string;
  /** From ListExecutions / the store, used when the history does not say. */
  startDate: Date | null;
  eventCount: number;
}

export type FetchOutcome = 'complete' | 'running' | 'expired' | 'unchanged';

export async function fetchStandardHistory(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine | null,
  target: FetchTarget,
): Promise<FetchOutcome> {
  const stored = target.eventCount > 0 ? await getExecution(ctx.store, target.executionArn) : null;
  const storedEvents = stored?.events ?? [];
  const storedMaxId = storedEvents.reduce((max, e) => Math.max(max, e.id ?? 0), 0);

  let wire: WireHistoryEvent[];
  try {
    wire = storedMaxId === 0 ? await readForward(client, target.executionArn) : await readNewest(client, target.executionArn, storedMaxId);
  } catch (error) {
    if (error instanceof AwsError && error.kind === 'expired') {
      await markExecutionExpired(ctx.store, target.executionArn);
      return 'expired';
    }
    throw error;
  }
  const fresh = wire.filter((e) => e.id > storedMaxId).sort((a, b) => a.id - b.id);
  if (!contiguous(fresh, storedMaxId)) {
    // Should not happen; a full read restores the invariant.
    wire = await readForward(client, target.executionArn);
    return save(ctx, client, state, machine, target, [], wire, stored?.execution.revisionId ?? null);
  }
  if (fresh.length === 0 && stored !== null && stored.execution.status !== 'RUNNING' && !stored.execution.historyComplete) {
    // Listed as changed but nothing new (e.g. eventually consistent listing): settle it.
    return save(ctx, client, state, machine, target, storedEvents, [], stored.execution.revisionId);
  }
  if (fresh.length === 0 && stored !== null) return stored.execution.status === 'RUNNING' ? 'running' : 'unchanged';
  return save(ctx, client, state, machine, target, storedEvents, fresh, stored?.execution.revisionId ?? null);
}

async function save(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine | null,
  target: FetchTarget,
  storedEvents: HistoryEvent[],
  fresh: WireHistoryEvent[],
  storedRevision: string | null,
): Promise<FetchOutcome> {
  const newEvents = fresh.length > 0 ? positioned(parseHistory(fresh).events, storedEvents.length) : [];
  const events = [...storedEvents, ...newEvents];
  const startDate = target.startDate?.getTime() ?? null;
  let revision: { revisionId: string; definition: string | null } | null = storedRevision ? { revisionId: storedRevision, definition: null } : null;
  if (!revision && machine) revision = await resolveRevision(ctx, client, state, machine, target.executionArn, startDate);

  const analysis = analyzeExecution(events, revision?.definition ? { definition: revision.definition } : {});
  const summary = summarizeExecution(events);
  const arn = parseExecutionArn(target.executionArn);
  const terminal = analysis.status !== 'RUNNING';
  const stopDate = summary.stopDate !== null ? new Date(summary.stopDate) : null;
  await saveExecutionHistory(ctx.store, {
    source: storeSourceOf(client.source),
    ...(machine
      ? {
          stateMachine: {
            stateMachineArn: machine.stateMachineArn,
            name: machine.name,
            type: 'STANDARD' as const,
            definition: revision?.definition ?? null,
            revisionId: revision?.revisionId ?? null,
            isCurrentRevision: false,
          },
        }
      : {}),
    execution: {
      executionArn: target.executionArn,
      stateMachineArn: target.stateMachineArn,
      name: arn?.name ?? target.executionArn.slice(target.executionArn.lastIndexOf(':') + 1),
      status: analysis.status,
      startDate: summary.startDate !== null ? new Date(summary.startDate) : target.startDate,
      stopDate: terminal ? stopDate : null,
      input: payloadText(summary.input),
      output: payloadText(summary.output),
      error: summary.error ?? analysis.failure?.error ?? null,
      cause: summary.cause ?? causeText(analysis.failure?.cause),
      redriveCount: summary.redriveCount ?? 0,
      historyComplete: terminal,
      partial: false,
      expired: false,
    },
    events: newEvents,
    runs: analysis.runs,
  });
  ctx.stats.eventsStored += newEvents.length;
  if (terminal) {
    ctx.stats.executionsCompleted += 1;
    if (stopDate) ctx.stats.recordLag(Date.now() - stopDate.getTime());
  }
  return terminal ? 'complete' : 'running';
}

async function readForward(client: SourceClient, executionArn: string): Promise<WireHistoryEvent[]> {
  const events: WireHistoryEvent[] = [];
  let token: string | null = null;
  do {
    const page = await client.getExecutionHistory({ executionArn, nextToken: token });
    events.push(...page.items);
    token = page.nextToken;
  } while (token !== null);
  return events;
}

/** Newest-first pages until one reaches an already stored id. */
async function readNewest(client: SourceClient, executionArn: string, storedMaxId: number): Promise<WireHistoryEvent[]> {
  const events: WireHistoryEvent[] = [];
  let token: string | null = null;
  do {
    const page = await client.getExecutionHistory({ executionArn, reverseOrder: true, nextToken: token });
    events.push(...page.items);
    if (page.items.some((e) => e.id <= storedMaxId)) break;
    token = page.nextToken;
  } while (token !== null);
  return events;
}

function contiguous(events: readonly WireHistoryEvent[], after: number): boolean {
  return events.every((e, i) => e.id === after + i + 1);
}

/** Positions continue after the stored events (ids are 1..N, so position = id - 1). */
function positioned(events: HistoryEvent[], offset: number): HistoryEvent[] {
  events.forEach((e, i) => (e.position = e.id !== null ? e.id - 1 : offset + i));
  return events;
}

function payloadText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
