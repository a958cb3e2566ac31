// GET /api/executions/diff and the /executions/diff page (DESIGN.md §2.6): both executions' details
// (the analysis derived from their stored events, shared with the execution page's cache) handed
// to lib/metrics diffExecutions, with the definitions the page draws the two paths on.
import { jsonText } from '../../history/json-text.ts';
import { diffExecutions, type ExecutionDiff } from '../../metrics/index.ts';
import { listExecutions, type Store, type StoredExecution } from '../../store/index.ts';
import { getExecutionDetail } from './get-execution-detail.ts';

export interface ExecutionDiffDetail {
  diff: ExecutionDiff<StoredExecution>;
  /** The parsed ASL each execution ran (null when unknown or unparseable). */
  definitions: { a: unknown; b: unknown };
  /**
   * Both ran the same definition (same text once parsed): one graph carries both paths. Otherwise
   * (another revision, another state machine) each definition gets its graph, painted by state name.
   */
  sameDefinition: boolean;
}

export type ExecutionDiffLookup = { found: true; detail: ExecutionDiffDetail } | { found: false; missing: 'a' | 'b'; executionArn: string };

/** The diff of stored executions A and B (A → B); which one is missing when one is not stored. */
export async function getExecutionDiff(store: Store, a: string, b: string): Promise<ExecutionDiffLookup> {
  const detailA = await getExecutionDetail(store, a);
  if (!detailA) return { found: false, missing: 'a', executionArn: a };
  const detailB = a === b ? detailA : await getExecutionDetail(store, b);
  if (!detailB) return { found: false, missing: 'b', executionArn: b };
  const diff = diffExecutions(
    { execution: detailA.execution, analysis: detailA.analysis, input: detailA.execution.input, output: detailA.execution.output },
    { execution: detailB.execution, analysis: detailB.analysis, input: detailB.execution.input, output: detailB.execution.output },
  );
  const sameDefinition = detailA.definition === detailB.definition || jsonText(detailA.definition) === jsonText(detailB.definition);
  return { found: true, detail: { diff, definitions: { a: detailA.definition, b: detailB.definition }, sameDefinition } };
}

/**
 * "Compare with last success": the newest SUCCEEDED execution of the same state machine that
 * started before `execution` (the last known good run before it), else the newest SUCCEEDED one
 * at all; never the execution itself. null when the state machine has no stored success.
 */
export async function findLastSuccess(store: Store, execution: Pick<StoredExecution, 'executionArn' | 'stateMachineArn' | 'startDate'>): Promise<string | null> {
  const scope = { stateMachineArn: execution.stateMachineArn, status: ['SUCCEEDED' as const], limit: 2 };
  const before = execution.startDate ? await listExecutions(store, { ...scope, to: new Date(execution.startDate) }) : { items: [] };
  const pick = (items: ReadonlyArray<{ executionArn: string }>) => items.find((item) => item.executionArn !== execution.executionArn)?.executionArn ?? null;
  return pick(before.items) ?? pick((await listExecutions(store, scope)).items);
}
