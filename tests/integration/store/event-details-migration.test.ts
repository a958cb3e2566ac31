// Migration event_details_once_retention on a store populated at the schema before it (details
// beside raw on every row, as saveExecutionHistory wrote them then): afterwards every event reads
// back identical (getExecution and the analyzer's read), details are NULL wherever they were raw's
// own, and rows the SQL cannot prove equal (details that are not raw's, raw nested past the JSON
// parsers' limits) keep their text. SQLite and PostgreSQL.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFileRecord } from '../../../lib/cli/history-file-record.ts';
import { jsonText } from '../../../lib/history/json-text.ts';
import type { HistoryEvent } from '../../../lib/history/types.ts';
import { closeAllStores, eventKeyOf, getExecution, migrateStore, openStore, readAnalysisEvents } from '../../../lib/store/index.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const MIGRATION = '20261203093057_event_details_once_retention';
const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/aws-histories');
const tmp = mkdtempSync(path.join(tmpdir(), 'steplens-details-migration-'));
afterAll(async () => {
  await closeAllStores();
  rmSync(tmp, { recursive: true, force: true });
});

interface OldExecution {
  executionArn: string;
  events: HistoryEvent[];
}

/** The migrations folder as it was before MIGRATION (the old schema), or with MIGRATION the last. */
function migrationsBefore(backendDir: string, including = false): string {
  const target = path.join(tmp, `before-${path.basename(path.dirname(backendDir))}-${Math.random().toString(36).slice(2)}`);
  for (const name of readdirSync(backendDir).filter((n) => n !== 'migration_lock.toml').sort()) {
    if (including ? name > MIGRATION : name >= MIGRATION) break;
    cpSync(path.join(backendDir, name), path.join(target, name), { recursive: true });
  }
  return target;
}

/** Every 12th corpus file, plus odd rows: details that are not raw's, a 3,000-level raw, masked ids, a log record. */
function oldExecutions(): OldExecution[] {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort().filter((_, i) => i % 12 === 0);
  const executions: OldExecution[] = files.map((file) => {
    const record = historyFileRecord(readFileSync(path.join(CORPUS, file), 'utf8'), file);
    return { executionArn: record.ingest.executionArn, events: [...record.ingest.events] };
  });
  const deep: unknown = JSON.parse(`${'['.repeat(3000)}1${']'.repeat(3000)}`);
  const odd = (raw: Record<string, unknown>, details: Record<string, unknown>, position: number): HistoryEvent => ({
    id: typeof raw.id === 'number' ? raw.id : null,
    previousEventId: null,
    type: String(raw.type),
    timestamp: Date.UTC(2024, 0, 1, 0, 0, position),
    details,
    position,
    raw,
  });
  const own = { name: 'A' };
  const deepDetails = { input: deep };
  executions.push({
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:Odd:odd',
    events: [
      odd({ id: 1, type: 'TaskStateEntered', stateEnteredEventDetails: own }, own, 0),
      odd({ id: 2, type: 'TaskSucceeded', taskSucceededEventDetails: { output: '1' } }, { output: '2' }, 1),
      odd({ id: 3, type: 'WaitStateEntered', stateEnteredEventDetails: deepDetails }, deepDetails, 2),
      odd({ id: [0], type: 'PassStateEntered', stateEnteredEventDetails: { name: 'ü' } }, { name: 'ü' }, 3),
      odd({ id: 5, type: 'TaskStateExited', execution_arn: 'x', details: { name: 'B', output: { a: [1, 2] } } }, { name: 'B', output: { a: [1, 2] } }, 4),
      odd({ id: 6, type: 'ExecutionSucceeded' }, {}, 5),
    ],
  });
  return executions;
}

/** A row exactly as saveExecutionHistory wrote it before MIGRATION: details text beside raw. */
function oldRow(executionArn: string, event: HistoryEvent): unknown[] {
  return [
    executionArn,
    eventKeyOf(event),
    event.id,
    event.type,
    event.previousEventId,
    event.timestamp === null ? null : new Date(event.timestamp),
    jsonText(event.details) ?? '{}',
    jsonText(event.raw) ?? 'null',
    event.position,
  ];
}

interface RawDb {
  run(sql: string, args: unknown[]): Promise<void>;
  detailsColumn(): Promise<Array<{ executionArn: string; eventKey: number; details: string | null }>>;
  close(): Promise<void>;
}

async function rawDb(backend: 'sqlite' | 'postgres', url: string): Promise<RawDb> {
  if (backend === 'sqlite') {
    const db = new Database(url.slice('file:'.length));
    return {
      async run(sql, args) {
        db.prepare(sql.replace(/\$\d+/g, '?')).run(...args.map((a) => (a instanceof Date ? a.toISOString().replace('Z', '+00:00') : a)));
      },
      async detailsColumn() {
        return db.prepare('SELECT "executionArn", "eventKey", "details" FROM "HistoryEvent" ORDER BY 1, 2').all() as never;
      },
      async close() {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async run(sql, args) {
      await client.query(sql, args);
    },
    async detailsColumn() {
      return (await client.query('SELECT "executionArn", "eventKey", "details" FROM "HistoryEvent" ORDER BY 1, 2')).rows;
    },
    async close() {
      await client.end();
    },
  };
}

for (const backend of storeBackends('details-migration')) {
  describe(`migration ${MIGRATION} (${backend.name})`, () => {
    it('reads back every event identical, stores raw-derivable details once, keeps the rest', async () => {
      const database = await backend.freshDatabase();
      try {
        const dir = path.resolve(import.meta.dirname, '../../../prisma', backend.name === 'sqlite' ? 'migrations' : 'postgres/migrations');
        await migrateStore(database.url, { migrationsDir: migrationsBefore(dir) });
        const executions = oldExecutions();
        const db = await rawDb(backend.name, database.url);
        try {
          await db.run(`INSERT INTO "StateMachine" ("stateMachineArn", "name", "type") VALUES ($1, $2, $3)`, ['sm', 'Old', 'STANDARD']);
          for (const execution of executions) {
            await db.run(`INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status") VALUES ($1, $2, $3, $4)`, [execution.executionArn, 'sm', 'x', 'SUCCEEDED']);
            for (const event of execution.events) {
              await db.run(
                `INSERT INTO "HistoryEvent" ("executionArn", "eventKey", "id", "type", "previousEventId", "timestamp", "details", "raw", "position") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
                oldRow(execution.executionArn, event),
              );
            }
          }
          const before = await db.detailsColumn();
          expect(before.every((row) => row.details !== null)).toBe(true);

          // Up to MIGRATION: the per-event table later migrations (event_chunks) replace.
          await migrateStore(database.url, { migrationsDir: migrationsBefore(dir, true) });
          const after = await db.detailsColumn();
          expect(after).toHaveLength(before.length);
          const kept = after.filter((row) => row.details !== null);
          // Only the Odd execution's event 2 (details that are not raw's) and event 3 (raw deeper than
          // SQLite's 1,000 levels; PostgreSQL's guard is 10,000 brackets, so it is compacted there).
          const keptKeys = kept.map((row) => `${row.executionArn.endsWith(':odd') ? 'odd' : row.executionArn}/${row.eventKey}`);
          expect(keptKeys).toEqual(backend.name === 'sqlite' ? ['odd/2', 'odd/3'] : ['odd/2']);
        } finally {
          await db.close();
        }

        // Then every later migration (event_chunks among them): the events still read back identical.
        await migrateStore(database.url, { migrationsDir: dir });
        const store = await openStore(database.url);
        const analysis = await readAnalysisEvents(store, executions.map((e) => e.executionArn));
        for (const execution of executions) {
          const stored = await getExecution(store, execution.executionArn);
          expect(stored?.events, execution.executionArn).toEqual(execution.events);
          expect(analysis.get(execution.executionArn), execution.executionArn).toEqual(execution.events.map((event) => ({ ...event, raw: null })));
        }
        await store.close();
      } finally {
        await database.drop();
      }
    }, 120_000);
  });
}
