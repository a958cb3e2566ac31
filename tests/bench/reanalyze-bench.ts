// `steplens reanalyze` over a store of 100,000 executions / 2,000,000 state runs (SQLite): the
// rows an older analyzer wrote (analyzerVersion 0) are rebuilt from ~4.8M stored events. The
// baseline, measured on the same file in the same run, is the raw driver doing only the I/O
// reanalyze cannot avoid: read every event (and parse its details), delete and insert every run.
// Then a second reanalyze must find nothing stale (target < 1 s).
// Run alone: `TZ=UTC npx tsx tests/bench/reanalyze-bench.ts [executions]`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ANALYZER_VERSION } from '../../lib/history/index.ts';
import { reanalyze } from '../../lib/ingest/index.ts';
import { openStore } from '../../lib/store/index.ts';
import { encodeChunk, splitIntoChunks, type StoredEvent } from '../../lib/store/events/event-chunks.ts';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:ReanalyzeBench';
const PASS_STATES = 19; // + one Task retried once = 20 runs per execution

export interface ReanalyzeBenchResult {
  executions: number;
  events: number;
  runs: number;
  seedMs: number;
  rawIoMs: number;
  reanalyzeMs: number;
  executionsPerSecond: number;
  runsPerSecond: number;
  /** reanalyze time / raw I/O time. */
  ratioToRawIo: number;
  secondRunMs: number;
  secondRunStale: number;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+00:00');

/** One execution's events as the store keeps them (its analysis has 20 runs). */
function historyRows(start: number): StoredEvent[] {
  const rows: StoredEvent[] = [];
  let id = 0;
  let t = start;
  const add = (type: string, previous: number, details: Record<string, unknown>): number => {
    id += 1;
    t += 7;
    // As AWS sends it: the details inside the event (stored once, derived on read).
    const key = type.endsWith('StateEntered') ? 'stateEnteredEventDetails' : type.endsWith('StateExited') ? 'stateExitedEventDetails' : `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
    const raw = JSON.stringify({ id, previousEventId: previous, timestamp: new Date(t).toISOString(), type, [key]: details });
    rows.push({ eventKey: id, id, type, previousEventId: previous, timestamp: t, details: null, raw, position: id - 1 });
    return id;
  };
  let last = add('ExecutionStarted', 0, { input: '{"order":1}', roleArn: 'arn:aws:iam::123456789012:role/r' });
  for (let s = 0; s < PASS_STATES; s++) {
    const name = `Step${s}`;
    const entered = add('PassStateEntered', last, { name, input: '{}' });
    last = add('PassStateExited', entered, { name, output: '{}' });
  }
  const entered = add('TaskStateEntered', last, { name: 'Charge', input: '{}' });
  const s1 = add('TaskScheduled', entered, { resource: 'invoke', resourceType: 'lambda', region: 'us-east-1', parameters: '{}' });
  const st1 = add('TaskStarted', s1, { resource: 'invoke', resourceType: 'lambda' });
  const f1 = add('TaskFailed', st1, { resource: 'invoke', resourceType: 'lambda', error: 'Flaky', cause: 'try again' });
  const s2 = add('TaskScheduled', f1, { resource: 'invoke', resourceType: 'lambda', region: 'us-east-1', parameters: '{}' });
  const st2 = add('TaskStarted', s2, { resource: 'invoke', resourceType: 'lambda' });
  const ok = add('TaskSucceeded', st2, { resource: 'invoke', resourceType: 'lambda', output: '{"ok":true}' });
  last = add('TaskStateExited', ok, { name: 'Charge', output: '{"ok":true}' });
  add('ExecutionSucceeded', last, { output: '{"ok":true}' });
  return rows;
}

function seed(file: string, executions: number): { events: number } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = Date.UTC(2026, 0, 1);
  const stamp = iso(now);
  db.prepare(`INSERT INTO "StateMachine" ("stateMachineArn", "name", "type", "createdAt", "updatedAt") VALUES (?, 'ReanalyzeBench', 'STANDARD', ?, ?)`).run(MACHINE, stamp, stamp);
  const execution = db.prepare(
    `INSERT INTO "Execution" ("executionArn", "stateMachineArn", "name", "status", "startDate", "historyComplete", "eventCount", "analyzerVersion", "createdAt", "updatedAt") VALUES (?, ?, ?, 'RUNNING', ?, 1, ?, 0, ?, ?)`,
  );
  const chunk = db.prepare(`INSERT INTO "HistoryEventChunk" ("executionArn", "chunkIndex", "firstPosition", "eventCount", "minKey", "maxKey", "extra", "events") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const run = db.prepare(
    `INSERT INTO "StateRun" ("executionArn", "ordinal", "stateMachineArn", "stateName", "stateType", "status", "attempts", "mapIndex", "analyzerVersion") VALUES (?, ?, ?, ?, 'Pass', 'RUNNING', 0, '[]', 0)`,
  );
  let events = 0;
  db.transaction(() => {
    for (let i = 0; i < executions; i++) {
      const arn = `${MACHINE.replace(':stateMachine:', ':execution:')}:e${String(i).padStart(7, '0')}`;
      const start = now - i * 1_000;
      const rows = historyRows(start);
      execution.run(arn, MACHINE, `e${i}`, iso(start), rows.length, stamp, stamp);
      splitIntoChunks(rows).forEach((piece, index) => {
        const data = encodeChunk(piece);
        chunk.run(arn, index, data.firstPosition, data.eventCount, data.minKey, data.maxKey, data.extra, data.events);
      });
      // What the older analyzer left: 20 runs per execution, to be replaced.
      for (let r = 0; r < PASS_STATES + 1; r++) run.run(arn, r, MACHINE, `Old${r}`);
      events += rows.length;
    }
  })();
  db.close();
  return { events };
}

/** The unavoidable I/O of a rebuild with the raw driver: read + parse events, replace the runs. */
function rawIo(file: string, executions: number): number {
  const db = new Database(file);
  const started = performance.now();
  const select = db.prepare(`SELECT "executionArn", "firstPosition", "extra", "events" FROM "HistoryEventChunk" ORDER BY "executionArn", "chunkIndex"`);
  let parsed = 0;
  for (const row of select.iterate() as Iterable<{ events: string }>) {
    parsed += (JSON.parse(row.events) as unknown[]).length;
  }
  const del = db.prepare(`DELETE FROM "StateRun" WHERE "executionArn" = ?`);
  const insert = db.prepare(
    `INSERT INTO "StateRun" ("executionArn", "ordinal", "stateMachineArn", "stateName", "stateType", "status", "attempts", "mapIndex", "analyzerVersion") VALUES (?, ?, ?, ?, 'Pass', 'RUNNING', 0, '[]', 0)`,
  );
  const arns = db.prepare(`SELECT "executionArn" AS arn FROM "Execution" ORDER BY "executionArn"`).all() as Array<{ arn: string }>;
  db.transaction(() => {
    for (const { arn } of arns) {
      del.run(arn);
      for (let r = 0; r < PASS_STATES + 1; r++) insert.run(arn, r, MACHINE, `Old${r}`);
    }
  })();
  const ms = performance.now() - started;
  db.close();
  if (parsed === 0 || arns.length !== executions) throw new Error('raw I/O baseline read nothing');
  return ms;
}

export async function runReanalyzeBench(executions = 100_000): Promise<ReanalyzeBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-reanalyze-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  try {
    await (await openStore(url)).close(); // create + migrate
    const seedStart = performance.now();
    const { events } = seed(path.join(dir, 'bench.db'), executions);
    const seedMs = performance.now() - seedStart;
    const rawIoMs = rawIo(path.join(dir, 'bench.db'), executions);

    const store = await openStore(url);
    try {
      const first = await reanalyze(store);
      if (first.executions !== executions || first.staleLeft !== 0) throw new Error(`reanalyze rebuilt ${first.executions} of ${executions}`);
      const second = await reanalyze(store);
      return {
        executions,
        events,
        runs: first.runs,
        seedMs,
        rawIoMs,
        reanalyzeMs: first.elapsedMs,
        executionsPerSecond: first.executions / (first.elapsedMs / 1000),
        runsPerSecond: first.runs / (first.elapsedMs / 1000),
        ratioToRawIo: first.elapsedMs / rawIoMs,
        secondRunMs: second.elapsedMs,
        secondRunStale: second.executions,
      };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatReanalyzeBench(result: ReanalyzeBenchResult): string[] {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  return [
    `reanalyze of ${fmt(result.executions)} executions / ${fmt(result.runs)} state runs / ${fmt(result.events)} events (SQLite, analyzer version ${ANALYZER_VERSION}; target: nothing-stale run < 1 s)`,
    `  rebuild ${(result.reanalyzeMs / 1000).toFixed(1)} s · ${fmt(result.executionsPerSecond)} executions/s · ${fmt(result.runsPerSecond)} runs/s`,
    `  raw-driver I/O alone ${(result.rawIoMs / 1000).toFixed(1)} s · reanalyze/raw ${result.ratioToRawIo.toFixed(2)}×`,
    `  second run: ${result.secondRunStale} stale, ${result.secondRunMs.toFixed(0)} ms · seeding took ${(result.seedMs / 1000).toFixed(1)} s`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = process.argv[2] ? Number(process.argv[2]) : undefined;
  for (const line of formatReanalyzeBench(await runReanalyzeBench(count))) console.log(line);
}
