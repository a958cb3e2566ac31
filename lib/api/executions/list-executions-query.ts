import {
  DEFAULT_EXECUTIONS_LIMIT,
  MAX_EXECUTIONS_LIMIT,
  executionFilterInput,
  executionFiltersSchema,
  type ExecutionFilters,
} from '../../schemas/execution-filters.ts';

// GET /api/executions query (DESIGN.md §2.3): lib/schemas/execution-filters.ts, the one filter
// schema the route, the list page and the store share. This module keeps the route's names.

export const DEFAULT_LIMIT = DEFAULT_EXECUTIONS_LIMIT;
export const MAX_LIMIT = MAX_EXECUTIONS_LIMIT;

export const listExecutionsQuerySchema = executionFiltersSchema;

export type ParsedQuery = { ok: true; query: ExecutionFilters } | { ok: false; error: string };

/** Parses URL search params; the error names the parameter and the problem. */
export function parseListExecutionsQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): ParsedQuery {
  // A repeated parameter (?status=FAILED&status=RUNNING) means the same as a comma-separated list.
  const entries =
    params instanceof URLSearchParams
      ? executionFilterInput(params)
      : Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]));
  const result = executionFiltersSchema.safeParse(entries);
  if (result.success) return { ok: true, query: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'query';
  return { ok: false, error: `${field}: ${issue?.message ?? 'invalid'}` };
}
