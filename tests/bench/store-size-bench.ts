// Store size: bytes the store keeps per history event, beside the raw JSON bytes of the same
// events (each event's own JSON text, as the source sent it), on SQLite and PostgreSQL. The
// events are the shared corpus of real AWS histories (../shared/aws-histories), imported through
// `steplens import`'s path (historyFileRecord + ingestExecution), plus one generated 25,000-event
// history (big Map payloads, as the poller stores them). Target: the event table
// (HistoryEventChunk: lib/store/events) with its index ≤ 1.2× the raw JSON.
//   SQLite: dbstat page bytes of HistoryEventChunk and its primary-key index (after VACUUM), and
//   the whole file (page_count × page_size).
//   PostgreSQL: pg_total_relation_size of HistoryEventChunk (heap + TOAST + indexes, after
//   VACUUM) and pg_database_size.
// Run alone: `tsx tests/bench/store-size-bench.ts`.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { historyFileRecord } from '../../lib/cli/history-file-record.ts';
import { redactionSettingsOf } from '../../lib/config/index.ts';
import { jsonText } from '../../lib/history/json-text.ts';
import { parseHistory } from '../../lib/history/index.ts';
import { ingestExecution, type IngestExecutionInput } from '../../lib/ingest/index.ts';
import { openStore } from '../../lib/store/index.ts';
import { createTestDatabase, findOrStartPostgres } from '../helpers/postgres.ts';
import { generateHistory } from './generate-history.ts';

export interface StoreSizeRow {
  backend: 'sqlite' | 'postgres';
  events: number;
  /** Sum of the events' own JSON text (UTF-8 bytes), as received. */
  rawJsonBytes: number;
  /** The HistoryEventChunk table and its indexes. */
  eventTableBytes: number;
  /** Everything the database holds (executions, runs, rollups, search index, free pages). */
  storeBytes: number;
}

const CORPUS = fileURLToPath(new URL('../../../shared/aws-histories/', import.meta.url));
const GENERATED_ARN = 'arn:aws:states:us-east-1:123456789012:execution:SizeBench:generated-25000';
// Display redaction changes nothing stored; off keeps the bench independent of a config file.
const NO_REDACTION = redactionSettingsOf({ mode: 'off' }, 'store-size-bench');

/** The histories the bench stores: every corpus file that parses, then the generated history. */
export function sizeBenchInputs(): IngestExecutionInput[] {
  const inputs: IngestExecutionInput[] = [];
  if (existsSync(CORPUS)) {
    for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.json')).sort()) {
      try {
        inputs.push(historyFileRecord(readFileSync(path.join(CORPUS, file), 'utf8'), file).ingest);
      } catch {
        // A corpus file that is not a history (none today) is simply not measured.
      }
    }
  }
  const generated = parseHistory(JSON.stringify(generateHistory()));
  inputs.push({
    executionArn: GENERATED_ARN,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:SizeBench',
    name: 'generated-25000',
    stateMachine: { stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:SizeBench', name: 'SizeBench', type: 'STANDARD' },
    events: generated.events,
  });
  return inputs;
}

async function fill(url: string, inputs: readonly IngestExecutionInput[]): Promise<{ events: number; rawJsonBytes: number }> {
  const store = await openStore(url);
  let events = 0;
  let rawJsonBytes = 0;
  try {
    for (const input of inputs) {
      const result = await ingestExecution(store, { ...input, redaction: NO_REDACTION });
      events += result.insertedEvents;
    }
  } finally {
    await store.close();
  }
  // Each distinct (execution, event) once, as the store keeps it (a duplicate id is dropped by parseHistory).
  for (const input of inputs) for (const event of input.events) rawJsonBytes += Buffer.byteLength(jsonText(event.raw) ?? 'null');
  return { events, rawJsonBytes };
}

async function measureSqlite(inputs: readonly IngestExecutionInput[]): Promise<StoreSizeRow> {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-size-bench-'));
  try {
    const file = path.join(dir, 'steplens.db');
    const { events, rawJsonBytes } = await fill(`file:${file}`, inputs);
    const db = new Database(file);
    try {
      db.pragma('journal_mode = DELETE');
      db.exec('VACUUM');
      const rows = db.prepare(`SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name`).all() as Array<{ name: string; bytes: number }>;
      const tables = db.prepare(`SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')`).all() as Array<{ name: string; tbl_name: string }>;
      const ofEvents = new Set(tables.filter((t) => t.tbl_name === 'HistoryEventChunk').map((t) => t.name));
      const eventTableBytes = rows.filter((r) => ofEvents.has(r.name)).reduce((sum, r) => sum + r.bytes, 0);
      const pageCount = Number(db.pragma('page_count', { simple: true }));
      const pageSize = Number(db.pragma('page_size', { simple: true }));
      return { backend: 'sqlite', events, rawJsonBytes, eventTableBytes, storeBytes: pageCount * pageSize };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measurePostgres(inputs: readonly IngestExecutionInput[]): Promise<StoreSizeRow> {
  const database = await createTestDatabase('size-bench');
  try {
    const { events, rawJsonBytes } = await fill(database.url, inputs);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('VACUUM ANALYZE');
      const { rows } = await client.query<{ events: string; total: string }>(
        `SELECT pg_total_relation_size('"HistoryEventChunk"') AS events, pg_database_size(current_database()) AS total`,
      );
      const row = rows[0] as { events: string; total: string };
      return { backend: 'postgres', events, rawJsonBytes, eventTableBytes: Number(row.events), storeBytes: Number(row.total) };
    } finally {
      await client.end();
    }
  } finally {
    await database.drop();
  }
}

export async function runStoreSizeBench(options: { postgres?: boolean } = {}): Promise<StoreSizeRow[]> {
  const inputs = sizeBenchInputs();
  const rows = [await measureSqlite(inputs)];
  if (options.postgres !== false) {
    const server = await findOrStartPostgres();
    try {
      rows.push(await measurePostgres(inputs));
    } finally {
      await server.stop?.();
    }
  }
  return rows;
}

export function formatStoreSizeBench(rows: readonly StoreSizeRow[]): string[] {
  const lines = ['store size per history event (corpus + one 25,000-event history; target: the event table ≤ 1.2× the raw JSON)'];
  for (const row of rows) {
    const raw = row.rawJsonBytes / row.events;
    const table = row.eventTableBytes / row.events;
    const total = row.storeBytes / row.events;
    lines.push(
      `  ${row.backend.padEnd(8)} ${row.events.toLocaleString('en-US')} events · raw JSON ${raw.toFixed(0)} B/event · event table ${table.toFixed(0)} B/event (${(table / raw).toFixed(2)}× raw) · whole store ${total.toFixed(0)} B/event (${(total / raw).toFixed(2)}× raw)`,
    );
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const line of formatStoreSizeBench(await runStoreSizeBench())) console.log(line);
}
