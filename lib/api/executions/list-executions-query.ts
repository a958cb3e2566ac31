import { z } from 'zod';
import { EXECUTION_STATUSES, parseTimestamp } from '../../history/index.ts';

// GET /api/executions query (DESIGN.md §2.3). Shared by the route handler and the list page,
// so both accept exactly the same filters.

// The status words are lib/history's (AWS ExecutionStatus); re-exported for the route and the page.
export { EXECUTION_STATUSES };
export const EXECUTION_SORTS = ['newest', 'oldest', 'duration'] as const;
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

// ISO-8601 only (a date, or a date-time; without an offset it is UTC, whatever the server's time
// zone), read by the same rules as history timestamps.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const isoDate = z
  .string()
  .trim()
  .refine((text) => ISO_8601.test(text) && parseTimestamp(text) !== null, { message: 'must be an ISO-8601 date (UTC unless it has an offset)' })
  .transform((text) => new Date(parseTimestamp(text) as number));

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const listExecutionsQuerySchema = z.object({
  stateMachineArn: z.preprocess(blankToUndefined, z.string().optional()),
  status: z.preprocess(
    blankToUndefined,
    z
      .string()
      .transform((text) => text.split(',').map((part) => part.trim().toUpperCase()).filter(Boolean))
      .pipe(z.array(z.enum(EXECUTION_STATUSES)))
      .optional(),
  ),
  q: z.preprocess(blankToUndefined, z.string().trim().max(256).optional()),
  /** Exact error name, e.g. States.Timeout. */
  error: z.preprocess(blankToUndefined, z.string().trim().max(256).optional()),
  /** Substring of the input or output (bounded scan, see lib/store/list-executions.ts). */
  text: z.preprocess(blankToUndefined, z.string().trim().max(256).optional()),
  sort: z.preprocess(blankToUndefined, z.enum(EXECUTION_SORTS).optional()),
  /** counts=1: also return `counts`, executions per status in the filter scope (status ignored). */
  counts: z.preprocess(blankToUndefined, z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true').optional()),
  from: z.preprocess(blankToUndefined, isoDate.optional()),
  to: z.preprocess(blankToUndefined, isoDate.optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(1024).optional()),
  // Larger requests are clamped rather than refused: a client asking for "everything" gets a page.
  limit: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(1).default(DEFAULT_LIMIT).transform((n) => Math.min(n, MAX_LIMIT)),
  ),
});

export type ListExecutionsQuery = z.infer<typeof listExecutionsQuerySchema>;

export type ParsedQuery = { ok: true; query: ListExecutionsQuery } | { ok: false; error: string };

/** Parses URL search params; the error names the parameter and the problem. */
export function parseListExecutionsQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): ParsedQuery {
  // A repeated parameter (?status=FAILED&status=RUNNING) means the same as a comma-separated list.
  const entries =
    params instanceof URLSearchParams
      ? Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key).join(',')]))
      : Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]));
  const result = listExecutionsQuerySchema.safeParse(entries);
  if (result.success) return { ok: true, query: result.data };
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'query';
  return { ok: false, error: `${field}: ${issue?.message ?? 'invalid'}` };
}
