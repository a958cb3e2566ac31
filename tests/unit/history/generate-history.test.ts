// The benchmark generator must produce what AWS would: proves that the analyze/import benchmarks
// measure realistic histories (interleaved iterations, retries, linkage the analyzer can follow).
import { describe, expect, it } from 'vitest';
import { generateHistoryWithFacts } from '../../bench/generate-history.ts';
import { analyzeExecution, parseHistory } from '../../../lib/history/index.ts';

describe('generateHistory (bench)', () => {
  const { history, facts } = generateHistoryWithFacts();
  const parsed = parseHistory(JSON.stringify(history));
  const analysis = analyzeExecution(parsed.events);

  it('is a 25,000-event succeeded execution with consecutive ids and ordered ISO timestamps', () => {
    expect(parsed.events).toHaveLength(25_000);
    expect(facts.eventCount).toBe(25_000);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.events.every((e, i) => e.id === i + 1)).toBe(true);
    expect(parsed.events.every((e, i) => i === 0 || (e.timestamp as number) >= (parsed.events[i - 1]?.timestamp as number))).toBe(true);
    expect(analysis.status).toBe('SUCCEEDED');
    expect(analysis.warnings).toEqual([]);
  });

  it('interleaves iterations (MaxConcurrency)', () => {
    const iterationOf = new Map<number, number>();
    let switches = 0;
    let last = -1;
    for (const e of parsed.events) {
      if (e.type === 'MapIterationStarted') iterationOf.set(e.id as number, e.details.index as number);
    }
    for (const run of analysis.runs) {
      const it = run.mapIndex[0] ?? -1;
      if (it >= 0 && it !== last) switches += 1;
      last = it;
    }
    expect(iterationOf.size).toBe(1_000);
    expect(switches).toBeGreaterThan(1_000); // runs of different iterations alternate
  });

  it('analyzes to 1,000 Map iterations with the expected runs and attempts', () => {
    const map = analysis.runs.filter((r) => r.stateType === 'Map');
    expect(map).toHaveLength(1);
    expect(map[0]).toMatchObject({ stateName: 'ProcessItems', status: 'SUCCEEDED', mapIndex: [] });

    const inside = analysis.runs.filter((r) => r.mapIndex.length === 1);
    expect(inside).toHaveLength(5_000);
    const byIteration = new Map<number, string[]>();
    for (const run of inside) {
      const list = byIteration.get(run.mapIndex[0] as number) ?? [];
      list.push(run.stateName);
      byIteration.set(run.mapIndex[0] as number, list);
      expect(run.status).toBe('SUCCEEDED');
      expect(run.durationMs).not.toBeNull();
      if (run.stateType === 'Task') expect(run.attempts, `${run.stateName} #${run.mapIndex[0]}`).toBe(facts.attempts.get(`${run.mapIndex[0]}/${run.stateName}`));
    }
    expect(byIteration.size).toBe(1_000);
    for (const names of byIteration.values()) expect(names).toEqual(['Fetch', 'Validate', 'Enrich', 'Store', 'Done']);

    const retries = analysis.runs.reduce((n, r) => n + Math.max(0, r.attempts - 1), 0);
    expect(retries).toBe(1_330);
    const gaps = analysis.runs.flatMap((r) => (r.taskAttempts ?? []).map((t) => t.backoffMs).filter((g) => g !== null));
    expect(gaps).toHaveLength(1_330);
    expect(gaps.every((g) => g === 1_000)).toBe(true);
  });
});
