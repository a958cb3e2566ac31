// Executions list at 1,000,000 executions (SQLite): seeds a fresh store with raw inserts, then
// times the first page, a deep page (reached by following cursors, timed at the end), and each
// filter and sort. Run alone: `TZ=UTC npx tsx tests/bench/list-bench.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { countExecutionsByStatus, listExecutions, openStore, seedSyntheticExecutions, stateMachineStats, type ListExecutionsQuery } from '../../lib/store/index.ts';

export async function runListBench(count = 1_000_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-list-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  const out: Record<string, number> = { executions: count };
  try {
    (await openStore(url)).close(); // migrate
    const now = new Date();
    const seedStart = performance.now();
    const { stateMachineArns } = seedSyntheticExecutions(url, { count, machines: 10, now, spacingMs: 1_000, needleEvery: 5_000, needle: 'needle-7' });
    out.seedMs = performance.now() - seedStart;
    const store = await openStore(url);
    const time = async (label: string, run: () => Promise<unknown>): Promise<void> => {
      await run(); // warm
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await run();
        samples.push(performance.now() - t);
      }
      out[label] = samples.sort((a, b) => a - b)[1] ?? 0;
    };
    const page = (query: ListExecutionsQuery) => () => listExecutions(store, { limit: 50, ...query });
    const machine = stateMachineArns[3] ?? '';

    await time('firstPageMs', page({}));
    // Deep pages: 20,000 and 900,000 rows in (page 400 and page 18,000 at 50 a page).
    let cursor: string | null = null;
    for (let i = 0; i < 40; i++) cursor = (await listExecutions(store, { limit: 500, cursor })).nextCursor;
    await time('deepPageAt20kRowsMs', page({ cursor }));
    for (let i = 40; i < Math.min(1_800, Math.floor((count * 0.9) / 500)); i++) cursor = (await listExecutions(store, { limit: 500, cursor })).nextCursor;
    await time('deepPageAt900kRowsMs', page({ cursor }));
    await time('oldestFirstPageMs', page({ sort: 'oldest' }));
    await time('longestFirstPageMs', page({ sort: 'duration' }));
    const durationDeep = (await listExecutions(store, { limit: 500, sort: 'duration' })).nextCursor;
    await time('longestNextPageMs', page({ sort: 'duration', cursor: durationDeep }));
    await time('statusFailedMs', page({ status: ['FAILED'] }));
    await time('statusFailedTimedOutAbortedMs', page({ status: ['FAILED', 'TIMED_OUT', 'ABORTED'] }));
    await time('stateMachineMs', page({ stateMachineArn: machine }));
    await time('stateMachineLongestMs', page({ stateMachineArn: machine, sort: 'duration' }));
    await time('errorStatesTimeoutMs', page({ error: 'States.Timeout' }));
    await time('nameQMs', page({ q: 'exec-0099' }));
    await time('last1hMs', page({ from: new Date(now.getTime() - 3_600_000) }));
    await time('textOneWindowMs', page({ text: 'needle-7' }));
    await time('countsAllMs', () => countExecutionsByStatus(store, {}));
    await time('countsLast24hMs', () => countExecutionsByStatus(store, { from: new Date(now.getTime() - 86_400_000) }));
    await time('countsStateMachineMs', () => countExecutionsByStatus(store, { stateMachineArn: machine }));
    await time('homeStatsAllMachinesMs', () => stateMachineStats(store, stateMachineArns, now));
    await store.close();
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await runListBench(Number(process.env.LIST_BENCH_COUNT ?? 1_000_000));
  for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(32)} ${value.toFixed(1)}`);
}
