import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

/** An execution's stored input and output (JSON text or whatever AWS returned; null when unknown). */
export interface ExecutionPayloads {
  input: string | null;
  output: string | null;
}

/**
 * The stored input and output of each of `executionArns` (unknown ARNs are absent): what the
 * executions list reads to recheck a text match against the redacted payloads (lib/api).
 */
export async function getExecutionPayloads(store: Store, executionArns: readonly string[]): Promise<Map<string, ExecutionPayloads>> {
  const { client } = internalsOf(store);
  const out = new Map<string, ExecutionPayloads>();
  if (executionArns.length === 0) return out;
  const rows = await client.execution.findMany({ where: { executionArn: { in: [...new Set(executionArns)] } }, select: { executionArn: true, input: true, output: true } });
  for (const row of rows) out.set(row.executionArn, { input: row.input, output: row.output });
  return out;
}
