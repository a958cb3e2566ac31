// Two `steplens poll --once` processes on one store (SQLite file and PostgreSQL), both with a
// "retention" section: each ingests (nothing here: the emulator has no state machines), then tries
// a pruning pass; exactly one prunes — the other finds the retention lease taken, or the pass
// done — and the store holds each pruned execution once, stamped, without events.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../../lib/emulator/index.ts';
import { countStoredEvents, getExecution, openStore, readRetentionLastPass, saveExecutionHistory, type Store } from '../../../lib/store/index.ts';
import { runSteplens } from '../../helpers/run-steplens.ts';
import { storeBackends } from '../../helpers/store-backends.ts';
import { executionArn, history, maskedEvents } from '../store/store-fixtures.ts';

const DAY = 86_400_000;
const EVENTS_EACH = maskedEvents(0).length;
/** Orders executions started this many days ago (finished 1.2 s later). */
const AGES = [1, 2, 3, 40, 41, 42, 43, 44];
const KEEP_DAYS = 30;

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = mkdtempSync(path.join(tmpdir(), 'steplens-retention-cli-'));
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const backend of storeBackends('retention_cli')) {
  describe(`two polling processes on ${backend.name}`, () => {
    let store: Store;
    let url: string;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const db = await backend.freshDatabase();
      url = db.url;
      drop = db.drop;
      store = await openStore(url);
      for (const age of AGES) await saveExecutionHistory(store, history({ machine: 'Orders', name: `age-${age}`, start: new Date(Date.now() - age * DAY) }));
    });
    afterAll(async () => {
      await store.close();
      await drop();
    });

    it('one of them prunes', async () => {
      const config = path.join(dir, `steplens.${backend.name}.json`);
      writeFileSync(config, JSON.stringify({ sources: [{ kind: 'endpoint', endpoint: emulator.url }], retention: { eventsDays: KEEP_DAYS, batchExecutions: 2, pauseMs: 20 } }));
      const env = (id: string) => ({ DATABASE_URL: url, STEPLENS_CONFIG: config, STEPLENS_POLLER_ID: id, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
      const [a, b] = await Promise.all([runSteplens(['poll', '--once'], { env: env('poller-a') }), runSteplens(['poll', '--once'], { env: env('poller-b') })]);
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const old = AGES.filter((age) => age > KEEP_DAYS);
      const line = `retention pruned the events of ${old.length} executions (${old.length * EVENTS_EACH} events, ${Math.ceil(old.length / 2)} batches`;
      const pruners = [a, b].filter((r) => r.stderr.includes(line));
      expect(pruners, `${a.stderr}\n---\n${b.stderr}`).toHaveLength(1);
      expect([a, b].filter((r) => r.stderr.includes('retention pruned'))).toHaveLength(1);
      const last = await readRetentionLastPass(store);
      expect(last).toMatchObject({ owner: pruners[0] === a ? 'poller-a' : 'poller-b', executions: old.length, events: old.length * EVENTS_EACH });
      for (const age of AGES) {
        const arn = executionArn('Orders', `age-${age}`);
        const pruned = age > KEEP_DAYS;
        expect(await countStoredEvents(store, arn), arn).toBe(pruned ? 0 : EVENTS_EACH);
        expect((await getExecution(store, arn))?.execution.eventsPrunedAt === null, arn).toBe(!pruned);
      }
    });
  });
}
