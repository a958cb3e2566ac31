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
  __steplensExecutionDetails?: Map<string, { version: string; store: Store; detail: ExecutionDetail }>;
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
    return cached.detail;
  }
  const detail = await readExecutionDetail(store, executionArn, rules);
  if (detail && version !== null) {
    detailCache.set(executionArn, { version, store, detail });
    while (detailCache.size > DETAIL_CACHE_SIZE) detailCache.delete(detailCache.keys().next().value as string);
  }
  return detail;
}

const DETAIL_CACHE_SIZE = 16;
const detailCache = (shared.__steplensExecutionDetails ??= new Map<string, { version: string; store: Store; detail: ExecutionDetail }>());

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
