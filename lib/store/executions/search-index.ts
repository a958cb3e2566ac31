// The search index of the executions list: the name filter `q` (execution name or error) and the
// content filter `text` (stored input or output), both case-insensitive substrings
// (lib/schemas/execution-filters.ts). Created by migration 20261202190000_search_index.
//
// SQLite: two FTS5 tables with the trigram tokenizer, ExecutionNameSearch (name, error) and
// ExecutionTextSearch (input, output), contentless and keyed by the Execution rowid, kept current
// by triggers. A needle of 3 or more characters gives candidate rows: those holding some of its
// trigrams (an AND of trigram terms, not a phrase). The candidates are a superset of the matches,
// because FTS5 folds case over all of Unicode while SQLite's LIKE folds ASCII only, and because
// a row holding every trigram need not hold them in order: the caller rechecks each candidate with
// the exact LIKE … ESCAPE it always used, so results are exactly today's. A needle of 1 or 2
// characters has no trigram: the caller scans as before.
//
// Which trigrams: reading an FTS5 doclist costs about 5 ns a row, and the trigrams of a typical
// name ("exe", "ec-", "-00") are in nearly every row, so ANDing all of them costs 25–40 ms at
// 1,000,000 executions while the rarest two cost 1–2 ms. Each trigram's row count is probed
// (capped at PROBE_CAP, so a probe reads at most that many postings) and, only when every trigram
// is common, counted exactly; counts are cached per store for COUNT_TTL_MS. Stale counts can only
// make a search slower, never change its result: any subset of the trigrams narrows to a superset.
//
// PostgreSQL: pg_trgm GIN indexes on the same four columns; the planner serves the unchanged
// ILIKE clauses from them, so nothing here is needed beyond the rebuild.
import { internalsOf, type Client } from '../db/internals.ts';
import { toNumber } from '../db/sql.ts';
import { withWriteTransaction } from '../db/write-transaction.ts';
import type { Store } from '../types.ts';

export type SearchTable = 'ExecutionNameSearch' | 'ExecutionTextSearch';
export const NAME_SEARCH: SearchTable = 'ExecutionNameSearch';
export const TEXT_SEARCH: SearchTable = 'ExecutionTextSearch';

/** Postings a probe reads at most; a trigram in fewer rows than this is "rare" and counted exactly. */
export const PROBE_CAP = 4_096;
/** How long a trigram's row count is trusted (it only steers which trigrams are ANDed). */
export const COUNT_TTL_MS = 5 * 60_000;
/** Trigram terms ANDed at most. */
const MAX_TERMS = 4;
/** A further term is worth reading while its doclist is at most this many times the rarest's. */
const TERM_SPREAD = 10;
const MAX_CACHED = 20_000;

/** The distinct trigrams (3 Unicode code points) of a needle; none below 3 code points. */
export function trigramsOf(needle: string): string[] {
  const chars = [...needle];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(''));
  return [...out];
}

/** An FTS5 string literal: double quotes, inner quotes doubled; everything else is literal. */
function ftsString(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Overrides for tests (every setting changes speed only, never a result). */
export interface SearchTuning {
  probeCap?: number;
  now?: number;
}

export interface SearchPlan {
  table: SearchTable;
  /** The FTS5 MATCH expression: an AND of trigram strings. */
  match: string;
  /** Rows of the rarest chosen trigram (an upper bound of the candidates, as of the counts). */
  estimate: number;
}

interface CachedCount {
  /** Exact row count, or the probe's cap + 1 meaning "more than the cap, not counted yet". */
  rows: number;
  exact: boolean;
  at: number;
}

const counts = new WeakMap<Client, Map<string, CachedCount>>();

function cacheOf(client: Client): Map<string, CachedCount> {
  let cache = counts.get(client);
  if (cache === undefined) {
    cache = new Map();
    counts.set(client, cache);
  }
  return cache;
}

async function probe(client: Client, table: SearchTable, term: string, cap: number | null): Promise<number> {
  const sql =
    cap === null
      ? `SELECT COUNT(*) AS n FROM "${table}" WHERE "${table}" MATCH ?`
      : `SELECT COUNT(*) AS n FROM (SELECT rowid FROM "${table}" WHERE "${table}" MATCH ? LIMIT ${Math.floor(cap) + 1})`;
  const [row] = await client.$queryRawUnsafe<Array<{ n: unknown }>>(sql, ftsString(term));
  return toNumber(row?.n) ?? 0;
}

/**
 * The trigram AND to narrow `needle` with on SQLite, or null when it has no trigram (fewer than
 * 3 characters): the caller then scans.
 */
export async function planSearch(store: Store, table: SearchTable, needle: string, tuning: SearchTuning = {}): Promise<SearchPlan | null> {
  const now = tuning.now ?? Date.now();
  const cap = tuning.probeCap ?? PROBE_CAP;
  const { client, dialect } = internalsOf(store);
  if (dialect.backend !== 'sqlite') throw new Error('planSearch is for SQLite stores (PostgreSQL uses pg_trgm through ILIKE)');
  const terms = trigramsOf(needle);
  if (terms.length === 0) return null;
  const cache = cacheOf(client);
  if (cache.size > MAX_CACHED) cache.clear();
  const known = async (term: string, exact: boolean): Promise<CachedCount> => {
    const key = `${table}\u0000${term}`;
    const hit = cache.get(key);
    if (hit !== undefined && now - hit.at < COUNT_TTL_MS && (hit.exact || (!exact && hit.rows > cap))) return hit;
    const rows = await probe(client, table, term, exact ? null : cap);
    const entry: CachedCount = { rows, exact: exact || rows <= cap, at: now };
    cache.set(key, entry);
    return entry;
  };
  let sized: Array<{ term: string } & CachedCount> = [];
  for (const term of terms) sized.push({ term, ...(await known(term, false)) });
  if (sized.every((s) => !s.exact)) {
    // Every trigram is common: count them exactly (cached) to find the rarest.
    sized = [];
    for (const term of terms) sized.push({ term, ...(await known(term, true)) });
  }
  // Exact counts first (rarest first); a term only known to be common is never worth its doclist
  // beside a rare one.
  sized.sort((a, b) => Number(b.exact) - Number(a.exact) || a.rows - b.rows || (a.term < b.term ? -1 : 1));
  const rarest = sized[0]?.rows ?? 0;
  const chosen = sized.filter((s, i) => i === 0 || (s.exact && s.rows <= rarest * TERM_SPREAD)).slice(0, MAX_TERMS);
  return { table, match: chosen.map((s) => ftsString(s.term)).join(' AND '), estimate: rarest };
}

/** Forgets the cached trigram counts of a store (after a rebuild, or in tests). */
export function forgetSearchCounts(store: Store): void {
  counts.delete(internalsOf(store).client);
}

/**
 * Rebuilds the search index from the Execution rows (derived data: DESIGN.md §1). SQLite: empties
 * both FTS5 tables, reinserts every row and merges the index into one segment; PostgreSQL:
 * REINDEX of the four pg_trgm indexes. Needed only after something bypassed the triggers (a
 * table redefinition, a restored copy of the FTS tables); the triggers keep it current otherwise.
 */
export async function rebuildSearchIndex(store: Store): Promise<{ executions: number }> {
  const { client, dialect } = internalsOf(store);
  if (dialect.backend === 'postgres') {
    for (const index of ['Execution_name_trgm_idx', 'Execution_error_trgm_idx', 'Execution_input_trgm_idx', 'Execution_output_trgm_idx']) {
      await client.$executeRawUnsafe(`REINDEX INDEX "${index}"`);
    }
  } else {
    await withWriteTransaction(store, async (db) => {
      for (const table of [NAME_SEARCH, TEXT_SEARCH]) await db.$executeRawUnsafe(`INSERT INTO "${table}" ("${table}") VALUES ('delete-all')`);
      await db.$executeRawUnsafe(`INSERT INTO "${NAME_SEARCH}" (rowid, "name", "error") SELECT rowid, "name", "error" FROM "Execution"`);
      await db.$executeRawUnsafe(`INSERT INTO "${TEXT_SEARCH}" (rowid, "input", "output") SELECT rowid, "input", "output" FROM "Execution"`);
      for (const table of [NAME_SEARCH, TEXT_SEARCH]) await db.$executeRawUnsafe(`INSERT INTO "${table}" ("${table}") VALUES ('optimize')`);
    });
    forgetSearchCounts(store);
  }
  const [row] = await client.$queryRawUnsafe<Array<{ n: unknown }>>(`SELECT COUNT(*) AS n FROM "Execution"`);
  return { executions: toNumber(row?.n) ?? 0 };
}
