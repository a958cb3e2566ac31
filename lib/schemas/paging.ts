// Keyset paging of the append-only logs (GET /api/audit, GET /api/alerts/deliveries), defined once:
// the `cursor` and `limit` query parameters, and how a page is cut from the rows read. A log is
// read newest first by its autoincrement id; a page's nextCursor is the last id it shows, and the
// next page is the rows older than it. zod only: the pages bundle this file too.
import { z } from 'zod';
import { wholeNumberParam } from './query-values.ts';

/** An empty parameter (`?cursor=`) is the parameter left out. */
export const blankToUndefined = (value: unknown): unknown => (value === '' || value === null ? undefined : value);

/**
 * `cursor` (entries older than this id: the previous page's nextCursor) and `limit` (1 … maxLimit,
 * refused past it, defaultLimit when absent), spread into a log's query schema.
 */
export function keysetPagingFields(defaultLimit: number, maxLimit: number) {
  return {
    cursor: z.preprocess(blankToUndefined, wholeNumberParam(1, Number.MAX_SAFE_INTEGER).optional()),
    limit: z.preprocess(blankToUndefined, wholeNumberParam(1, maxLimit).default(defaultLimit)),
  };
}

/**
 * The page of `rows` read with `limit + 1` (the extra row says another page follows): at most
 * `limit` rows, and the cursor of the next (older) page, null on the last one.
 */
export function keysetPage<T extends { id: number }>(rows: readonly T[], limit: number): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? String(last.id) : null };
}
