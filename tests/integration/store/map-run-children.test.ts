// setMapRunChildren with a full ListExecutions page and more: the poller hands it up to 1,000
// child ARNs per page, and a Distributed Map may have thousands. Every statement must stay under
// SQLite's 999 bound parameters (a page of 1,000 in one IN list failed the poller every cycle).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countMapRunChildren, getExecutionBriefs, openStore, seedSyntheticExecutions, setMapRunChildren, type Store } from '../../../lib/store/index.ts';

const MAP_RUN = 'arn:aws:states:us-east-1:123456789012:mapRun:Bench00/Fan:run-1';
const CHILDREN = 2_345;

let dir: string;
let url: string;
let store: Store;
let arns: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'steplens-map-run-children-'));
  url = `file:${path.join(dir, 'store.db')}`;
  (await openStore(url)).close(); // migrate
  seedSyntheticExecutions(url, { count: CHILDREN + 10, machines: 1 });
  const db = new Database(path.join(dir, 'store.db'), { readonly: true });
  arns = (db.prepare('SELECT "executionArn" FROM "Execution" ORDER BY "executionArn"').all() as Array<{ executionArn: string }>).map((r) => r.executionArn);
  db.close();
  store = await openStore(url);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('setMapRunChildren', () => {
  it('marks more children than one statement can bind, and a second call changes nothing', async () => {
    const children = arns.slice(0, CHILDREN);
    expect(await setMapRunChildren(store, MAP_RUN, children)).toBe(CHILDREN);
    const counts = await countMapRunChildren(store, MAP_RUN);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(CHILDREN);
    // Idempotent: rows already marked are not written again.
    expect(await setMapRunChildren(store, MAP_RUN, children)).toBe(0);
  });

  it('reads the briefs of as many children (the execution page names every child a parent started)', async () => {
    const briefs = await getExecutionBriefs(store, arns.slice(0, CHILDREN));
    expect(briefs.size).toBe(CHILDREN);
    expect(briefs.get(arns[0] as string)?.mapRunArn).toBe(MAP_RUN);
  });
});
