// The parity suite: every recorded AWS standard history with a known
// definition is replayed through the interpreter with task outcomes taken from the recording, and
// the resulting history is compared with AWS's. The figure is printed; the floor guards regressions.
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, readCorpusFile } from './recorded-history.ts';
import { runParity, type ParityResult } from './run-parity.ts';

/**
 * Floors, rounded down from what the interpreter reaches today (447 of 512 files exact, 447 of
 * 464 runnable), so that a regression fails the suite.
 */
const FLOOR_ALL = 0.86;
const FLOOR_RUNNABLE = 0.95;

const results: ParityResult[] = [];

function pct(a: number, b: number): string {
  return b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`;
}

describe('AWS history parity', () => {
  it('replays the corpus', async () => {
    for (const name of corpusFiles()) {
      const file = readCorpusFile(name);
      if (file.kind !== 'standard-history' || file.definition === null) continue;
      results.push(await runParity(file));
    }
    const exact = results.filter((r) => r.verdict === 'exact').length;
    const runnable = results.filter((r) => r.verdict !== 'not-runnable').length;
    expect(exact / results.length).toBeGreaterThanOrEqual(FLOOR_ALL);
    expect(exact / runnable).toBeGreaterThanOrEqual(FLOOR_RUNNABLE);
  }, 300_000);

  afterAll(() => {
    const total = results.length;
    const exact = results.filter((r) => r.verdict === 'exact').length;
    const runnable = results.filter((r) => r.verdict !== 'not-runnable').length;
    const lines = [`Parity: ${exact}/${total} exact (${pct(exact, total)}); of runnable files ${exact}/${runnable} (${pct(exact, runnable)})`];
    const features = new Map<string, { exact: number; total: number }>();
    for (const r of results) {
      for (const f of r.features) {
        const c = features.get(f) ?? { exact: 0, total: 0 };
        c.total += 1;
        if (r.verdict === 'exact') c.exact += 1;
        features.set(f, c);
      }
    }
    for (const [f, c] of [...features].sort()) lines.push(`  ${f.padEnd(22)} ${c.exact}/${c.total} (${pct(c.exact, c.total)})`);
    const reasons = new Map<string, number>();
    for (const r of results.filter((x) => x.verdict === 'not-runnable')) {
      const key = r.reason.split(' — ')[0] as string;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    }
    for (const [reason, n] of reasons) lines.push(`  not runnable: ${n} × ${reason}`);
    if (process.env.PARITY_VERBOSE) {
      for (const r of results.filter((x) => x.verdict === 'not-runnable')) lines.push(`  (not runnable) ${r.file}\n      ${r.reason}`);
    }
    const different = results.filter((r) => r.verdict === 'different');
    if (different.length > 0) lines.push(`Different (${different.length}):`);
    for (const r of different) lines.push(`  ${r.file}\n      ${r.reason.split('\n')[0]}`);
    console.log(lines.join('\n'));
  });
});
