// After an upgrade (rows an older analyzer wrote), `steplens start` serves at once and rebuilds
// the stale derived rows in the background; GET /api/health says how many are stale and, once
// done, that none are.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historyFileRecord } from '../../../lib/cli/history-file-record.ts';
import { ANALYZER_VERSION } from '../../../lib/history/index.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { dumpStore, getExecution, openStore, saveExecutionHistory } from '../../../lib/store/index.ts';
import { corpusDir } from '../../helpers/run-steplens.ts';
import { startSteplensServer, type RunningServer } from '../../helpers/steplens-server.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'steplens-server-rebuild-'));
const databaseUrl = `file:${path.join(dir, 'store.db')}`;
let server: RunningServer | null = null;

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('steplens start after an upgrade', () => {
  it('rebuilds stale derived rows in the background and reports it on /api/health', async () => {
    const store = await openStore(databaseUrl);
    const files = readdirSync(corpusDir).filter((file) => file.endsWith('.json')).sort().slice(0, 40);
    const arns: string[] = [];
    for (const file of files) {
      const record = historyFileRecord(readFileSync(path.join(corpusDir, file), 'utf8'), file);
      await ingestExecution(store, record.ingest);
      arns.push(record.ingest.executionArn);
    }
    const current = await dumpStore(store);
    // What an older release left behind: version 0 rows with wrong runs.
    for (const arn of arns) {
      const stored = await getExecution(store, arn);
      if (!stored) throw new Error(`not stored: ${arn}`);
      const { execution } = stored;
      await saveExecutionHistory(store, {
        execution: { ...execution, startDate: execution.startDate ? new Date(execution.startDate) : null, stopDate: null, status: 'RUNNING' },
        events: [],
        runs: [],
        analyzerVersion: 0,
      });
    }
    await store.close();

    server = await startSteplensServer({ databaseUrl });
    const health = async () => (await (await fetch(`${server?.baseUrl}/api/health`)).json()) as { analysis: { version: number; stale: number; rebuilding: boolean } };
    await expect.poll(async () => (await health()).analysis, { timeout: 60_000 }).toEqual({ version: ANALYZER_VERSION, stale: 0, rebuilding: false, progress: null, error: null });
    expect(server.log()).toMatch(new RegExp(`rebuilding the derived rows of ${new Set(arns).size} executions for analyzer version ${ANALYZER_VERSION}`));
    expect(server.log()).toMatch(/derived rows rebuilt for \d+ executions/);

    const rebuilt = await openStore(databaseUrl);
    try {
      const strip = (rows: Array<Record<string, unknown>>) => rows.map(({ updatedAt: _updatedAt, ...row }) => row);
      const after = await dumpStore(rebuilt);
      expect(strip(after.Execution)).toEqual(strip(current.Execution));
      expect(after.StateRun).toEqual(current.StateRun);
    } finally {
      await rebuilt.close();
    }
  }, 180_000);
});
