// Work leases for several pollers on one database (PostgreSQL in practice; SQLite works too).
// One statement takes or renews a lease: INSERT … ON CONFLICT DO UPDATE … WHERE it is ours or
// expired. The database serialises conflicting upserts on the row, so exactly one poller wins.
import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

/** Takes or renews the lease `name` for `owner` for `ttlMs`; false when another owner holds it. */
export async function acquirePollerLease(store: Store, name: string, owner: string, ttlMs: number, now: Date = new Date()): Promise<boolean> {
  const { client, dialect } = internalsOf(store);
  const p = dialect.param;
  const d = dialect.dateParam;
  const expiresAt = new Date(now.getTime() + ttlMs);
  const changed = await client.$executeRawUnsafe(
    `INSERT INTO "PollerLease" ("name", "owner", "expiresAt") VALUES (${p(1)}, ${p(2)}, ${d(3)})
     ON CONFLICT ("name") DO UPDATE SET "owner" = excluded."owner", "expiresAt" = excluded."expiresAt"
     WHERE "PollerLease"."owner" = excluded."owner" OR "PollerLease"."expiresAt" < ${d(4)}`,
    name,
    owner,
    expiresAt,
    now,
  );
  return changed > 0;
}

/** Gives up every lease `owner` holds (a clean stop; a crash lets them expire instead). */
export async function releasePollerLeases(store: Store, owner: string): Promise<void> {
  const { client } = internalsOf(store);
  await client.pollerLease.deleteMany({ where: { owner } });
}
