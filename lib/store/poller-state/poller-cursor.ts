// Poller bookkeeping rows (PollerCursor): small JSON values under namespaced keys.
import { internalsOf } from '../db/internals.ts';
import type { Store } from '../types.ts';

/** The JSON value stored under `key`, or null. */
export async function getPollerCursor<T = unknown>(store: Store, key: string): Promise<T | null> {
  const { client } = internalsOf(store);
  const row = await client.pollerCursor.findUnique({ where: { key } });
  return row === null ? null : (JSON.parse(row.value) as T);
}

export async function setPollerCursor(store: Store, key: string, value: unknown): Promise<void> {
  const { client } = internalsOf(store);
  const text = JSON.stringify(value) ?? 'null';
  const now = new Date();
  await client.pollerCursor.upsert({ where: { key }, create: { key, value: text, updatedAt: now }, update: { value: text, updatedAt: now } });
}

/** All cursors whose key starts with `prefix`, with their last update. */
export async function listPollerCursors(store: Store, prefix: string): Promise<Array<{ key: string; value: unknown; updatedAt: string }>> {
  const { client } = internalsOf(store);
  const rows = await client.pollerCursor.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: 'asc' } });
  return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: row.updatedAt.toISOString() }));
}
