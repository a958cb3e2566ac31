// Express executions from CloudWatch Logs (reference/sfn-facts.md §2.5): FilterLogEvents over
// each log group by time window, re-reading `logsOverlapMs` before the last window's end for
// late records; records grouped by execution_arn and merged, by id, with what is stored (so
// records may arrive late, twice, or never; lib/ingest merges them). Cursor: PollerCursor "logs:<source>:<group>" =
// { until } is written after the window's executions are saved; a crash re-reads the window,
// and saving the same records again changes nothing.
import type { LogEventEntry, SourceClient } from '../aws/index.ts';
import { parseExecutionArn } from '../arn/state-machine-arn.ts';
import { parseHistory } from '../history/index.ts';
import { ingestExecution } from '../ingest/index.ts';
import { getPollerCursor, setPollerCursor } from '../store/index.ts';
import { storeSourceOf, type KnownStateMachine, type PollerContext } from './poller-context.ts';

interface LogsCursor {
  until: number;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>:*` → name. */
export function logGroupNameOf(arn: string): string | null {
  const name = arn.split(':log-group:')[1];
  if (!name) return null;
  return name.replace(/:\*$/, '');
}

/** Reads one log group's new records for these (Express) state machines; returns executions saved. */
export async function ingestExpressLogs(
  ctx: PollerContext,
  client: SourceClient,
  logGroupName: string,
  machines: readonly KnownStateMachine[],
  now: number = Date.now(),
): Promise<number> {
  const key = `logs:${client.source.id}:${logGroupName}`;
  const cursor = await getPollerCursor<LogsCursor>(ctx.store, key);
  const startTime = Math.max(0, (cursor?.until ?? now - ctx.poll.logsLookbackMs) - ctx.poll.logsOverlapMs);
  const endTime = now;
  const records: LogEventEntry[] = [];
  let token: string | null = null;
  do {
    // Pages may be empty while nextToken continues (§3.2): keep paging.
    const page = await client.filterLogEvents({ logGroupName, startTime, endTime, nextToken: token });
    records.push(...page.items);
    token = page.nextToken;
  } while (token !== null && !ctx.stopping);
  if (ctx.stopping) return 0;

  const byArn = new Map<string, Record<string, unknown>[]>();
  for (const entry of records) {
    let record: unknown;
    try {
      record = JSON.parse(entry.message);
    } catch {
      continue; // not a Step Functions record
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) continue;
    const rec = record as Record<string, unknown>;
    const arn = rec.execution_arn;
    if (typeof arn !== 'string' || typeof rec.type !== 'string') continue;
    let list = byArn.get(arn);
    if (!list) byArn.set(arn, (list = []));
    list.push(rec);
  }

  const machinesByArn = new Map(machines.map((m) => [m.stateMachineArn, m]));
  let saved = 0;
  for (const [executionArn, recs] of byArn) {
    if (ctx.stopping) return saved;
    const parts = parseExecutionArn(executionArn);
    if (!parts) continue;
    const machine = machinesByArn.get(parts.stateMachineArn);
    if (!machine) continue; // another machine logging to the same group, not (yet) discovered
    if (await saveExpressExecution(ctx, client, machine, executionArn, recs)) saved += 1;
  }
  await setPollerCursor(ctx.store, key, { until: endTime } satisfies LogsCursor);
  return saved;
}

async function saveExpressExecution(
  ctx: PollerContext,
  client: SourceClient,
  machine: KnownStateMachine,
  executionArn: string,
  records: Record<string, unknown>[],
): Promise<boolean> {
  const logging = machine.logging;
  const parts = parseExecutionArn(executionArn);
  const result = await ingestExecution(ctx.store, {
    source: storeSourceOf(client.source),
    stateMachine: {
      stateMachineArn: machine.stateMachineArn,
      name: machine.name,
      type: 'EXPRESS',
      definition: null,
      // Express executions have no DescribeStateMachineForExecution: the current definition.
      revisionId: machine.currentRevisionKey,
      isCurrentRevision: true,
    },
    executionArn,
    stateMachineArn: machine.stateMachineArn,
    name: parts?.name ?? executionArn,
    events: parseHistory(records).events,
    // Late records can still fill gaps; with reduced logging the history never becomes whole.
    sourcePartial: !logging || logging.level !== 'ALL' || !logging.includeExecutionData,
    expired: false,
  });
  if (!result.saved) return false;
  ctx.stats.eventsStored += result.insertedEvents;
  if (result.completed) {
    ctx.stats.executionsCompleted += 1;
    if (result.derived.stopDate !== null) ctx.stats.recordLag(Date.now() - result.derived.stopDate);
  }
  return true;
}
