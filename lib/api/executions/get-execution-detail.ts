import { parseDefinition } from '../../asl/index.ts';
import { analyzeExecution } from '../../history/index.ts';
import type { ExecutionAnalysis, StateRun } from '../../history/types.ts';
import { getExecutionForAnalysis, getExecutionVersion, type Store, type StoredExecution } from '../../store/index.ts';
import { displayRedaction, redactDisplayedDefinition, redactStoredHistory } from '../display-redaction.ts';
import { prunedHistoryNote, withPrunedSummary } from './pruned-history.ts';

export interface ExecutionDetail {
  execution: StoredExecution;
  /** Derived on every read from the canonical stored events, so it follows analyzer fixes. */
  analysis: ExecutionAnalysis;
  /** The ASL the execution ran, parsed; null when unknown or not valid JSON (then a warning says so). */
  definition: unknown;
  /**
   * Beyond §2.3: 'omitted' when the runs were sent without their payloads (input, output, and each
   * attempt's parameters and result), as the page embeds them; GET …/runs/{index} has them.
   */
  runPayloads?: 'omitted';
  /** Retention deleted the events: "Events pruned on <date> …" (pruned-history.ts), what the page shows instead of an empty history. */
  prunedNote?: string;
}

/**
 * The detail without the runs' payloads: ~4 MB → a few hundred KB for a 25,000-event history,
 * so the page's HTML stays small. Errors and causes stay (the runs list and banner show them).
 */
export function slimDetail(detail: ExecutionDetail): ExecutionDetail {
  let slim = slimCache.get(detail);
  if (slim === undefined) {
    slim = { ...detail, analysis: { ...detail.analysis, runs: detail.analysis.runs.map(slimRun) }, runPayloads: 'omitted' };
    slimCache.set(detail, slim);
  }
  return slim;
}

/**
 * The caches live on globalThis: Next.js bundles the pages and the API routes apart, each with its
 * own instance of this module, and the page, GET /api/executions/{arn} and …/runs/{index} (the step
 * panel's first fetch after the page) must share one detail per execution version.
 */
const shared = globalThis as typeof globalThis & {
  __steplensSlimDetails?: WeakMap<ExecutionDetail, ExecutionDetail>;
  __steplensExecutionDetails?: Map<string, { version: string; store: Store; detail: ExecutionDetail; bytes: number }>;
};

const slimCache = (shared.__steplensSlimDetails ??= new WeakMap<ExecutionDetail, ExecutionDetail>());

function slimRun(run: StateRun): StateRun {
  const { input: _input, output: _output, taskAttempts, ...rest } = run;
  return taskAttempts === undefined ? rest : { ...rest, taskAttempts: taskAttempts.map((attempt) => ({ ...attempt, parameters: undefined, result: undefined })) };
}

/** GET /api/executions/{arn}/runs/{index}: one run with its payloads; null when there is no such run. */
export async function getStateRunDetail(store: Store, executionArn: string, index: number): Promise<StateRun | null> {
  const detail = await getExecutionDetail(store, executionArn);
  return detail?.analysis.runs[index] ?? null;
}

/**
 * GET /api/executions/{arn}: the stored execution, its analysis and its definition; null when
 * it is not stored. A pure read: callers that want what the source knows but the poller has not
 * stored yet call ensureIngested (lib/poller) first.
 */
export async function getExecutionDetail(store: Store, executionArn: string): Promise<ExecutionDetail | null> {
  // Reading and analysing 25,000 events takes a few hundred ms; an unchanged execution (same
  // row version, same redaction rules) reuses the last result. The page render and the API share it.
  const rules = displayRedaction();
  const stamp = await getExecutionVersion(store, executionArn);
  const version = stamp === null ? null : `${stamp}|${rules?.fingerprint ?? ''}`;
  const cached = version === null ? undefined : detailCache.get(executionArn);
  if (cached && cached.version === version && cached.store === store) {
    detailCache.delete(executionArn);
    detailCache.set(executionArn, cached);
    evictBeyondBudget(detailCacheBudgetBytes());
    return cached.detail;
  }
  const detail = await readExecutionDetail(store, executionArn, rules);
  if (detail && version !== null) {
    detailCache.delete(executionArn);
    detailCache.set(executionArn, { version, store, detail, bytes: approximateBytes(detail) });
    evictBeyondBudget(detailCacheBudgetBytes());
  }
  return detail;
}

/**
 * The cache holds at most DETAIL_CACHE_SIZE details and about STEPLENS_DETAIL_CACHE_MB of them
 * (default 256 MB, by approximateBytes), least recently used dropped first; the newest is always
 * kept, so the execution someone is looking at stays fast (its step panel reads runs from it)
 * even when it alone is bigger than the budget. The server's memory is then the budget plus the
 * one execution being looked at, not every big execution anyone opened.
 */
const DETAIL_CACHE_SIZE = 16;
const DEFAULT_DETAIL_CACHE_MB = 256;
const detailCache = (shared.__steplensExecutionDetails ??= new Map<string, { version: string; store: Store; detail: ExecutionDetail; bytes: number }>());

function detailCacheBudgetBytes(): number {
  const mb = Number(process.env.STEPLENS_DETAIL_CACHE_MB);
  return (Number.isFinite(mb) && mb >= 0 ? mb : DEFAULT_DETAIL_CACHE_MB) * 1024 * 1024;
}

function evictBeyondBudget(budgetBytes: number): void {
  let total = 0;
  for (const entry of detailCache.values()) total += entry.bytes;
  while (detailCache.size > 1 && (detailCache.size > DETAIL_CACHE_SIZE || total > budgetBytes)) {
    const oldest = detailCache.keys().next().value as string;
    total -= detailCache.get(oldest)?.bytes ?? 0;
    detailCache.delete(oldest);
  }
}

/** The details cached now, newest last, with their approximate sizes (tests, /api/health). */
export function cachedExecutionDetails(): Array<{ executionArn: string; bytes: number }> {
  return [...detailCache].map(([executionArn, entry]) => ({ executionArn, bytes: entry.bytes }));
}

/**
 * About how many bytes of heap `value` holds: 2 per string character (V8 may store one-byte
 * strings in 1, so this errs high), 8 per number, 16 per object or array slot besides. A walk
 * with an explicit stack (payloads may nest deeper than recursion allows); a shared object counts
 * once.
 */
export function approximateBytes(value: unknown): number {
  let bytes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') bytes += 16 + 2 * item.length;
    else if (typeof item === 'number' || typeof item === 'boolean') bytes += 8;
    else if (item !== null && typeof item === 'object') {
      if (seen.has(item)) continue;
      seen.add(item);
      if (Array.isArray(item)) {
        bytes += 16 + 8 * item.length;
        for (const element of item) stack.push(element);
      } else {
        const keys = Object.keys(item);
        bytes += 16 + 16 * keys.length;
        for (const key of keys) stack.push((item as Record<string, unknown>)[key]);
      }
    }
  }
  return bytes;
}

/**
 * The detail of what may be shown: the events and the execution's payloads are redacted before
 * the analysis (which copies inputs, outputs, parameters, results and causes into the runs), and
 * the definition's templates after it (the analysis reads only the definition's structure).
 */
async function readExecutionDetail(store: Store, executionArn: string, rules: ReturnType<typeof displayRedaction>): Promise<ExecutionDetail | null> {
  const read = await getExecutionForAnalysis(store, executionArn);
  if (!read) return null;
  const stored = redactStoredHistory(read, rules);
  // Parsed once (memoised by text) for the analysis, the graph and the page alike.
  const parse = parseDefinition(stored.definition);
  // Pruned by retention: the stored summary and a note instead of the analysis of no events.
  const analysis = withPrunedSummary(stored.execution, analyzeExecution(stored.events, { definition: parse.definition ?? undefined }));
  analysis.warnings.push(...parse.warnings);
  const prunedNote = prunedHistoryNote(stored.execution);
  return { execution: stored.execution, analysis, definition: redactDisplayedDefinition(parse.definition?.root ?? null, rules), ...(prunedNote !== null ? { prunedNote } : {}) };
}
