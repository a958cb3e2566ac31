// Import throughput: saveExecutionHistory (Prisma client + driver adapter, one transaction)
// against the raw driver inserting the same rows into identical tables (same migrations, same
// pragmas), measured in the same run. Both sides serialise the events to their stored JSON and
// pack them into HistoryEventChunk rows (lib/store/events) inside the timed region, and both
// insert chunks + runs with ON CONFLICT DO NOTHING semantics.
// Target: store within 3× of the raw driver, i.e. ratio = raw / store ≤ 3.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { HistoryEvent, StateRun } from '../../lib/history/types.ts';
import { ANALYZER_VERSION } from '../../lib/history/analyzer-version.ts';
import { dropDatabase } from '../helpers/postgres.ts';
import { compareStored, encodeChunk, splitIntoChunks, storedEventOf } from '../../lib/store/events/event-chunks.ts';
import { eventKeyOf, migrateStore, openStore, saveExecutionHistory, type SaveExecutionHistoryInput } from '../../lib/store/index.ts';

export interface ImportBenchRow {
  backend: 'sqlite' | 'postgres';
  storeEventsPerSecond: number;
  rawDriverEventsPerSecond: number;
  /** rawDriverEventsPerSecond / storeEventsPerSecond (1 = as fast as the raw driver). */
  ratio: number;
}

export interface ImportBenchOptions {
  events: HistoryEvent[];
  runs: StateRun[];
  /** A PostgreSQL database whose role may CREATE DATABASE; without it only SQLite is measured. */
  postgresUrl?: string;
  /** Timed repetitions per side; the best is kept (these machines are noisy). Default 3. */
  repetitions?: number;
}

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:Bench';

function input(events: HistoryEvent[], runs: StateRun[], name: string): SaveExecutionHistoryInput {
  return {
    source: { kind: 'import', label: 'bench' },
    stateMachine: { stateMachineArn: MACHINE, name: 'Bench', type: 'STANDARD', definition: '{"StartAt":"A","States":{}}' },
    execution: {
      executionArn: `arn:aws:states:us-east-1:123456789012:execution:Bench:${name}`,
      stateMachineArn: MACHINE,
      name,
      status: 'SUCCEEDED',
      startDate: new Date(Date.UTC(2024, 0, 1)),
      stopDate: new Date(Date.UTC(2024, 0, 1, 1)),
      input: '{}',
      output: '{}',
      error: null,
      cause: null,
      redriveCount: 0,
      historyComplete: true,
      partial: false,
    },
    events,
    runs,
    analyzerVersion: ANALYZER_VERSION,
  };
}

async function timeStore(url: string, events: HistoryEvent[], runs: StateRun[], repetitions: number): Promise<number> {
  const store = await openStore(url);
  try {
    await saveExecutionHistory(store, input(events.slice(0, 50), runs.slice(0, 5), 'warm-up'));
    let best = Infinity;
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      const result = await saveExecutionHistory(store, input(events, runs, `store-${i}`));
      best = Math.min(best, performance.now() - started);
      if (result.insertedEvents !== new Set(events.map(eventKeyOf)).size) throw new Error(`store inserted ${result.insertedEvents} events`);
    }
    return best;
  } finally {
    await store.close();
  }
}

/** The chunk rows exactly as the store writes them for a first save (same JSON, same chunks). */
function chunkValues(arn: string, events: HistoryEvent[]): unknown[][] {
  const stored = events.map(storedEventOf).sort(compareStored);
  return splitIntoChunks(stored).map((piece, i) => {
    const data = encodeChunk(piece);
    return [arn, i, data.firstPosition, data.eventCount, data.minKey, data.maxKey, data.extra, data.events];
  });
}

function runValues(arn: string, run: StateRun, ordinal: number): unknown[] {
  return [arn, ordinal, MACHINE, run.stateName, run.stateType, run.status, run.attempts, JSON.stringify(run.mapIndex), run.enteredEventId, run.exitedEventId, run.durationMs, run.error, run.cause, ANALYZER_VERSION];
}

const CHUNK_SQL_COLUMNS = '"executionArn", "chunkIndex", "firstPosition", "eventCount", "minKey", "maxKey", "extra", "events"';
const RUN_SQL_COLUMNS =
  '"executionArn", "ordinal", "stateMachineArn", "stateName", "stateType", "status", "attempts", "mapIndex", "enteredEventId", "exitedEventId", "durationMs", "error", "cause", "analyzerVersion"';

function timeRawSqlite(file: string, events: HistoryEvent[], runs: StateRun[], repetitions: number): number {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    const now = new Date().toISOString().replace('Z', '+00:00');
    db.prepare('INSERT INTO "StateMachine" ("stateMachineArn", "name", "type", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?)').run(MACHINE, 'Bench', 'STANDARD', now, now);
    const execution = db.prepare('INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)');
    const chunk = db.prepare(`INSERT INTO "HistoryEventChunk" (${CHUNK_SQL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    const run = db.prepare(`INSERT INTO "StateRun" (${RUN_SQL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const save = db.transaction((arn: string) => {
      execution.run(arn, MACHINE, 'x', 'SUCCEEDED', now, now);
      for (const row of chunkValues(arn, events)) chunk.run(...row);
      runs.forEach((r, i) => run.run(...runValues(arn, r, i)));
    });
    let best = Infinity;
    for (let i = 0; i < repetitions; i++) {
      const started = performance.now();
      save(`arn:aws:states:us-east-1:123456789012:execution:Bench:raw-${i}`);
      best = Math.min(best, performance.now() - started);
    }
    return best;
  } finally {
    db.close();
  }
}

async function rawPgInsert(client: pg.Client, table: string, columns: string, width: number, rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(65_535 / width);
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values: unknown[] = [];
    const tuples = chunk.map((row) => {
      const first = values.length;
      values.push(...row);
      return `(${row.map((_, j) => `$${first + j + 1}`).join(', ')})`;
    });
    await client.query(`INSERT INTO "${table}" (${columns}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, values);
  }
}

async function timeRawPostgres(url: string, events: HistoryEvent[], runs: StateRun[], repetitions: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('INSERT INTO "StateMachine" ("stateMachineArn", "name", "type") VALUES ($1, $2, $3)', [MACHINE, 'Bench', 'STANDARD']);
    let best = Infinity;
    for (let i = 0; i < repetitions; i++) {
      const arn = `arn:aws:states:us-east-1:123456789012:execution:Bench:raw-${i}`;
      const started = performance.now();
      await client.query('BEGIN');
      await client.query('INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status") VALUES ($1, $2, $3, $4)', [arn, MACHINE, 'x', 'SUCCEEDED']);
      await rawPgInsert(client, 'HistoryEventChunk', CHUNK_SQL_COLUMNS, 8, chunkValues(arn, events));
      await rawPgInsert(client, 'StateRun', RUN_SQL_COLUMNS, 14, runs.map((r, j) => runValues(arn, r, j)));
      await client.query('COMMIT');
      best = Math.min(best, performance.now() - started);
    }
    return best;
  } finally {
    await client.end();
  }
}

async function withPostgresDatabase<T>(serverUrl: string, label: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `steplens_bench_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    try {
      return await use(url.toString());
    } finally {
      await dropDatabase(serverUrl, name);
    }
  } finally {
    await admin.end();
  }
}

function row(backend: ImportBenchRow['backend'], events: number, storeMs: number, rawMs: number): ImportBenchRow {
  const storeEventsPerSecond = (events / storeMs) * 1000;
  const rawDriverEventsPerSecond = (events / rawMs) * 1000;
  return { backend, storeEventsPerSecond, rawDriverEventsPerSecond, ratio: rawDriverEventsPerSecond / storeEventsPerSecond };
}

export async function runImportBench(opts: ImportBenchOptions): Promise<ImportBenchRow[]> {
  const { events, runs } = opts;
  const repetitions = opts.repetitions ?? 3;
  const rows: ImportBenchRow[] = [];

  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-bench-'));
  try {
    const storeMs = await timeStore(`file:${path.join(dir, 'store.db')}`, events, runs, repetitions);
    const rawUrl = `file:${path.join(dir, 'raw.db')}`;
    await migrateStore(rawUrl); // identical tables
    const rawMs = timeRawSqlite(rawUrl.slice('file:'.length), events, runs, repetitions);
    rows.push(row('sqlite', events.length, storeMs, rawMs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (opts.postgresUrl !== undefined) {
    const serverUrl = opts.postgresUrl;
    const storeMs = await withPostgresDatabase(serverUrl, 'store', (url) => timeStore(url, events, runs, repetitions));
    const rawMs = await withPostgresDatabase(serverUrl, 'raw', async (url) => {
      await migrateStore(url);
      return timeRawPostgres(url, events, runs, repetitions);
    });
    rows.push(row('postgres', events.length, storeMs, rawMs));
  }
  return rows;
}
