// What a Store holds behind its public face. Only lib/store modules read this; the Prisma
// client type never leaves lib/store.
import type { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaClient } from '../generated/sqlite/client.ts';
import type { Store, StoreBackend } from '../types.ts';

/**
 * The two generated clients (SQLite, PostgreSQL) come from schemas with identical models
 * (checked by tools/check-schemas.ts), so their model APIs have the same shape: both are typed
 * through the SQLite client's type.
 */
export type Client = PrismaClient;

/** The part of a client (or of an interactive-transaction client) that runs raw SQL. */
export interface RawDb {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface Dialect {
  backend: StoreBackend;
  /** Placeholder for the i-th (1-based) parameter. */
  param(i: number): string;
  /** Placeholder for a DateTime parameter (PostgreSQL needs the type for row comparisons). */
  dateParam(i: number): string;
  /** Bound parameters per statement: SQLite's SQLITE_MAX_VARIABLE_NUMBER, PostgreSQL's 65535. */
  maxParams: number;
  /** Case-insensitive LIKE operator. */
  ilike: string;
}

export const SQLITE_DIALECT: Dialect = {
  backend: 'sqlite',
  param: () => '?',
  dateParam: () => '?',
  maxParams: 32_766,
  ilike: 'LIKE', // case-insensitive for ASCII in SQLite
};

export const POSTGRES_DIALECT: Dialect = {
  backend: 'postgres',
  param: (i) => `$${i}`,
  dateParam: (i) => `$${i}::timestamp(3)`,
  maxParams: 65_535,
  ilike: 'ILIKE',
};

/** Prisma's driver-adapter connection (SqlDriverAdapter): the same for both adapters. */
export type DriverAdapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>;

export interface StoreInternals {
  client: Client;
  dialect: Dialect;
  /** The driver adapter the client itself is connected through (see write-transaction.ts). */
  adapter: () => DriverAdapter;
}

// On globalThis, like the store cache (open-store.ts): after a Next.js dev hot reload (or when
// two server bundles each hold a copy of this module) a cached Store must still be recognised.
const REGISTRY_KEY = Symbol.for('steplens.store.internals');
const globalRegistry = globalThis as typeof globalThis & { [REGISTRY_KEY]?: WeakMap<Store, StoreInternals> };
const registry = (globalRegistry[REGISTRY_KEY] ??= new WeakMap<Store, StoreInternals>());

export function registerStore(store: Store, internals: StoreInternals): void {
  registry.set(store, internals);
}

export function internalsOf(store: Store): StoreInternals {
  const found = registry.get(store);
  if (found === undefined) throw new Error('not a store returned by openStore (or it was closed)');
  return found;
}

export function forgetStore(store: Store): void {
  registry.delete(store);
}
