// Write transactions on the Prisma driver adapter the client is connected through.
// Why not client.$transaction + $executeRawUnsafe: with the WebAssembly engine every raw query's
// parameters are serialised into the query compiler and back, which made a 25,000-event import
// 4× slower than the raw driver (the target is 3×). The adapter's own transaction runs the
// same SQL on the same connection (pool / SQLite connection and mutex shared with the client)
// without that detour. As Prisma does, BEGIN comes from startTransaction() and COMMIT/ROLLBACK
// are sent as SQL before commit()/rollback() release the connection.
import { StoreError } from './errors.ts';
import { internalsOf, type DriverAdapter, type RawDb } from './internals.ts';
import type { Store } from '../types.ts';

type AdapterTransaction = Awaited<ReturnType<DriverAdapter['startTransaction']>>;
type ArgScalarType = 'string' | 'int' | 'bigint' | 'float' | 'boolean' | 'datetime' | 'unknown';

function argType(value: unknown): { scalarType: ArgScalarType; arity: 'scalar' } {
  const scalarType: ArgScalarType =
    typeof value === 'string'
      ? 'string'
      : typeof value === 'number'
        ? Number.isInteger(value)
          ? Math.abs(value) > 2_147_483_647
            ? 'bigint'
            : 'int'
          : 'float'
        : typeof value === 'bigint'
          ? 'bigint'
          : typeof value === 'boolean'
            ? 'boolean'
            : value instanceof Date
              ? 'datetime'
              : 'unknown';
  return { scalarType, arity: 'scalar' };
}

function rawDb(tx: AdapterTransaction): RawDb {
  const query = (sql: string, values: unknown[]) => ({ sql, args: values, argTypes: values.map(argType) });
  return {
    $executeRawUnsafe: (sql, ...values) => tx.executeRaw(query(sql, values)),
    async $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> {
      const result = await tx.queryRaw(query(sql, values));
      const rows = result.rows.map((row) => Object.fromEntries(result.columnNames.map((name, i) => [name, row[i]])));
      return rows as T;
    },
  };
}

const NO_ARGS = { args: [], argTypes: [] };

/** Runs `work` in one database transaction: committed when it resolves, rolled back when it throws. */
export async function withWriteTransaction<T>(store: Store, work: (db: RawDb) => Promise<T>): Promise<T> {
  const tx = await internalsOf(store).adapter().startTransaction();
  let result: T;
  try {
    result = await work(rawDb(tx));
    await tx.executeRaw({ sql: 'COMMIT', ...NO_ARGS });
  } catch (error) {
    await tx.executeRaw({ sql: 'ROLLBACK', ...NO_ARGS }).catch(() => undefined);
    await tx.rollback();
    throw describeDriverError(error);
  }
  await tx.commit();
  return result;
}

/** Driver-adapter errors carry the database's own message in `cause.originalMessage`. */
function describeDriverError(error: unknown): unknown {
  if (!(error instanceof Error) || error.name !== 'DriverAdapterError') return error;
  const cause = error.cause as { kind?: string; originalMessage?: string; message?: string } | undefined;
  const detail = cause?.originalMessage ?? cause?.message ?? cause?.kind ?? error.message;
  return new StoreError(`database error (${cause?.kind ?? 'unknown'}): ${detail.split('\n')[0]}`, { cause: error });
}
