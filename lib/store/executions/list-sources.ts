import { internalsOf } from '../db/internals.ts';
import type { SourceKind, Store } from '../types.ts';

export interface StoredSource {
  id: string;
  kind: SourceKind;
  region: string | null;
  accountId: string | null;
  endpoint: string | null;
  label: string | null;
}

export async function listSources(store: Store): Promise<StoredSource[]> {
  const { client } = internalsOf(store);
  const rows = await client.source.findMany({
    select: { id: true, kind: true, region: true, accountId: true, endpoint: true, label: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({ ...row, kind: row.kind as SourceKind }));
}
