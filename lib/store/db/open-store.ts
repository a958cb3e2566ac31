// openStore: one Prisma client per database URL, migrated on first open.
// DATABASE_URL unset → SQLite file data/steplens.db under process.cwd(); `file:` → SQLite via
// @prisma/adapter-better-sqlite3; `postgresql://` / `postgres://` → PostgreSQL via @prisma/adapter-pg.
// Clients are cached on globalThis so Next.js dev hot reloads do not leak connections.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { resolveDatabaseUrl, type ResolvedDatabaseUrl } from './database-url.ts';
import { StoreError, redactUrl } from './errors.ts';
import {
  POSTGRES_DIALECT,
  SQLITE_DIALECT,
  forgetStore,
  registerStore,
  type Client,
  type DriverAdapter,
} from './internals.ts';
import { migrateStore } from './migrate.ts';
import type { Store } from '../types.ts';

type StoreCache = Map<string, Promise<Store>>;
const CACHE_KEY = Symbol.for('steplens.store.cache');
const globalCache = globalThis as typeof globalThis & { [CACHE_KEY]?: StoreCache };

function cache(): StoreCache {
  globalCache[CACHE_KEY] ??= new Map();
  return globalCache[CACHE_KEY];
}

/** Opens (or returns the cached) store for `databaseUrl` (default: process.env.DATABASE_URL). */
export function openStore(databaseUrl: string | null | undefined = process.env.DATABASE_URL): Promise<Store> {
  const resolved = resolveDatabaseUrl(databaseUrl);
  const stores = cache();
  const cached = stores.get(resolved.url);
  if (cached !== undefined) return cached;
  const opening = open(resolved);
  stores.set(resolved.url, opening);
  // A failed open must not be cached: the next call retries (e.g. after PostgreSQL starts).
  opening.catch(() => {
    if (stores.get(resolved.url) === opening) stores.delete(resolved.url);
  });
  return opening;
}

/** Closes every cached store (tests, process shutdown). */
export async function closeAllStores(): Promise<void> {
  const all = [...cache().values()];
  await Promise.all(all.map(async (p) => (await p.catch(() => null))?.close()));
}

async function open(resolved: ResolvedDatabaseUrl): Promise<Store> {
  const { client, adapter } = await createClient(resolved);
  await migrateStore(resolved.url);
  try {
    await client.$connect();
    if (resolved.backend === 'sqlite') {
      // WAL: readers (the UI) do not block the poller's writes; NORMAL is durable in WAL mode
      // except for the last transactions on power loss, which a re-poll restores.
      await client.$queryRawUnsafe('PRAGMA journal_mode = WAL');
      await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
      await client.$queryRawUnsafe('PRAGMA foreign_keys = ON');
    }
  } catch (error) {
    await client.$disconnect().catch(() => undefined);
    throw new StoreError(`cannot open the store at ${redactUrl(resolved.url)}: ${firstLine(error)}`, { cause: error });
  }
  let closed = false;
  const store: Store = {
    backend: resolved.backend,
    databaseUrl: resolved.url,
    async close() {
      if (closed) return;
      closed = true;
      const stores = cache();
      if (stores.get(resolved.url) !== undefined) stores.delete(resolved.url);
      forgetStore(store);
      await client.$disconnect();
    },
  };
  registerStore(store, {
    client,
    dialect: resolved.backend === 'sqlite' ? SQLITE_DIALECT : POSTGRES_DIALECT,
    adapter: () => {
      const connected = adapter();
      if (connected === null) throw new StoreError('the store is not connected (closed?)');
      return connected;
    },
  });
  return store;
}

const MISSING_CLIENT = (which: string): string =>
  `the generated Prisma client lib/store/generated/${which} is missing: run \`npm run db:generate\` (npx tsx lib/store/tools/generate-clients.ts)`;

// The adapter factories, remembering the connection they hand to the Prisma client: bulk writes
// run on that same connection (write-transaction.ts), so they share the client's pool and, on
// SQLite, its transaction mutex.
class SqliteFactory extends PrismaBetterSQLite3 {
  connected: DriverAdapter | null = null;
  override async connect(): Promise<DriverAdapter> {
    this.connected = await super.connect();
    return this.connected;
  }
}

class PgFactory extends PrismaPg {
  connected: DriverAdapter | null = null;
  override async connect(): Promise<Awaited<ReturnType<PrismaPg['connect']>>> {
    const adapter = await super.connect();
    this.connected = adapter;
    return adapter;
  }
}

async function createClient(resolved: ResolvedDatabaseUrl): Promise<{ client: Client; adapter: () => DriverAdapter | null }> {
  if (resolved.backend === 'sqlite') {
    const generated = await importGenerated('sqlite', () => import('../generated/sqlite/client.ts'));
    // timeout: better-sqlite3's busy timeout (ms) when another process holds the write lock.
    const factory = new SqliteFactory({ url: resolved.url, timeout: 30_000 }, { timestampFormat: 'iso8601' });
    return { client: new generated.PrismaClient({ adapter: factory }), adapter: () => factory.connected };
  }
  const generated = await importGenerated('postgres', () => import('../generated/postgres/client.ts'));
  const factory = new PgFactory({ connectionString: resolved.url, max: 10 });
  // Same models as the SQLite client (tools/check-schemas.ts): typed through it, see internals.ts.
  const client = new generated.PrismaClient({ adapter: factory }) as unknown as Client;
  return { client, adapter: () => factory.connected };
}

export async function importGenerated<T>(which: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|Module not found/i.test(message)) {
      throw new StoreError(MISSING_CLIENT(which));
    }
    throw error;
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.trim().split('\n').pop() ?? message).trim();
}
