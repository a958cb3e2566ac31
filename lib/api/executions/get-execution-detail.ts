import { analyzeExecution } from '../../history/index.ts';
import type { ExecutionAnalysis } from '../../history/types.ts';
import { fetchExecutionOnDemand } from '../../poller/index.ts';
import { getExecution, getExecutionVersion, type Store, type StoredExecution } from '../../store/index.ts';

export interface ExecutionDetail {
  execution: StoredExecution;
  /** Derived on every read from the canonical stored events, so it follows analyzer fixes. */
  analysis: ExecutionAnalysis;
  /** The ASL the execution ran, parsed; null when unknown or not valid JSON (then a warning says so). */
  definition: unknown;
}

/**
 * GET /api/executions/{arn}: the stored execution, its analysis and its definition. An execution
 * the source knows but the poller has not stored yet is fetched now; null when no one has it.
 */
export async function getExecutionDetail(store: Store, executionArn: string): Promise<ExecutionDetail | null> {
  // Reading and analysing 25,000 events takes a few hundred ms; an unchanged execution (same
  // row version) reuses the last result. The page render and the API share it.
  const version = await getExecutionVersion(store, executionArn);
  const cached = version === null ? undefined : detailCache.get(executionArn);
  if (cached && cached.version === version && cached.store === store) {
    detailCache.delete(executionArn);
    detailCache.set(executionArn, cached);
    return cached.detail;
  }
  const detail = await readExecutionDetail(store, executionArn);
  if (detail && version !== null) {
    detailCache.set(executionArn, { version, store, detail });
    while (detailCache.size > DETAIL_CACHE_SIZE) detailCache.delete(detailCache.keys().next().value as string);
  }
  return detail;
}

const DETAIL_CACHE_SIZE = 16;
const detailCache = new Map<string, { version: string; store: Store; detail: ExecutionDetail }>();

async function readExecutionDetail(store: Store, executionArn: string): Promise<ExecutionDetail | null> {
  let stored = await getExecution(store, executionArn);
  if (!stored && (await fetchOnDemand(store, executionArn))) stored = await getExecution(store, executionArn);
  if (!stored) return null;
  const { definition, warning } = parseDefinition(stored.definition);
  const analysis = analyzeExecution(stored.events, { definition: definition ?? undefined });
  if (warning) analysis.warnings.push(warning);
  return { execution: stored.execution, analysis, definition };
}

function parseDefinition(text: string | null): { definition: unknown; warning: string | null } {
  if (text === null) return { definition: null, warning: null };
  try {
    return { definition: JSON.parse(text), warning: null };
  } catch (error) {
    return { definition: null, warning: `stored definition is not valid JSON: ${(error as Error).message}` };
  }
}

/** A source that cannot be reached must not turn a 404 into a 500: the page says "not found". */
async function fetchOnDemand(store: Store, executionArn: string): Promise<boolean> {
  try {
    return await fetchExecutionOnDemand(store, executionArn);
  } catch {
    return false;
  }
}
