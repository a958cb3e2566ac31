import { analyzeExecution } from '../../history/index.ts';
import type { ExecutionAnalysis } from '../../history/types.ts';
import { fetchExecutionOnDemand } from '../../poller/index.ts';
import { getExecution, type Store, type StoredExecution } from '../../store/index.ts';

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
