// The real histories with real timestamps (../shared/aws-histories-timed): ISO-8601 with the CLI
// user's offset, one newest-first with naive timestamps. Durations and retry gaps must come out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeHistory, parseHistory, summarizeExecution } from '../../../lib/history/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const TIMED = path.resolve(here, '../../../../shared/aws-histories-timed');

function timedFiles(): string[] {
  if (!existsSync(TIMED)) throw new Error(`timed histories folder missing: ${TIMED}`);
  return readdirSync(TIMED)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
}

interface TimedFile {
  events: { type: string; timestamp: string }[];
  meta: { retryGapsSeconds?: number[]; spanSeconds?: number; finalStatus?: string };
}

describe('aws-histories-timed', () => {
  const files = timedFiles();
  it('has the two licensed files', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s: durations are real, gaps match meta.retryGapsSeconds', (file) => {
    const text = readFileSync(path.join(TIMED, file), 'utf8');
    const json = JSON.parse(text) as TimedFile;
    const parsed = parseHistory(text);
    // Chronological whatever the file order; every timestamp parsed.
    expect(parsed.events.map((e) => e.id)).toEqual([...parsed.events.map((e) => e.id)].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(parsed.events.every((e) => e.timestamp !== null)).toBe(true);

    const a = analyzeHistory(text);
    expect(a.warnings).toEqual([]);
    expect(a.runs.length).toBeGreaterThan(0);
    for (const run of a.runs) {
      expect(run.durationMs, run.stateName).not.toBeNull();
      expect(run.durationMs as number, run.stateName).toBeGreaterThan(0);
    }

    const gaps = a.runs.flatMap((r) => (r.taskAttempts ?? []).filter((t) => t.backoffMs !== null).map((t) => (t.backoffMs as number) / 1000));
    expect(gaps).toEqual(json.meta.retryGapsSeconds ?? []);

    const summary = summarizeExecution(parsed.events);
    expect(summary.startDate).not.toBeNull();
    expect(summary.stopDate).not.toBeNull();
    if (json.meta.spanSeconds !== undefined) {
      expect(((summary.stopDate as number) - (summary.startDate as number)) / 1000).toBeCloseTo(json.meta.spanSeconds, 3);
    }
    if (json.meta.finalStatus === 'ExecutionFailed') {
      expect(a.status).toBe('FAILED');
      expect(a.failure?.stateName).not.toBeNull();
    }
  });

  it('the CodeBuild .sync failure: one 14.8 s Task run measured across the -04:00 offset', () => {
    const a = analyzeHistory(readFileSync(path.join(TIMED, 'paintnp_toolshed__codebuild-sync-failed.json'), 'utf8'));
    expect(a.runs).toHaveLength(1);
    // TaskStateEntered 13:04:02.054-04:00 -> ExecutionFailed 13:04:16.941-04:00
    expect(a.runs[0]).toMatchObject({ stateType: 'Task', status: 'FAILED', attempts: 1, durationMs: 14887, enteredAt: Date.UTC(2025, 3, 10, 17, 4, 2, 54) });
    expect(a.runs[0]?.taskAttempts?.[0]).toMatchObject({ status: 'FAILED', scheduledAt: Date.UTC(2025, 3, 10, 17, 4, 2, 54), closedAt: Date.UTC(2025, 3, 10, 17, 4, 16, 880) });
    expect(a.failure?.stateName).toBe(a.runs[0]?.stateName);
  });

  it('the newest-first Lambda failure with naive timestamps (read as UTC)', () => {
    const a = analyzeHistory(readFileSync(path.join(TIMED, 'DataBiosphere_azul__lambda-failed-uncaught.json'), 'utf8'));
    expect(a.failure).toEqual({ error: 'FooException', cause: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', stateName: 'SendToCollectionAPI', runIndex: 0 });
    // TaskStateEntered 16:39:06.448 -> ExecutionFailed 16:39:08.105
    expect(a.runs[0]).toMatchObject({ status: 'FAILED', attempts: 1, durationMs: 1657, enteredAt: Date.UTC(2019, 1, 19, 16, 39, 6, 448) });
  });
});
