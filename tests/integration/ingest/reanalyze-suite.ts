// `steplens reanalyze` on either backend: rebuilding at the current version changes no byte;
// rows an older analyzer wrote are rebuilt to exactly what ingest stores; an interrupted run
// goes on where it stopped; the server's background rebuild reports on /api/health's figures.
// Execution.transitions is lib/metrics stateTransitions of the StateRun rows beside it after
// ingest and after a rebuild, and the migration that added it backfills the same numbers.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyFileRecord } from '../../../lib/cli/history-file-record.ts';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { ingestExecution, readAnalysisHealth, reanalyze, startBackgroundReanalysis } from '../../../lib/ingest/index.ts';
import { stateTransitions } from '../../../lib/metrics/index.ts';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../../lib/store/db/schema-files.ts';
import { internalsOf } from '../../../lib/store/db/internals.ts';
import { dumpStore, getExecution, openStore, recordListedExecutions, saveExecutionHistory, type StoreDump, type Store } from '../../../lib/store/index.ts';
import { corpusDir, repoRoot, runSteplens } from '../../helpers/run-steplens.ts';

export interface ReanalyzeSuiteOptions {
  name: 'sqlite' | 'postgres';
  freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }>;
}

// A spread of the corpus: every 6th file (Map, Parallel, retries, catches, masked ids, Express).
const FILES = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .filter((_, i) => i % 6 === 0);

/** Writes, as an older analyzer would have, wrong derived rows for the execution. */
async function writeAsOlderAnalyzer(store: Store, executionArn: string): Promise<void> {
  const stored = await getExecution(store, executionArn);
  if (!stored) throw new Error(`not stored: ${executionArn}`);
  const { execution } = stored;
  await saveExecutionHistory(store, {
    execution: {
      ...execution,
      startDate: execution.startDate ? new Date(execution.startDate) : null,
      stopDate: null,
      status: 'RUNNING',
      error: 'Stale.Error',
      cause: null,
      redriveCount: 7,
    },
    events: [],
    runs: [{ stateName: 'Ghost', stateType: 'Pass', status: 'FAILED', attempts: 9, mapIndex: [1], enteredEventId: 1, exitedEventId: null, durationMs: 1, error: 'E', cause: 'c' }],
    analyzerVersion: 0,
  });
}

/** Each execution's stateTransitions (lib/metrics) over its StateRun rows in the dump; null when nothing is derived. */
function transitionsOfRuns(dump: StoreDump): Map<string, number | null> {
  const attempts = new Map<string, Array<{ attempts: number }>>();
  for (const run of dump.StateRun) {
    const arn = String(run.executionArn);
    attempts.set(arn, [...(attempts.get(arn) ?? []), { attempts: Number(run.attempts) }]);
  }
  return new Map(
    dump.Execution.map((row) => [String(row.executionArn), row.analyzerVersion === null ? null : stateTransitions(attempts.get(String(row.executionArn)) ?? [])]),
  );
}

/** Execution.transitions of every execution in the dump. */
function storedTransitions(dump: StoreDump): Map<string, number | null> {
  return new Map(dump.Execution.map((row) => [String(row.executionArn), row.transitions === null ? null : Number(row.transitions)]));
}

/** The backfill statement of the migration that added Execution.transitions, for this backend. */
function transitionsBackfill(backend: 'sqlite' | 'postgres'): string {
  const file = path.join(repoRoot, backend === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS, '20261203090238_execution_transitions', 'migration.sql');
  const statement = readFileSync(file, 'utf8')
    .replace(/--.*$/gm, '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('UPDATE'));
  if (statement === undefined) throw new Error(`no UPDATE in ${file}`);
  return statement;
}

function withoutUpdatedAt(dump: StoreDump): StoreDump {
  return { ...dump, Execution: dump.Execution.map(({ updatedAt: _updatedAt, ...row }) => row) };
}

export function reanalyzeSuite(options: ReanalyzeSuiteOptions): void {
  describe(`reanalyze (${options.name})`, () => {
    let database: { url: string; drop(): Promise<void> };
    let store: Store;
    let arns: string[] = [];
    let ingested: StoreDump;

    beforeAll(async () => {
      database = await options.freshDatabase('reanalyze');
      store = await openStore(database.url);
      for (const file of FILES) {
        const record = historyFileRecord(readFileSync(path.join(corpusDir, file), 'utf8'), file);
        await ingestExecution(store, record.ingest);
        arns.push(record.ingest.executionArn);
      }
      arns = [...new Set(arns)].sort();
      ingested = await dumpStore(store);
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('ingest stamps every derived row with the current analyzer version', () => {
      expect(ingested.Execution).toHaveLength(arns.length);
      expect(ingested.StateRun.length).toBeGreaterThan(arns.length);
      expect(ingested.Execution.every((row) => row.analyzerVersion === ANALYZER_VERSION)).toBe(true);
      expect(ingested.StateRun.every((row) => row.analyzerVersion === ANALYZER_VERSION)).toBe(true);
    });

    it('ingest writes Execution.transitions = stateTransitions of the runs it stores', () => {
      const want = transitionsOfRuns(ingested);
      expect(storedTransitions(ingested)).toEqual(want);
      // The corpus exercises the attempts term: some execution has a run retried.
      expect(ingested.StateRun.some((run) => Number(run.attempts) > 1)).toBe(true);
      expect([...want.values()].some((n) => n !== null && n > 0)).toBe(true);
    });

    it('finds nothing stale when the version is current, and --all changes no byte', async () => {
      const stale = await reanalyze(store);
      expect(stale).toMatchObject({ executions: 0, runs: 0, staleLeft: 0, stopped: false });
      const all = await reanalyze(store, { all: true, batchSize: 7 });
      expect(all.executions).toBe(arns.length);
      expect(all.runs).toBe(ingested.StateRun.length);
      expect(await dumpStore(store)).toEqual(ingested);
    });

    it('rebuilds rows an older analyzer wrote to exactly what ingest stored', async () => {
      const older = arns.filter((_, i) => i % 3 === 0);
      for (const arn of older) await writeAsOlderAnalyzer(store, arn);
      expect((await readAnalysisHealth(store)).stale).toBe(older.length);
      const summary = await reanalyze(store, { batchSize: 5 });
      expect(summary).toMatchObject({ executions: older.length, staleLeft: 0, stopped: false, version: ANALYZER_VERSION });
      // updatedAt moves for the rows that really changed; every other byte is as ingested.
      expect(withoutUpdatedAt(await dumpStore(store))).toEqual(withoutUpdatedAt(ingested));
    });

    it('goes on where an interrupted run stopped (stale and --all)', async () => {
      for (const arn of arns) await writeAsOlderAnalyzer(store, arn);
      let batches = 0;
      const first = await reanalyze(store, { batchSize: 4, shouldStop: () => batches++ >= 2 });
      expect(first).toMatchObject({ executions: 8, stopped: true, staleLeft: arns.length - 8 });
      const rest = await reanalyze(store, { batchSize: 4 });
      expect(rest).toMatchObject({ executions: arns.length - 8, staleLeft: 0 });
      expect(withoutUpdatedAt(await dumpStore(store))).toEqual(withoutUpdatedAt(ingested));

      batches = 0;
      const partAll = await reanalyze(store, { all: true, batchSize: 5, shouldStop: () => batches++ >= 1 });
      expect(partAll).toMatchObject({ executions: 5, stopped: true });
      const restAll = await reanalyze(store, { all: true, batchSize: 5 });
      expect(restAll.executions).toBe(arns.length - 5);
      // The cursor is reset once an --all run completes: the next one starts from the top.
      const again = await reanalyze(store, { all: true, batchSize: 50 });
      expect(again.executions).toBe(arns.length);
    });

    it('the server rebuilds stale rows in the background and health says when it is done', async () => {
      for (const arn of arns.slice(0, 10)) await writeAsOlderAnalyzer(store, arn);
      expect(await readAnalysisHealth(store)).toMatchObject({ version: ANALYZER_VERSION, stale: 10 });
      const lines: string[] = [];
      const rebuild = startBackgroundReanalysis(store, (line) => lines.push(line));
      const summary = await rebuild.done;
      expect(summary?.executions).toBe(10);
      expect(await readAnalysisHealth(store)).toEqual({ version: ANALYZER_VERSION, stale: 0, rebuilding: false, progress: null, error: null });
      expect(lines.join('\n')).toMatch(/rebuilding the derived rows of 10 executions/);
      expect(withoutUpdatedAt(await dumpStore(store))).toEqual(withoutUpdatedAt(ingested));
      // Nothing stale: nothing to do.
      expect(await startBackgroundReanalysis(store, () => undefined).done).toBeNull();
      // A store that fails: logged, never an unhandled rejection that would end the server.
      const other = await options.freshDatabase('broken');
      const broken = await openStore(other.url);
      await broken.close();
      const failures: string[] = [];
      expect(await startBackgroundReanalysis(broken, (line) => failures.push(line)).done).toBeNull();
      expect(failures.join('\n')).toMatch(/^steplens: rebuilding derived rows failed: .+ \(run `steplens reanalyze` to retry\)$/);
      await other.drop();
    });

    it('`steplens reanalyze` prints a summary line; a bad flag is a one-line error', async () => {
      for (const arn of arns.slice(0, 3)) await writeAsOlderAnalyzer(store, arn);
      const env = { DATABASE_URL: database.url };
      const run = await runSteplens(['reanalyze'], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^reanalyze: rebuilt 3 executions, \d[\d,]* state runs in [\d.]+ s \([\d,]+ executions\/s, [\d,]+ runs\/s; analyzer version \d+\)\n$/);
      const none = await runSteplens(['reanalyze'], { env });
      expect(none.stdout).toBe(`reanalyze: nothing stale (${arns.length} executions at analyzer version ${ANALYZER_VERSION}; ${/\d+\.\d\d/.exec(none.stdout)?.[0]} s)\n`);
      // On a terminal (util-linux `script` gives the command a pty) a progress bar is drawn on
      // stderr in place, then cleared before the summary line.
      for (const arn of arns.slice(0, 6)) await writeAsOlderAnalyzer(store, arn);
      const tty = spawnSync('script', ['-qec', `${process.execPath} ${path.join(repoRoot, 'bin', 'steplens.mjs')} reanalyze --batch-size 2`, '/dev/null'], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
      expect(tty.status, tty.stderr).toBe(0);
      expect(tty.stdout).toContain('\r[##########....................] 33% 2/6 executions');
      expect(tty.stdout).toContain('\r[##############################] 100% 6/6 executions\r\x1b[2K');
      expect(tty.stdout).toMatch(/reanalyze: rebuilt 6 executions/);
      const bad = await runSteplens(['reanalyze', '--batch-size', 'x'], { env });
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim()).toBe('steplens: reanalyze: --batch-size must be a positive integer, got "x"');
    }, 60_000);

    it('leaves executions the poller only listed (no events yet) alone: not stale, not rebuilt', async () => {
      const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Listed';
      const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:Listed:not-fetched-yet';
      await recordListedExecutions(store, {
        stateMachine: { stateMachineArn: machineArn, name: 'Listed', type: 'STANDARD' },
        executions: [
          { executionArn, stateMachineArn: machineArn, name: 'not-fetched-yet', status: 'FAILED', startDate: new Date(Date.UTC(2026, 0, 1)), stopDate: new Date(Date.UTC(2026, 0, 1, 0, 1)), redriveCount: 0 },
        ],
      });
      const before = await dumpStore(store);
      const listed = before.Execution.find((row) => row.executionArn === executionArn);
      expect(listed).toMatchObject({ status: 'FAILED', analyzerVersion: null, eventCount: 0 });
      expect((await readAnalysisHealth(store)).stale).toBe(0);
      const all = await reanalyze(store, { all: true });
      expect(all.executions).toBe(arns.length);
      expect(await dumpStore(store)).toEqual(before);
    });

    it('a rebuild rewrites Execution.transitions from the new runs; the migration backfill gives the same numbers', async () => {
      const older = arns.filter((_, i) => i % 2 === 0);
      for (const arn of older) await writeAsOlderAnalyzer(store, arn);
      const stale = storedTransitions(await dumpStore(store));
      // The older analyzer's single Ghost run with 9 attempts: 1 + 8.
      for (const arn of older) expect(stale.get(arn)).toBe(9);
      await reanalyze(store, { batchSize: 3 });
      const rebuilt = await dumpStore(store);
      expect(storedTransitions(rebuilt)).toEqual(transitionsOfRuns(rebuilt));
      const ofIngested = (dump: StoreDump) => arns.map((arn) => storedTransitions(dump).get(arn));
      expect(ofIngested(rebuilt)).toEqual(ofIngested(ingested));

      // A listed-only execution (no runs, analyzerVersion null) must stay null through the backfill.
      const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:ListedForBackfill';
      const listedArn = 'arn:aws:states:us-east-1:123456789012:execution:ListedForBackfill:x';
      await recordListedExecutions(store, {
        stateMachine: { stateMachineArn: machineArn, name: 'ListedForBackfill', type: 'STANDARD' },
        executions: [{ executionArn: listedArn, stateMachineArn: machineArn, name: 'x', status: 'SUCCEEDED', startDate: new Date(Date.UTC(2026, 0, 1)), stopDate: null, redriveCount: 0 }],
      });
      const before = await dumpStore(store);
      expect(storedTransitions(before).get(listedArn)).toBeNull();
      const { client } = internalsOf(store);
      await client.$executeRawUnsafe('UPDATE "Execution" SET "transitions" = NULL');
      expect([...storedTransitions(await dumpStore(store)).values()].every((n) => n === null)).toBe(true);
      await client.$executeRawUnsafe(transitionsBackfill(options.name));
      expect(storedTransitions(await dumpStore(store))).toEqual(storedTransitions(before));
    });
  });
}
