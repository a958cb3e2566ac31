// Rebuilds derived rows from the stored events (DESIGN.md §1 "derived data is rebuildable"):
// every execution whose rows another ANALYZER_VERSION wrote — or, with `all`, every execution —
// is re-read (events without their raw copy), analysed with the definition it ran, derived with
// deriveExecution and its derived columns and StateRun rows rewritten, in batches of one
// transaction each. Exactly what ingestExecution would store for the same events.
//
// Resumable: a stale run needs no cursor (rebuilt rows are current, so they are not found
// again); an `all` run keeps its keyset position in PollerCursor "reanalyze:all" after every
// batch, so an interrupted `reanalyze --all` goes on where it stopped.
import { ANALYZER_VERSION, analyzeExecution, deriveExecution, executionLinks, type ExecutionLinkRecord, type HistoryEvent } from '../history/index.ts';
import {
  countAnalyzedExecutions,
  countStaleExecutions,
  findDefinition,
  getPollerCursor,
  listStaleExecutions,
  readAnalysisEvents,
  rebuildStateRunRollups,
  saveDerivedRows,
  saveExecutionLinks,
  setPollerCursor,
  type DerivedRows,
  type StaleExecution,
  type Store,
} from '../store/index.ts';
import { derivedFields } from './derived-fields.ts';

export interface ReanalyzeOptions {
  /** Rebuild every execution, not only the stale ones. */
  all?: boolean;
  /** Executions per transaction (default 500). */
  batchSize?: number;
  /** Called after every batch. */
  onProgress?: (progress: ReanalyzeProgress) => void;
  /** Checked between batches: true stops after the current one (it is committed). */
  shouldStop?: () => boolean;
}

export interface ReanalyzeProgress {
  /** Executions rebuilt so far in this run. */
  executions: number;
  /** StateRun rows written so far in this run. */
  runs: number;
  /** Executions to rebuild when the run started (including those an earlier `all` run did). */
  total: number;
}

export interface ReanalyzeSummary extends ReanalyzeProgress {
  version: number;
  /** Executions in the store with derived rows (those with stored events). */
  storedExecutions: number;
  elapsedMs: number;
  /** Executions with stale rows left (0 unless stopped). */
  staleLeft: number;
  stopped: boolean;
}

const ALL_CURSOR = 'reanalyze:all';
const DEFAULT_BATCH = 500;

interface AllCursor {
  after: string | null;
}

export async function reanalyze(store: Store, options: ReanalyzeOptions = {}): Promise<ReanalyzeSummary> {
  const started = performance.now();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const all = options.all === true;
  const [stale, analyzed] = await Promise.all([countStaleExecutions(store, ANALYZER_VERSION), countAnalyzedExecutions(store)]);
  let after = all ? ((await getPollerCursor<AllCursor>(store, ALL_CURSOR))?.after ?? null) : null;
  const progress: ReanalyzeProgress = { executions: 0, runs: 0, total: all ? analyzed : stale };
  const definitions = new DefinitionCache(store);
  let stopped = false;

  for (;;) {
    if (options.shouldStop?.()) {
      stopped = true;
      break;
    }
    const batch = await listStaleExecutions(store, { version: ANALYZER_VERSION, all, after, limit: batchSize });
    if (batch.length === 0) break;
    const events = await readAnalysisEvents(
      store,
      batch.map((execution) => execution.executionArn),
    );
    const rows: DerivedRows[] = [];
    const links: Array<{ executionArn: string; links: ExecutionLinkRecord[] }> = [];
    for (const execution of batch) {
      const derived = derivedRowsOf(execution, events.get(execution.executionArn) ?? [], await definitions.get(execution));
      rows.push(derived.rows);
      links.push({ executionArn: execution.executionArn, links: derived.links });
    }
    progress.runs += await saveDerivedRows(store, rows, ANALYZER_VERSION);
    // ExecutionLink rows of the batch, replaced as a whole (ingest-execution.ts writes the same).
    await saveExecutionLinks(store, links, ANALYZER_VERSION);
    progress.executions += batch.length;
    after = (batch[batch.length - 1] as StaleExecution).executionArn;
    if (all) await setPollerCursor(store, ALL_CURSOR, { after } satisfies AllCursor);
    options.onProgress?.({ ...progress });
  }
  if (all && !stopped) {
    // The batches kept the per-state rollup in step; a full rebuild also repairs one that
    // drifted (it is derived from StateRun alone).
    await rebuildStateRunRollups(store);
    await setPollerCursor(store, ALL_CURSOR, { after: null } satisfies AllCursor);
  }
  const staleLeft = await countStaleExecutions(store, ANALYZER_VERSION);
  return { ...progress, version: ANALYZER_VERSION, storedExecutions: analyzed, elapsedMs: performance.now() - started, staleLeft, stopped };
}

/** What ingestExecution derives for the same events (see ingest-execution.ts). */
function derivedRowsOf(execution: StaleExecution, events: HistoryEvent[], definition: string | null): { rows: DerivedRows; links: ExecutionLinkRecord[] } {
  const analysis = analyzeExecution(events, definition !== null ? { definition } : {});
  const derived = deriveExecution(events, analysis, { fallbackStartDate: execution.startDate?.getTime() ?? null });
  return {
    rows: {
      execution: derivedFields(execution.executionArn, execution.stateMachineArn, derived),
      runs: analysis.runs,
    },
    links: executionLinks(events, analysis),
  };
}

/** Definitions by (state machine, revision): a store holds few, its executions many. */
class DefinitionCache {
  private readonly cache = new Map<string, Promise<string | null>>();
  constructor(private readonly store: Store) {}

  get(execution: StaleExecution): Promise<string | null> {
    const key = `${execution.stateMachineArn}\u0000${execution.revisionId ?? ''}`;
    let found = this.cache.get(key);
    if (found === undefined) this.cache.set(key, (found = findDefinition(this.store, execution.stateMachineArn, execution.revisionId)));
    return found;
  }
}
