// Raw-SQL helpers shared by the store operations (portable SQLite/PostgreSQL SQL).
import type { Dialect, RawDb } from './internals.ts';

/** Double-quoted identifier (all our tables and columns are camelCase, so quoting is required). */
export function q(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/**
 * Multi-row INSERT of `rows` in as few statements as the parameter limit allows.
 * `suffix` is appended to each statement (e.g. ON CONFLICT ... DO NOTHING).
 * Returns the number of rows the database reports as inserted.
 */
export async function insertRows(
  db: RawDb,
  dialect: Dialect,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
  maxRowsPerStatement = 2_000,
): Promise<number> {
  if (rows.length === 0) return 0;
  const perStatement = Math.max(1, Math.min(maxRowsPerStatement, Math.floor(dialect.maxParams / columns.length)));
  const head = `INSERT INTO ${q(table)} (${columns.map(q).join(', ')}) VALUES `;
  const sqlCache = new Map<number, string>();
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    let sql = sqlCache.get(chunk.length);
    if (sql === undefined) {
      sql = head + valuesList(dialect, chunk.length, columns.length) + (suffix === '' ? '' : ` ${suffix}`);
      sqlCache.set(chunk.length, sql);
    }
    const values: unknown[] = new Array<unknown>(chunk.length * columns.length);
    let k = 0;
    for (const row of chunk) for (const value of row) values[k++] = value;
    inserted += await db.$executeRawUnsafe(sql, ...values);
  }
  return inserted;
}

function valuesList(dialect: Dialect, rowCount: number, columnCount: number): string {
  const parts: string[] = new Array<string>(rowCount);
  let i = 1;
  for (let r = 0; r < rowCount; r++) {
    const cells: string[] = new Array<string>(columnCount);
    for (let c = 0; c < columnCount; c++) cells[c] = dialect.param(i++);
    parts[r] = `(${cells.join(', ')})`;
  }
  return parts.join(', ');
}

/** number | bigint | numeric string | null → number | null (SQLite returns BIGINT as bigint). */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Date | ISO string | null → Date | null. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date;
}

export function toIso(value: unknown): string | null {
  return toDate(value)?.toISOString() ?? null;
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't' || value === 'true';
}
