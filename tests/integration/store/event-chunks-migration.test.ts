// Migration event_chunks on a store populated at the schema before it (one HistoryEvent row per
// event, as saveExecutionHistory wrote them then): afterwards the events, dumped one row each,
// are exactly the old rows (raw byte for byte, details text, timestamps, positions, keys), read
// back identical through getExecution and the analyzer's read, in chunks of 100; on real AWS
// histories no chunk needs `extra` (everything is derived from raw), and rows the SQL cannot
// prove (caller-built fields, a log record, raw the JSON functions refuse, a gap, a key that is
// not the id) keep their values there. Later saves append to the migrated chunks. SQLite and
// PostgreSQL.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFileRecord } from '../../../lib/cli/history-file-record.ts';
import { parseHistory } from '../../../lib/history/index.ts';
import type { HistoryEvent } from '../../../lib/history/types.ts';
import { storedEventOf } from '../../../lib/store/events/event-chunks.ts';
import { closeAllStores, getExecution, migrateStore, openStore, readAnalysisEvents, saveExecutionHistory } from '../../../lib/store/index.ts';
import { dumpStore, type DumpedRow } from '../../../lib/store/tools/dump-store.ts';
import { storeBackends } from '../../helpers/store-backends.ts';

const MIGRATION = '20261203155816_event_chunks';
const CORPUS = path.resolve(import.meta.dirname, '../../../../shared/aws-histories');
const ODD = 'arn:aws:states:us-east-1:000000000000:execution:Odd:odd';
const LONG = 'arn:aws:states:us-east-1:000000000000:execution:Odd:long';
const tmp = mkdtempSync(path.join(tmpdir(), 'steplens-chunks-migration-'));
afterAll(async () => {
  await closeAllStores();
  rmSync(tmp, { recursive: true, force: true });
});

/** The migrations folder as it was before MIGRATION (the old schema). */
function migrationsBefore(backendDir: string): string {
  const target = path.join(tmp, `before-${path.basename(path.dirname(backendDir))}-${Math.random().toString(36).slice(2)}`);
  for (const name of readdirSync(backendDir).filter((n) => n !== 'migration_lock.toml').sort()) {
    if (name >= MIGRATION) break;
    cpSync(path.join(backendDir, name), path.join(target, name), { recursive: true });
  }
  return target;
}

/** An old HistoryEvent row (the columns as they were), with the events it stands for. */
interface OldRow {
  executionArn: string;
  eventKey: number;
  id: number | null;
  type: string;
  previousEventId: number | null;
  timestamp: string | null;
  details: string | null;
  raw: string;
  position: number;
}

function rowOf(executionArn: string, event: HistoryEvent, overrides: Partial<OldRow> = {}): OldRow {
  const stored = storedEventOf(event);
  return {
    executionArn,
    eventKey: stored.eventKey,
    id: stored.id,
    type: stored.type,
    previousEventId: stored.previousEventId,
    timestamp: stored.timestamp === null ? null : new Date(stored.timestamp).toISOString(),
    details: stored.details,
    raw: stored.raw,
    position: stored.position,
    ...overrides,
  };
}

/** Every 6th corpus file, a 250-event history (three chunks), and odd rows. */
function oldRows(): { rows: OldRow[]; corpusArns: string[] } {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort().filter((_, i) => i % 6 === 0);
  const rows: OldRow[] = [];
  const corpusArns: string[] = [];
  for (const file of files) {
    const record = historyFileRecord(readFileSync(path.join(CORPUS, file), 'utf8'), file);
    corpusArns.push(record.ingest.executionArn);
    for (const event of record.ingest.events) rows.push(rowOf(record.ingest.executionArn, event));
  }
  // As the SDK gives them (ISO timestamps, ms: the poller's form), as CLI v2 prints them (µs,
  // +00:00), whole seconds.
  const iso = (i: number): string => {
    const text = new Date(Date.UTC(2024, 1, 3, 4, 5, 6, 7) + i * 1001).toISOString();
    return i % 3 === 0 ? text : i % 3 === 1 ? text.replace('Z', '000+00:00') : `${text.slice(0, 19)}Z`;
  };
  const wire = Array.from({ length: 250 }, (_, i) => ({
    id: i + 1,
    previousEventId: i,
    timestamp: iso(i),
    type: i === 0 ? 'ExecutionStarted' : 'PassStateEntered',
    ...(i === 0 ? { executionStartedEventDetails: { input: '{"ü":"\\u0000"}' } } : { stateEnteredEventDetails: { name: `S${i}`, input: `{"i":${i}}` } }),
  }));
  for (const event of parseHistory({ events: wire }).events) rows.push(rowOf(LONG, event));

  const deep: unknown = JSON.parse(`${'['.repeat(3000)}1${']'.repeat(3000)}`);
  const made = (raw: unknown, fields: Partial<HistoryEvent>, position: number): HistoryEvent => ({
    id: null,
    previousEventId: null,
    type: 'PassStateEntered',
    timestamp: null,
    details: {},
    position,
    raw,
    ...fields,
  });
  const odd: Array<[HistoryEvent, Partial<OldRow>]> = [
    // Epoch seconds (CLI v1) and a masked id: derived from raw.
    [parseHistory([{ id: [0], previousEventId: 0, timestamp: 1700000000.123, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } }]).events[0] as HistoryEvent, {}],
    // A log record: string ids and an epoch-ms string timestamp the SQL does not parse.
    [made({ id: '2', previous_event_id: '1', event_timestamp: '1700000000200', type: 'TaskStateEntered', execution_arn: ODD, details: { name: 'T' } }, { id: 2, previousEventId: 1, type: 'TaskStateEntered', timestamp: 1700000000200, details: { name: 'T' } }, 1), {}],
    // Details that are not raw's, and a sub-ms timestamp the column truncated.
    [made({ id: 3, type: 'TaskSucceeded', timestamp: '2024-01-01T00:00:00.1239Z', taskSucceededEventDetails: { output: '1' } }, { id: 3, type: 'TaskSucceeded', timestamp: Date.UTC(2024, 0, 1, 0, 0, 0, 123), details: { output: '2' } }, 2), {}],
    // Raw deeper than SQLite's JSON functions go, a type raw does not have, after a gap in positions.
    [made({ id: 5, type: 'WaitStateEntered', stateEnteredEventDetails: { input: deep } }, { id: 5, type: 'WaitStateEntered', timestamp: Date.UTC(2024, 0, 2) }, 4), {}],
    [made({ id: 6, type: 'Other', timestamp: '2024-01-31T00:00:00.000Z' }, { id: 6, type: 'Pass\u00fcStateExited', timestamp: Date.UTC(2024, 0, 31) }, 5), {}],
    // Sub-ms digits and another UTC offset: the SQL keeps the column's value.
    [{ ...(parseHistory([{ id: 7, previousEventId: 6, timestamp: '2024-01-01T00:00:00.123456+00:00', type: 'PassStateExited', stateExitedEventDetails: { name: 'P' } }]).events[0] as HistoryEvent), position: 6 }, {}],
    [{ ...(parseHistory([{ id: 8, previousEventId: 7, timestamp: '2024-01-01T00:00:00.123-05:00', type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Q' } }]).events[0] as HistoryEvent), position: 7 }, {}],
    // Raw that is not an object, and a key that is not the id.
    [made(null, { id: 9, type: 'ExecutionSucceeded', previousEventId: 8 }, 8), { eventKey: 90 }],
  ];
  for (const [event, overrides] of odd) rows.push(rowOf(ODD, event, overrides));
  return { rows, corpusArns };
}

/** The old rows as the stored events they stand for (what getExecution returned then). */
function eventsOf(rows: readonly OldRow[], arn: string): HistoryEvent[] {
  return rows
    .filter((row) => row.executionArn === arn)
    .sort((a, b) => a.position - b.position || a.eventKey - b.eventKey)
    .map((row) => {
      const raw = JSON.parse(row.raw) as unknown;
      const parsed = row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>);
      const fromRaw = raw !== null && typeof raw === 'object' ? (parseHistory([raw]).events[0]?.details ?? {}) : {};
      return { id: row.id, previousEventId: row.previousEventId, type: row.type, timestamp: row.timestamp === null ? null : Date.parse(row.timestamp), details: parsed ?? fromRaw, position: row.position, raw };
    });
}

interface RawDb {
  run(sql: string, args: unknown[]): Promise<void>;
  all(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

async function rawDb(backend: 'sqlite' | 'postgres', url: string): Promise<RawDb> {
  if (backend === 'sqlite') {
    const db = new Database(url.slice('file:'.length));
    return {
      async run(sql, args) {
        db.prepare(sql.replace(/\$\d+/g, '?')).run(...args);
      },
      async all(sql) {
        return db.prepare(sql).all() as Array<Record<string, unknown>>;
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
    async all(sql) {
      return (await client.query(sql)).rows as Array<Record<string, unknown>>;
    },
    async close() {
      await client.end();
    },
  };
}

const sortRows = (rows: ReadonlyArray<DumpedRow | OldRow>): unknown[] =>
  [...rows].sort((a, b) => String(a.executionArn).localeCompare(String(b.executionArn)) || Number(a.eventKey) - Number(b.eventKey));

for (const backend of storeBackends('chunks-migration')) {
  describe(`migration ${MIGRATION} (${backend.name})`, () => {
    it('turns every HistoryEvent row into chunks that read back as the same rows and events', async () => {
      const database = await backend.freshDatabase();
      try {
        const dir = path.resolve(import.meta.dirname, '../../../prisma', backend.name === 'sqlite' ? 'migrations' : 'postgres/migrations');
        await migrateStore(database.url, { migrationsDir: migrationsBefore(dir) });
        const { rows, corpusArns } = oldRows();
        const arns = [...new Set(rows.map((row) => row.executionArn))];
        const db = await rawDb(backend.name, database.url);
        try {
          await db.run(`INSERT INTO "StateMachine" ("stateMachineArn", "name", "type") VALUES ($1, $2, $3)`, ['sm', 'Old', 'STANDARD']);
          for (const arn of arns) {
            await db.run(`INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status", "eventCount") VALUES ($1, $2, $3, $4, $5)`, [
              arn,
              'sm',
              'x',
              'SUCCEEDED',
              rows.filter((row) => row.executionArn === arn).length,
            ]);
          }
          for (const row of rows) {
            // SQLite's DateTime text is the driver adapter's (`…+00:00`).
            const timestamp = row.timestamp === null ? null : backend.name === 'sqlite' ? row.timestamp.replace('Z', '+00:00') : new Date(row.timestamp);
            await db.run(
              `INSERT INTO "HistoryEvent" ("executionArn", "eventKey", "id", "type", "previousEventId", "timestamp", "details", "raw", "position") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              [row.executionArn, row.eventKey, row.id, row.type, row.previousEventId, timestamp, row.details, row.raw, row.position],
            );
          }
          await migrateStore(database.url, { migrationsDir: dir });
          const chunks = await db.all(`SELECT "executionArn", "chunkIndex", "eventCount", "extra" FROM "HistoryEventChunk" ORDER BY 1, 2`);
          const long = chunks.filter((c) => c.executionArn === LONG);
          expect(long.map((c) => Number(c.eventCount))).toEqual([100, 100, 50]);
          // Real AWS histories (API form) and SDK-shaped events: everything is derived from raw. The
          // corpus' CloudWatch Logs records (string ids, previous_event_id) keep id, previousEventId
          // and timestamp: the SQL does not prove those.
          const logForm = (arn: unknown) => rows.some((row) => row.executionArn === arn && /"(previous_event_id|event_timestamp|execution_arn|details)":/.test(row.raw));
          const apiChunks = chunks.filter((c) => c.executionArn === LONG || (corpusArns.includes(String(c.executionArn)) && !logForm(c.executionArn)));
          expect(apiChunks.length).toBeGreaterThan(20);
          expect(apiChunks.filter((c) => c.extra !== null)).toEqual([]);
          const logChunks = chunks.filter((c) => corpusArns.includes(String(c.executionArn)) && logForm(c.executionArn));
          expect(logChunks.length).toBeGreaterThan(0);
          for (const chunk of logChunks) {
            for (const kept of Object.values(JSON.parse(String(chunk.extra)) as Record<string, Record<string, unknown>>)) expect(Object.keys(kept).sort()).toEqual(['id', 'previousEventId', 'timestamp']);
          }
          const oddExtra = JSON.parse(String(chunks.find((c) => c.executionArn === ODD)?.extra)) as Record<string, Record<string, unknown>>;
          // Event 0 (epoch seconds, masked id) needs nothing; the others keep what raw does not say.
          expect(Object.keys(oddExtra).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
          expect(oddExtra['2']).toMatchObject({ details: '{"output":"2"}', timestamp: Date.UTC(2024, 0, 1, 0, 0, 0, 123) });
          expect(oddExtra['3']).toMatchObject({ position: 4 });
          // parseHistory's own events whose timestamp the SQL does not prove: only the timestamp is kept.
          expect(oddExtra['5']).toEqual({ timestamp: Date.UTC(2024, 0, 1, 0, 0, 0, 123) });
          expect(oddExtra['6']).toEqual({ timestamp: Date.UTC(2024, 0, 1, 5, 0, 0, 123) });
          expect(oddExtra['7']).toMatchObject({ eventKey: 90, id: 9, type: 'ExecutionSucceeded', previousEventId: 8 });
          // The per-event table is gone.
          const tables = backend.name === 'sqlite' ? `SELECT name FROM sqlite_master WHERE type = 'table'` : `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`;
          expect((await db.all(tables)).map((t) => t.name)).not.toContain('HistoryEvent');
        } finally {
          await db.close();
        }

        const store = await openStore(database.url);
        try {
          const dump = await dumpStore(store);
          expect(sortRows(dump.HistoryEvent)).toEqual(sortRows(rows));
          const analysis = await readAnalysisEvents(store, arns);
          for (const arn of arns) {
            const expected = eventsOf(rows, arn);
            const stored = await getExecution(store, arn);
            expect(stored?.events, arn).toEqual(expected);
            expect(analysis.get(arn), arn).toEqual(expected.map((event) => ({ ...event, raw: null })));
          }

          // The migrated chunks take later events: the 251st joins the last chunk, a stored one is skipped.
          const next = parseHistory([{ id: 251, previousEventId: 250, timestamp: '2024-02-03T04:10:00.000Z', type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } }]).events[0] as HistoryEvent;
          const again = (await getExecution(store, LONG))?.events.slice(-2) ?? [];
          const saved = await saveExecutionHistory(store, {
            execution: { executionArn: LONG, stateMachineArn: 'sm', name: 'x', status: 'SUCCEEDED', startDate: null, stopDate: null, input: null, output: null, error: null, cause: null, redriveCount: 0, historyComplete: true, partial: false },
            events: [...again, { ...next, position: 250 }],
            runs: [],
            analyzerVersion: 1,
          });
          expect(saved).toMatchObject({ insertedEvents: 1, eventCount: 251 });
          const after = await getExecution(store, LONG);
          expect(after?.events.map((event) => event.id)).toEqual(Array.from({ length: 251 }, (_, i) => i + 1));
        } finally {
          await store.close();
        }
      } finally {
        await database.drop();
      }
    }, 120_000);
  });
}
