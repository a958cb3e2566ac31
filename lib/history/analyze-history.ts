// Parse + analyse in one call: what `steplens analyze FILE|-` prints (DESIGN.md §2.2).
import { analyzeExecution } from './analyze-execution.ts';
import { parseHistory } from './parse-history.ts';
import type { AnalyzeOptions, ExecutionAnalysis } from './types.ts';

/**
 * Throws HistoryInputError when the input is not a history at all. Uses the input's own
 * `definition` (the corpus format carries one) unless `options.definition` is given.
 */
export function analyzeHistory(input: unknown, options: AnalyzeOptions = {}): ExecutionAnalysis {
  const parsed = parseHistory(input);
  const analysis = analyzeExecution(parsed.events, { definition: options.definition ?? parsed.definition });
  // Both report unknown event types, in the same words: keep one copy.
  return { ...analysis, warnings: [...new Set([...parsed.warnings, ...analysis.warnings])] };
}
