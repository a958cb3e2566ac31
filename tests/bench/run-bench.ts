// `npm run bench`: prints the foundation's performance figures. Each figure is reported next to a
// baseline measured in the same run (these machines are noisy), never asserted: targets live here,
// not in timed tests.
import { suppressSdkNodeVersionWarning } from '../../lib/aws/index.ts';
import { analyzeExecution, parseHistory } from '../../lib/history/index.ts';
import { findOrStartPostgres } from '../helpers/postgres.ts';
import { formatAlertsBench, runAlertsBench } from './alerts-bench.ts';
import { formatCompareBench, runCompareBench } from './compare-bench.ts';
import { runAnalyzeBench } from './analyze-bench.ts';
import { runDetailMemoryBench } from './detail-memory-bench.ts';
import { formatDiffBench, runDiffBench } from './diff-bench.ts';
import { formatRedactionBench, runRedactionBench } from './redaction-bench.ts';
import { runEmulatorBench } from './emulator-bench.ts';
import { runGraphBench } from './graph-bench.ts';
import { generateHistory } from './generate-history.ts';
import { runImportBench } from './import-bench.ts';
import { runListBench } from './list-bench.ts';
import { formatMapRunBench, runMapRunBench } from './map-run-bench.ts';
import { runPageBench } from './page-bench.ts';
import { runSearchBench } from './search-bench.ts';
import { formatPatternsBench, runPatternsBench } from './patterns-bench.ts';
import { formatPollerBench, runPollerBench } from './poller-bench.ts';
import { formatReanalyzeBench, runReanalyzeBench } from './reanalyze-bench.ts';
import { formatReplayBench, runReplayBench } from './replay-bench.ts';
import { retentionBench } from './retention-bench.ts';
import { formatStoreSizeBench, runStoreSizeBench } from './store-size-bench.ts';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function printFigures(title: string, figures: Record<string, number | string>): void {
  console.log(`\n${title}`);
  for (const [name, value] of Object.entries(figures)) {
    console.log(`  ${name}: ${typeof value === 'number' ? (Number.isInteger(value) ? fmt(value) : value.toFixed(1)) : value}`);
  }
}

async function main() {
  // The benches create SDK clients of their own; keep the SDK's Node 20 notice out of the figures.
  suppressSdkNodeVersionWarning();
  console.log('StepLens benchmarks\n');

  const analyze = await runAnalyzeBench();
  console.log(`analyze: ${fmt(analyze.events)}-event history, ${fmt(analyze.eventsPerSecond)} events/s (target ≥ 1,000,000)`);
  for (const [key, value] of Object.entries(analyze)) {
    if (key !== 'events' && key !== 'eventsPerSecond') console.log(`  ${key}: ${typeof value === 'number' ? fmt(value) : String(value)}`);
  }

  const history = parseHistory(JSON.stringify(generateHistory()));
  const analysis = analyzeExecution(history.events);
  const postgres = await findOrStartPostgres();
  const rows = await runImportBench({ events: history.events, runs: analysis.runs, postgresUrl: postgres.url });
  console.log(`\nimport of ${fmt(history.events.length)} events (target: store within 3× of the raw driver)`);
  for (const row of rows) {
    console.log(
      `  ${row.backend.padEnd(8)} store ${fmt(row.storeEventsPerSecond).padStart(9)} events/s · raw driver ${fmt(row.rawDriverEventsPerSecond).padStart(9)} events/s · raw/store ${row.ratio.toFixed(2)}×`,
    );
  }
  await postgres.stop?.();

  const graph = await runGraphBench();
  console.log(`\ngraph of a ${graph.states}-state definition (target: layout ≤ 150 ms)`);
  console.log(`  build ${graph.buildMs.toFixed(1)} ms · layout TB ${graph.layoutMs.toFixed(1)} ms (max ${graph.layoutMaxMs.toFixed(1)}) · layout LR ${graph.layoutLrMs.toFixed(1)} ms · memoised ${graph.memoHitMs.toFixed(3)} ms · overlay ${graph.overlayMs.toFixed(1)} ms`);

  printFigures('emulator throughput (targets: ≥ 5,000 executions/s in-process, ≥ 1,000 StartExecution/s over HTTP)', await runEmulatorBench());
  printFigures('execution page: 25,000-event history, 200-state definition (targets: API ≤ 300 ms, layout ≤ 150 ms, interactive ≤ 1.5 s)', await runPageBench());
  printFigures('executions list over 1,000,000 stored executions (SQLite), median ms per query', await runListBench());
  // PostgreSQL only while the server the import bench found is still up (it stops one it started).
  const search = await runSearchBench(1_000_000, postgres.stop === undefined);
  printFigures('executions search over 1,000,000 executions, SQLite FTS5 trigram (target: name search ≤ 20 ms; …Unindexed: the same query without the index, same run)', search.sqlite);
  if (search.postgres) printFigures('executions search over 1,000,000 executions, PostgreSQL pg_trgm (…Unindexed: after dropping the GIN indexes, same run)', search.postgres);
  else console.log('  (PostgreSQL search skipped: the server was stopped after the import bench; run tests/bench/search-bench.ts with it running)');

  console.log('');
  for (const line of formatPatternsBench(await runPatternsBench())) console.log(line);

  console.log('');
  for (const line of formatCompareBench(await runCompareBench())) console.log(line);

  console.log('');
  for (const line of formatAlertsBench(await runAlertsBench())) console.log(line);

  console.log('');
  for (const line of formatDiffBench(await runDiffBench())) console.log(line);

  console.log('');
  for (const line of formatRedactionBench(runRedactionBench())) console.log(line);

  console.log('');
  for (const line of formatReanalyzeBench(await runReanalyzeBench())) console.log(line);

  console.log('');
  for (const line of formatReplayBench(await runReplayBench())) console.log(line);

  console.log('');
  for (const line of formatStoreSizeBench(await runStoreSizeBench())) console.log(line);

  console.log('');
  const poller = await runPollerBench();
  for (const line of formatPollerBench(poller)) console.log(line);

  // Issue 11 item 5: the server's memory must not grow with every big execution opened.
  console.log('');
  await runDetailMemoryBench(6, 768);

  // Issue 11 item 6: pruning runs beside ingestion without holding it up. 1,000 executions keep
  // the section to ~1 min; the standalone bench defaults to 2,000.
  console.log('\nretention: saves beside a pruning pass (batches of 100 executions / 20,000 events, 50 ms pauses)');
  await retentionBench('sqlite', 1_000, 100);
  if (postgres.stop === undefined) await retentionBench('postgres', 1_000, 100);
  else console.log('  (PostgreSQL retention skipped: the server was stopped after the import bench; run tests/bench/retention-bench.ts with it running)');

  // Issue 13: a Map Run of 10,000 Express children ingested, API calls beside the minimum.
  console.log('');
  for (const line of formatMapRunBench(await runMapRunBench(10_000))) console.log(line);
}

await main();
