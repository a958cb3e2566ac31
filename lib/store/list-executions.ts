// Keyset pagination over executions, newest first: ORDER BY startDate DESC, executionArn DESC,
// with executions that have no startDate after all dated ones (ordered by executionArn DESC).
// Each page is one index range scan of Execution_startDate_executionArn_idx (or the
// stateMachineArn/status variants) from the cursor's key: no OFFSET, so page 20,000 of a
// 1,000,000-row table costs what page 1 does. Several statuses run one range scan per status
// and merge, so every scan stays on the (status, startDate, executionArn) index.
import { InvalidCursorError } from './errors.ts';
import { internalsOf, type Dialect } from './internals.ts';
import { toIso, toNumber } from './sql.ts';
import type { ExecutionListItem, ExecutionPage, ListExecutionsQuery, Store } from './types.ts';

export const DEFAULT_EXECUTIONS_LIMIT = 50;
export const MAX_EXECUTIONS_LIMIT = 500;

interface Key {
  startDate: string | null; // ISO-8601 UTC
  executionArn: string;
}

const COLUMNS =
  '"executionArn", "stateMachineArn", "name", "status", "startDate", "stopDate", "durationMs", "error", "cause", "redriveCount"';

export function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify([key.startDate, key.executionArn]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): Key {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [startDate, executionArn] = value as unknown[];
      const dateOk = startDate === null || (typeof startDate === 'string' && !Number.isNaN(Date.parse(startDate)));
      if (dateOk && typeof executionArn === 'string' && executionArn !== '') {
        return { startDate: startDate as string | null, executionArn };
      }
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError('invalid cursor: not one listExecutions returned');
}

export async function listExecutions(store: Store, query: ListExecutionsQuery = {}): Promise<ExecutionPage> {
  const { client, dialect } = internalsOf(store);
  const limit = clampLimit(query.limit);
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const statuses = [...new Set(query.status ?? [])];
  const want = limit + 1; // one more row tells whether there is a next page

  const run = async (status: string | null, dated: boolean, from: Key | null, n: number): Promise<Row[]> => {
    const { sql, params } = pageSql(dialect, query, status, dated, from, n);
    return client.$queryRawUnsafe<Row[]>(sql, ...params);
  };
  const scan = async (dated: boolean, from: Key | null, n: number): Promise<Row[]> => {
    if (statuses.length <= 1) return run(statuses[0] ?? null, dated, from, n);
    const parts = await Promise.all(statuses.map((s) => run(s, dated, from, n)));
    return parts.flat().sort(compareRows).slice(0, n);
  };

  let rows: Row[] = [];
  // Phase 1: dated executions (skipped when the cursor is already in the undated tail).
  if (after === null || after.startDate !== null) rows = await scan(true, after, want);
  // Phase 2: undated executions, unless a date range excludes them.
  const undatedAllowed = query.from === undefined && query.to === undefined;
  if (rows.length < want && undatedAllowed) {
    const from = after !== null && after.startDate === null ? after : null;
    rows = rows.concat(await scan(false, from, want - rows.length));
  }

  const page = rows.slice(0, limit).map(toItem);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last !== undefined ? encodeCursor({ startDate: last.startDate, executionArn: last.executionArn }) : null;
  return { items: page, nextCursor };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_EXECUTIONS_LIMIT;
  return Math.min(MAX_EXECUTIONS_LIMIT, Math.max(1, Math.floor(limit)));
}

interface Row {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: unknown;
  stopDate: unknown;
  durationMs: unknown;
  error: string | null;
  cause: string | null;
  redriveCount: unknown;
}

/** Same order as the SQL: dated rows by (startDate, executionArn) desc. */
function compareRows(a: Row, b: Row): number {
  const ta = toIso(a.startDate) ?? '';
  const tb = toIso(b.startDate) ?? '';
  if (ta !== tb) return ta < tb ? 1 : -1;
  return a.executionArn < b.executionArn ? 1 : a.executionArn > b.executionArn ? -1 : 0;
}

function toItem(row: Row): ExecutionListItem {
  return {
    executionArn: row.executionArn,
    stateMachineArn: row.stateMachineArn,
    name: row.name,
    status: row.status,
    startDate: toIso(row.startDate),
    stopDate: toIso(row.stopDate),
    durationMs: toNumber(row.durationMs),
    error: row.error,
    cause: row.cause,
    redriveCount: toNumber(row.redriveCount) ?? 0,
  };
}

function pageSql(
  dialect: Dialect,
  query: ListExecutionsQuery,
  status: string | null,
  dated: boolean,
  after: Key | null,
  limit: number,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return dialect.param(params.length);
  };
  const d = (value: Date): string => {
    params.push(value);
    return dialect.dateParam(params.length);
  };
  const where: string[] = [dated ? '"startDate" IS NOT NULL' : '"startDate" IS NULL'];
  if (query.stateMachineArn !== undefined) where.push(`"stateMachineArn" = ${p(query.stateMachineArn)}`);
  if (status !== null) where.push(`"status" = ${p(status)}`);
  if (query.q !== undefined && query.q.trim() !== '') {
    const pattern = `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(`("name" ${dialect.ilike} ${p(pattern)} ESCAPE '\\' OR "error" ${dialect.ilike} ${p(pattern)} ESCAPE '\\')`);
  }
  if (dated && query.from !== undefined) where.push(`"startDate" >= ${d(query.from)}`);
  if (dated && query.to !== undefined) where.push(`"startDate" <= ${d(query.to)}`);
  if (after !== null) {
    if (dated && after.startDate !== null) {
      // Row-value comparison: both backends turn it into an index range start.
      where.push(`("startDate", "executionArn") < (${d(new Date(after.startDate))}, ${p(after.executionArn)})`);
    } else if (!dated) {
      where.push(`"executionArn" < ${p(after.executionArn)}`);
    }
  }
  const order = dated ? '"startDate" DESC, "executionArn" DESC' : '"executionArn" DESC';
  const sql = `SELECT ${COLUMNS} FROM "Execution" WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${Math.floor(limit)}`;
  return { sql, params };
}
