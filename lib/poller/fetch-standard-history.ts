// One Standard execution's history into the store. Invariant: the stored events of an
// execution are always ids 1..N with no gap (every save is one transaction), so
//  - nothing stored yet: read forward, 1000 events a page (≤ 25 pages: AWS's 25,000 cap);
//  - N stored (running, or redriven since): read newest-first only until a page reaches id N.
// The new events and the runs rebuilt from all events are saved in one transaction; a crash
// before it loses only this fetch, a crash after it leaves nothing to redo.
import { AwsError, type SourceClient, type WireHistoryEvent } from '../aws/index.ts';
import { isTerminal, parseHistory } from '../history/index.ts';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { ingestExecution } from '../ingest/index.ts';
import { getStoredHistoryHead, markExecutionExpired, type StoredHistoryHead } from '../store/index.ts';
import { storeSourceOf, type KnownStateMachine, type PollerContext, type SourceState } from './poller-context.ts';
import { resolveRevision } from './resolve-revision.ts';

export interface FetchTarget {
  executionArn: string;
  stateMachineArn: string;
  /** From ListExecutions / the store, used when the history does not say. */
  startDate: Date | null;
  eventCount: number;
  /**
   * Whether ExecutionDoesNotExist flags the stored execution expired (default true). False when
   * this source is only one of several that may hold it (fetch-on-demand tries each): a source
   * that never had it must not retire it, or the poller of its own source skips it for good.
   */
  markExpired?: boolean;
}

export type FetchOutcome = 'complete' | 'running' | 'expired' | 'unchanged';

export async function fetchStandardHistory(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine | null,
  target: FetchTarget,
): Promise<FetchOutcome> {
  const stored = target.eventCount > 0 ? await getStoredHistoryHead(ctx.store, target.executionArn) : null;
  const storedMaxId = stored?.maxEventId ?? 0;

  let wire: WireHistoryEvent[];
  try {
    wire = storedMaxId === 0 ? await readForward(client, target.executionArn) : await readNewest(client, target.executionArn, storedMaxId);
  } catch (error) {
    if (error instanceof AwsError && error.kind === 'expired') {
      if (target.markExpired !== false) await markExecutionExpired(ctx.store, target.executionArn);
      return 'expired';
    }
    throw error;
  }
  let fresh = wire.filter((e) => e.id > storedMaxId).sort((a, b) => a.id - b.id);
  if (!contiguous(fresh, storedMaxId)) {
    // Should not happen; a full read restores the invariant (ingest skips what is stored).
    fresh = await readForward(client, target.executionArn);
  } else if (fresh.length === 0 && stored !== null && (!isTerminal(stored.status) || stored.historyComplete)) {
    return isTerminal(stored.status) ? 'unchanged' : 'running';
  }
  // Otherwise save, also with nothing new: listed as changed (e.g. an eventually consistent
  // listing) while the stored history is not complete yet settles it.
  return save(ctx, client, state, machine, target, stored, fresh);
}

async function save(
  ctx: PollerContext,
  client: SourceClient,
  state: SourceState,
  machine: KnownStateMachine | null,
  target: FetchTarget,
  stored: StoredHistoryHead | null,
  fresh: WireHistoryEvent[],
): Promise<FetchOutcome> {
  const startDate = target.startDate?.getTime() ?? null;
  let revision: { revisionId: string; definition: string | null } | null = stored?.revisionId ? { revisionId: stored.revisionId, definition: null } : null;
  if (!revision && machine) revision = await resolveRevision(ctx, client, state, machine, target.executionArn, startDate);

  const arn = parseExecutionArn(target.executionArn);
  const result = await ingestExecution(ctx.store, {
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
    executionArn: target.executionArn,
    stateMachineArn: target.stateMachineArn,
    name: arn?.name ?? target.executionArn.slice(target.executionArn.lastIndexOf(':') + 1),
    events: fresh.length > 0 ? parseHistory(fresh).events : [],
    fallbackStartDate: target.startDate,
    expired: false,
  });
  ctx.stats.eventsStored += result.insertedEvents;
  const terminal = isTerminal(result.derived.status);
  if (terminal) {
    ctx.stats.executionsCompleted += 1;
    if (result.derived.stopDate !== null) ctx.stats.recordLag(Date.now() - result.derived.stopDate);
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
