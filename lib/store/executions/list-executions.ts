// Keyset pagination over executions in three orders, each one index range scan from the
// cursor's key (no OFFSET, so page 20,000 of a 1,000,000-row table costs what page 1 does):
// - newest: (startDate DESC, executionArn DESC), on Execution_startDate_executionArn_idx or the
//   stateMachineArn / status / error / stateMachineArn+status variants;
// - oldest: the same indexes scanned backwards;
// - duration: (durationMs DESC, executionArn DESC), on Execution_durationMs_executionArn_idx or
//   Execution_stateMachineArn_durationMs_idx.
// Rows whose sort column is null (undated; still running for duration) come after all others,
// ordered by executionArn in the same direction. Several statuses run one range scan per status
// and merge, so every scan stays on a (status, …) index.
// The name filter q (name or error) and the content filter text (input or output) are substring
// matches that no B-tree serves. On SQLite the FTS5 trigram tables of search-index.ts narrow them
// to candidate rows, rechecked with the same LIKE … ESCAPE as always and sorted in the page's
// order (a bounded keyset window is tried first when the candidates are many); on PostgreSQL
// pg_trgm GIN indexes serve the unchanged ILIKE clauses. A needle of 1–2 characters has no
// trigram: q then scans the scope as before, and text keeps its bounded window of
// TEXT_SCAN_WINDOW rows per call, returning the matches found with a cursor at the window's end
// (scanLimited).
import { DEFAULT_EXECUTIONS_LIMIT, MAX_EXECUTIONS_LIMIT } from '../../schemas/execution-filters.ts';
import { InvalidCursorError } from '../db/errors.ts';
import { internalsOf, type Dialect } from '../db/internals.ts';
import { toIso, toNumber } from '../db/sql.ts';
import type { ExecutionPage, ExecutionSort, ListExecutionsQuery, Store } from '../types.ts';
import { executionFilterWhere, likePattern, sqlParams, type SqlParams } from './execution-filter-sql.ts';
import { executionListItemOf, type ExecutionListRow } from './execution-row.ts';
import { NAME_SEARCH, TEXT_SEARCH, planSearch, trigramsOf, type SearchPlan, type SearchTuning } from './search-index.ts';
import { resolveClusterScope } from './resolve-cluster-scope.ts';

// The page-size bounds are the filter schema's (it clamps the route's limit the same way).
export { DEFAULT_EXECUTIONS_LIMIT, MAX_EXECUTIONS_LIMIT };
/** Rows examined per call by the input/output text filter. */
export const TEXT_SCAN_WINDOW = 5_000;

interface Key {
  /** The sort column's value: ISO-8601 UTC for dates, milliseconds for duration; null in the tail. */
  value: string | number | null;
  executionArn: string;
}

interface SortSpec {
  column: '"startDate"' | '"durationMs"';
  desc: boolean;
  numeric: boolean;
}

const SORTS: Record<ExecutionSort, SortSpec> = {
  newest: { column: '"startDate"', desc: true, numeric: false },
  oldest: { column: '"startDate"', desc: false, numeric: false },
  duration: { column: '"durationMs"', desc: true, numeric: true },
};

const COLUMNS =
  '"executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "durationMs", "error", "cause", "redriveCount"';

/**
 * A cursor is base64url JSON (URL-safe): newest-first keeps the two-element [startDate,
 * executionArn]; the other sorts are tagged [sort, value, executionArn].
 */
function encodeKey(key: Key, sort: ExecutionSort): string {
  const payload = sort === 'newest' ? [key.value, key.executionArn] : [sort, key.value, key.executionArn];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodeKey(cursor: string, sort: ExecutionSort): Key {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value)) {
      const parts = value as unknown[];
      const tagged = parts.length === 3;
      const cursorSort = tagged ? parts[0] : 'newest';
      const [keyValue, executionArn] = tagged ? parts.slice(1) : parts;
      const spec = SORTS[sort];
      const valueOk =
        keyValue === null ||
        (spec.numeric ? typeof keyValue === 'number' && Number.isFinite(keyValue) : typeof keyValue === 'string' && !Number.isNaN(Date.parse(keyValue)));
      if ((parts.length === 2 || tagged) && cursorSort === sort && valueOk && typeof executionArn === 'string' && executionArn !== '') {
        return { value: keyValue as string | number | null, executionArn };
      }
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('invalid cursor: not one listExecutions returned for this sort');
}

/** How listExecutions may search (tests and the bench; the app always uses the defaults). */
export interface ListExecutionsOptions {
  /**
   * false: the unindexed plans, the same-run baseline of the bench and the reference of the
   * tests: `q` by a scan of the scope, `text` of 3 or more characters by an unbounded scan (not
   * the bounded window). SQLite only; PostgreSQL's planner picks its pg_trgm indexes itself.
   */
  searchIndex?: boolean;
  /** Tests: thresholds of the SQLite search (they change speed only, never a result). */
  tuning?: SearchTuning & { denseCandidates?: number; denseWindow?: number };
}

/** Candidates above this (the rarest chosen trigram's rows) first try a bounded keyset window. */
export const DENSE_CANDIDATES = 10_000;

/** What the q and text filters need of a call (see search-index.ts for the SQLite narrowing). */
interface Search {
  /** The exact text window of today's `text` filter: only for text of 1–2 characters (no trigram). */
  textWindowed: boolean;
  /** Text to recheck with LIKE/ILIKE in WHERE (text of 3 or more characters). */
  textFilter: string | null;
  /** SQLite: FTS5 trigram narrowings of q and/or text, intersected (empty: none). */
  candidates: SearchPlan[];
}

export async function listExecutions(store: Store, filters: ListExecutionsQuery = {}, options: ListExecutionsOptions = {}): Promise<ExecutionPage> {
  const { client, dialect } = internalsOf(store);
  const query = await resolveClusterScope(store, filters);
  const sort: ExecutionSort = query.sort ?? 'newest';
  const spec = SORTS[sort];
  const limit = clampLimit(query.limit);
  const after = query.cursor ? decodeKey(query.cursor, sort) : null;
  const statuses = [...new Set(query.status ?? [])];
  const want = limit + 1; // one more row tells whether there is a next page
  const search = await planListSearch(store, query, options.searchIndex ?? true, options.tuning);
  const denseCandidates = options.tuning?.denseCandidates ?? DENSE_CANDIDATES;
  const denseWindow = options.tuning?.denseWindow ?? TEXT_SCAN_WINDOW;

  const run = async (status: readonly string[], tail: boolean, from: Key | null, n: number): Promise<Row[]> => {
    const { sql, params } = pageSql(dialect, spec, query, status, tail, from, n, search, { kind: 'scan' });
    return client.$queryRawUnsafe<Row[]>(sql, ...params);
  };
  const scan = async (tail: boolean, from: Key | null, n: number): Promise<Row[]> => {
    if (search.candidates.length > 0) return indexed(tail, from, n);
    if (statuses.length <= 1) return run(statuses, tail, from, n);
    const parts = await Promise.all(statuses.map((s) => run([s], tail, from, n)));
    return parts.flat().sort(comparator(spec)).slice(0, n);
  };
  /**
   * Through the SQLite search index: the candidates' rows, rechecked and sorted. When even the
   * rarest trigram is in many rows, the matches are likely dense, so a bounded window of the scope
   * in keyset order is tried first: it is exact whenever it fills the page.
   */
  const indexed = async (tail: boolean, from: Key | null, n: number): Promise<Row[]> => {
    if (Math.min(...search.candidates.map((c) => c.estimate)) > denseCandidates) {
      const { sql, params } = pageSql(dialect, spec, query, statuses, tail, from, n, search, { kind: 'window', size: denseWindow, q: true });
      const rows = await client.$queryRawUnsafe<Row[]>(sql, ...params);
      if (rows.length >= n) return rows;
    }
    const { sql, params } = pageSql(dialect, spec, query, statuses, tail, from, n, search, { kind: 'candidates' });
    return client.$queryRawUnsafe<Row[]>(sql, ...params);
  };
  /** Today's text filter for 1–2 characters: one bounded window; `boundary` is set when the window was full. */
  const textScan = async (tail: boolean, from: Key | null, n: number): Promise<{ rows: Row[]; boundary: Key | null }> => {
    const { sql, params } = pageSql(dialect, spec, query, statuses, tail, from, n, search, { kind: 'window', size: TEXT_SCAN_WINDOW, q: false });
    const rows = await client.$queryRawUnsafe<Row[]>(sql, ...params);
    if (rows.length >= n) return { rows, boundary: null };
    const edge = boundarySql(dialect, spec, query, statuses, tail, from);
    const [last] = await client.$queryRawUnsafe<Row[]>(edge.sql, ...edge.params);
    return { rows, boundary: last === undefined ? null : keyOf(spec, last) };
  };

  // The tail (null sort value) is excluded by a date range when sorting by date.
  const tailAllowed = spec.numeric || (query.from === undefined && query.to === undefined);
  let rows: Row[] = [];
  let limitedAt: Key | null = null;
  // Phase 1: rows with a sort value (skipped when the cursor is already in the tail).
  if (after === null || after.value !== null) {
    if (!search.textWindowed) rows = await scan(false, after, want);
    else {
      const found = await textScan(false, after, want);
      rows = found.rows;
      limitedAt = found.boundary;
    }
  }
  // Phase 2: the tail.
  if (rows.length < want && limitedAt === null && tailAllowed) {
    const from = after !== null && after.value === null ? after : null;
    if (!search.textWindowed) rows = rows.concat(await scan(true, from, want - rows.length));
    else {
      const found = await textScan(true, from, want - rows.length);
      rows = rows.concat(found.rows);
      limitedAt = found.boundary;
    }
  }

  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (rows.length > limit && last !== undefined) nextCursor = encodeKey(keyOf(spec, last), sort);
  else if (limitedAt !== null) nextCursor = encodeKey(limitedAt, sort);
  return { items: page.map(executionListItemOf), nextCursor, ...(limitedAt !== null && rows.length <= limit ? { scanLimited: true } : {}) };
}

async function planListSearch(store: Store, query: ListExecutionsQuery, useIndex: boolean, tuning: SearchTuning = {}): Promise<Search> {
  const { dialect } = internalsOf(store);
  const q = query.q?.trim() ? query.q.trim() : null;
  const text = query.text?.trim() ? query.text.trim() : null;
  const textWindowed = text !== null && trigramsOf(text).length === 0;
  const search: Search = { textWindowed, textFilter: text !== null && !textWindowed ? text : null, candidates: [] };
  if (!useIndex || dialect.backend !== 'sqlite') return search;
  const names = q === null ? null : await planSearch(store, NAME_SEARCH, q, tuning);
  const contents = search.textFilter === null ? null : await planSearch(store, TEXT_SEARCH, search.textFilter, tuning);
  search.candidates = [names, contents].filter((plan): plan is SearchPlan => plan !== null);
  return search;
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_EXECUTIONS_LIMIT;
  return Math.min(MAX_EXECUTIONS_LIMIT, Math.max(1, Math.floor(limit)));
}

type Row = ExecutionListRow;

function keyOf(spec: SortSpec, row: Row): Key {
  const value = spec.numeric ? toNumber(row.durationMs) : toIso(row.startDate);
  return { value, executionArn: row.executionArn };
}

/** The SQL order: sort value (nulls last) then executionArn, both in the sort's direction. */
function comparator(spec: SortSpec): (a: Row, b: Row) => number {
  const sign = spec.desc ? -1 : 1;
  return (a, b) => {
    const ka = keyOf(spec, a);
    const kb = keyOf(spec, b);
    if ((ka.value === null) !== (kb.value === null)) return ka.value === null ? 1 : -1;
    if (ka.value !== kb.value && ka.value !== null && kb.value !== null) return (ka.value < kb.value ? -1 : 1) * sign;
    return (a.executionArn < b.executionArn ? -1 : a.executionArn > b.executionArn ? 1 : 0) * sign;
  };
}

/** WHERE clauses of the scope (every filter but text: executionFilterWhere), the null/non-null part and the keyset start. */
function scopeWhere(
  dialect: Dialect,
  bind: SqlParams,
  spec: SortSpec,
  query: ListExecutionsQuery,
  statuses: readonly string[],
  tail: boolean,
  after: Key | null,
  withQ = true,
): string[] {
  const { p, d, params } = bind;
  const keyParam = (value: string | number): string => {
    if (!spec.numeric) return d(new Date(value));
    params.push(value);
    return dialect.backend === 'postgres' ? `${dialect.param(params.length)}::bigint` : dialect.param(params.length);
  };
  const scope = withQ ? query : { ...query, q: undefined };
  const where = [tail ? `${spec.column} IS NULL` : `${spec.column} IS NOT NULL`, ...executionFilterWhere(dialect, bind, scope, statuses)];
  const op = spec.desc ? '<' : '>';
  if (after !== null) {
    if (!tail && after.value !== null) {
      // Row-value comparison: both backends turn it into an index range start.
      where.push(`(${spec.column}, "executionArn") ${op} (${keyParam(after.value)}, ${p(after.executionArn)})`);
    } else if (tail) {
      where.push(`"executionArn" ${op} ${p(after.executionArn)}`);
    }
  }
  return where;
}

function orderBy(spec: SortSpec, tail: boolean): string {
  const dir = spec.desc ? 'DESC' : 'ASC';
  return tail ? `"executionArn" ${dir}` : `${spec.column} ${dir}, "executionArn" ${dir}`;
}

/**
 * The statement of one page part:
 * - scan: the scope's keyset range, rechecking q (in the scope) and text >= 3 characters;
 * - candidates (SQLite): the search index's candidate rowids joined to their rows, the same
 *   WHERE, sorted (the CTE comes first: SQLite's placeholders are positional);
 * - window: the first `size` rows of the scope in keyset order, then filtered by text (and by q
 *   when `q`: the dense-candidates try; without, q stays in the window's scope as the 1–2
 *   character text filter always had it).
 */
type PageForm = { kind: 'scan' } | { kind: 'candidates' } | { kind: 'window'; size: number; q: boolean };

function pageSql(
  dialect: Dialect,
  spec: SortSpec,
  query: ListExecutionsQuery,
  statuses: readonly string[],
  tail: boolean,
  after: Key | null,
  limit: number,
  search: Search,
  form: PageForm,
): { sql: string; params: unknown[] } {
  const bind = sqlParams(dialect);
  const order = orderBy(spec, tail);
  const n = Math.floor(limit);
  const textMatch = (text: string): string => {
    const pattern = likePattern(text);
    return `("input" ${dialect.ilike} ${bind.p(pattern)} ESCAPE '\\' OR "output" ${dialect.ilike} ${bind.p(pattern)} ESCAPE '\\')`;
  };
  const text = search.textWindowed ? (query.text?.trim() ?? null) : search.textFilter;
  if (form.kind === 'window') {
    const where = scopeWhere(dialect, bind, spec, query, statuses, tail, after, !form.q).join(' AND ');
    const inner = `SELECT ${COLUMNS}, "input", "output" FROM "Execution" WHERE ${where} ORDER BY ${order} LIMIT ${form.size}`;
    const outer: string[] = [];
    if (form.q && query.q?.trim()) {
      const pattern = likePattern(query.q.trim());
      outer.push(`("name" ${dialect.ilike} ${bind.p(pattern)} ESCAPE '\\' OR "error" ${dialect.ilike} ${bind.p(pattern)} ESCAPE '\\')`);
    }
    if (text !== null) outer.push(textMatch(text));
    return { sql: `SELECT ${COLUMNS} FROM (${inner}) AS w WHERE ${outer.length > 0 ? outer.join(' AND ') : '1 = 1'} ORDER BY ${order} LIMIT ${n}`, params: bind.params };
  }
  let from = `"Execution"`;
  if (form.kind === 'candidates') {
    const sets = search.candidates.map((c) => `SELECT rowid AS r FROM "${c.table}" WHERE "${c.table}" MATCH ${bind.p(c.match)}`).join(' INTERSECT ');
    from = `(${sets}) AS c CROSS JOIN "Execution" ON "Execution".rowid = c.r`;
  }
  const where = scopeWhere(dialect, bind, spec, query, statuses, tail, after);
  if (text !== null) where.push(textMatch(text));
  return { sql: `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${n}`, params: bind.params };
}

/** The last row of the text scan's window, or none when the scope has fewer rows. */
function boundarySql(
  dialect: Dialect,
  spec: SortSpec,
  query: ListExecutionsQuery,
  statuses: readonly string[],
  tail: boolean,
  after: Key | null,
): { sql: string; params: unknown[] } {
  const bind = sqlParams(dialect);
  const where = scopeWhere(dialect, bind, spec, query, statuses, tail, after).join(' AND ');
  return {
    sql: `SELECT ${COLUMNS} FROM "Execution" WHERE ${where} ORDER BY ${orderBy(spec, tail)} LIMIT 1 OFFSET ${TEXT_SCAN_WINDOW - 1}`,
    params: bind.params,
  };
}
