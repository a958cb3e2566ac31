import { openStore, type Store } from '../store/index.ts';

/** The store of the running server (DATABASE_URL, default SQLite under data/). */
export function serverStore(): Promise<Store> {
  return openStore(process.env.DATABASE_URL);
}
