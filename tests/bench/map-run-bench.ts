// Map Run bench (issue 13, DESIGN.md §2.9): one Distributed Map over N items (default 10,000) with
// Express children, on the built-in emulator with AWS's API quotas enforced, ingested by the real
// poller (pollOnce: cycles until caught up). Reported: wall time of the ingestion, children/s and
// events/s stored, the store's rows (every child stored, with its log records as events), and the
// poller's AWS API calls by operation beside the minimum this work needs. Reported, never asserted.
//
// Minimum, for one parent machine P with one execution whose history has H events, one Map Run of
// N Express children whose log records (children's and parent's, in P's log group) are R records
// of B bytes in all:
//   ListStateMachines                  1 (one discovery)
//   DescribeStateMachine               1 (P: its logging configuration names the log group)
//   DescribeStateMachineForExecution   2 (the parent's revision; the children's definition)
//   ListExecutions                     1 (P's page) + ceil(N / 1000) (mapRunArn, pages of 1,000)
//   GetExecutionHistory                ceil(H / 1000) (the parent; Express children have no history API)
//   ListMapRuns                        0 (the parent's MapRunStarted event names the Map Run)
//   DescribeMapRun                     1 (once, after it stopped: its final counts)
//   FilterLogEvents                    max(ceil(R / 10,000), ceil(B / 1 MiB)) (AWS's page limits:
//                                      10,000 events or 1 MB per response, whichever comes first)
// Anything else the poller sends (e.g. a redrive check) is listed with minimum 0.
//
// Run alone: TZ=UTC npx tsx tests/bench/map-run-bench.ts [children]
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListMapRunsCommand, SFNClient, StartExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { suppressSdkNodeVersionWarning } from '../../lib/aws/index.ts';
import { parseConfig } from '../../lib/config/index.ts';
import { startEmulator } from '../../lib/emulator/index.ts';
import { pollOnce } from '../../lib/poller/index.ts';
import { countMapRunChildren, countRows, getExecution, getMapRun, listExecutions, openStore } from '../../lib/store/index.ts';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/steplens-bench';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** AWS's FilterLogEvents response limits: 10,000 events or 1 MB. */
const LOGS_PAGE_EVENTS = 10_000;
const LOGS_PAGE_BYTES = 1_048_576;
/** Children sampled for an exact per-child event comparison (every child is counted). */
const SAMPLE = 50;

const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 1000,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
        StartAt: 'Work',
        States: { Work: { Type: 'Pass', Result: { done: true }, ResultPath: '$.r', End: true } },
      },
      End: true,
    },
  },
};

export interface MapRunBenchCall {
  op: string;
  calls: number;
  minimum: number;
}

export interface MapRunBenchResult {
  children: number;
  runMs: number;
  ingestMs: number;
  cycles: number;
  /** The sources' one-line errors of both polls (none expected). */
  errors: string[];
  childrenStored: number;
  childrenByStatus: Record<string, number>;
  childEvents: number;
  logRecords: number;
  logBytes: number;
  sampleExact: number;
  sampleSize: number;
  rows: Awaited<ReturnType<typeof countRows>>;
  mapRunStatus: string | null;
  settled: boolean;
  calls: MapRunBenchCall[];
  /** FilterLogEvents pages at 10,000 events each (the emulator's only page limit; AWS also stops at 1 MB). */
  logPagesByEvents: number;
  /** The calls a second pollOnce makes once everything is stored (Map Run settled). */
  againCalls: Record<string, number>;
}

export async function runMapRunBench(children = 10_000): Promise<MapRunBenchResult> {
  if (!Number.isInteger(children) || children < 1) throw new Error(`map-run bench: children must be a positive integer (got ${children})`);
  suppressSdkNodeVersionWarning();
  const emulator = await startEmulator({ port: 0, awsQuotas: true });
  const client = { endpoint: emulator.url, region: 'us-east-1', credentials, maxAttempts: 6 };
  const sfn = new SFNClient({ ...client, disableHostPrefix: true });
  const logs = new CloudWatchLogsClient(client);
  const dir = mkdtempSync(path.join(tmpdir(), 'steplens-maprun-bench-'));
  const store = await openStore(`file:${path.join(dir, 'steplens.db')}`);
  try {
    const group = '/aws/vendedlogs/states/maprun-bench';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: 'maprun-bench',
        definition: JSON.stringify(definition),
        roleArn: ROLE_ARN,
        loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }] },
      }),
    );
    const items = Array.from({ length: children }, (_, i) => ({ i }));
    const runStart = performance.now();
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify({ items }) }));
    const parentArn = started.executionArn as string;
    for (;;) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: parentArn }));
      if (d.status !== 'RUNNING') break;
      if (performance.now() - runStart > 600_000) throw new Error('map-run bench: the parent did not end within 10 min');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const runMs = performance.now() - runStart;
    const mapRunArn = (await sfn.send(new ListMapRunsCommand({ executionArn: parentArn }))).mapRuns?.[0]?.mapRunArn;
    if (!mapRunArn) throw new Error('map-run bench: the parent has no Map Run');

    // What the source holds (read by the bench, not counted as the poller's calls).
    const records = new Map<string, number>();
    let logRecords = 0;
    let logBytes = 0;
    let token: string | undefined;
    do {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: group, nextToken: token }));
      for (const e of page.events ?? []) {
        logRecords += 1;
        // AWS's 1 MB counts the event's message plus 26 bytes per event (as PutLogEvents does).
        logBytes += Buffer.byteLength(e.message ?? '') + 26;
        const arn = (JSON.parse(e.message ?? '{}') as { execution_arn?: string }).execution_arn;
        if (arn) records.set(arn, (records.get(arn) ?? 0) + 1);
      }
      token = page.nextToken;
    } while (token);
    const parentEvents = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: parentArn, maxResults: 1000 }))).events?.length ?? 0;

    const sources = parseConfig(JSON.stringify({ sources: [{ kind: 'endpoint', endpoint: emulator.url }] }), 'map-run bench config').sources;
    // logsOverlapMs 0: the Map Run has stopped and every record is delivered, so one pass can settle it
    // (with the default overlap the poller re-reads the window's end on a later cycle, by design).
    const ingestStart = performance.now();
    const result = await pollOnce({ store, sources, poll: { logsOverlapMs: 0 } });
    const ingestMs = performance.now() - ingestStart;
    const again = await pollOnce({ store, sources, poll: { logsOverlapMs: 0 } });

    const byStatus = await countMapRunChildren(store, mapRunArn);
    const childrenStored = Object.values(byStatus).reduce((a, b) => a + b, 0);
    const rows = await countRows(store);
    const storedParent = await getExecution(store, parentArn);
    const childEvents = rows.events - (storedParent?.events.length ?? 0);
    const listed = await listExecutions(store, { mapRunArn, limit: SAMPLE });
    let sampleExact = 0;
    for (const e of listed.items) {
      const stored = await getExecution(store, e.executionArn);
      if (stored !== null && stored.events.length > 0 && stored.events.length === records.get(e.executionArn) && stored.execution.historyComplete) sampleExact += 1;
    }
    const mapRun = await getMapRun(store, mapRunArn);

    const minimum: Record<string, number> = {
      ListStateMachines: 1,
      DescribeStateMachine: 1,
      DescribeStateMachineForExecution: 2,
      ListExecutions: 1 + Math.ceil(children / 1000),
      GetExecutionHistory: Math.max(1, Math.ceil(parentEvents / 1000)),
      ListMapRuns: 0,
      DescribeMapRun: 1,
      FilterLogEvents: Math.max(Math.ceil(logRecords / LOGS_PAGE_EVENTS), Math.ceil(logBytes / LOGS_PAGE_BYTES)),
    };
    const ops = [...new Set([...Object.keys(minimum), ...Object.keys(result.stats.apiCalls)])];
    const calls = ops.map((op) => ({ op, calls: result.stats.apiCalls[op] ?? 0, minimum: minimum[op] ?? 0 }));
    return {
      children,
      runMs,
      ingestMs,
      cycles: result.cycles,
      errors: [...result.errors, ...again.errors].map((e) => e.error),
      childrenStored,
      childrenByStatus: byStatus,
      childEvents,
      logRecords,
      logBytes,
      sampleExact,
      sampleSize: listed.items.length,
      rows,
      mapRunStatus: mapRun?.status ?? null,
      settled: mapRun?.childrenListed ?? false,
      calls,
      logPagesByEvents: Math.ceil(logRecords / LOGS_PAGE_EVENTS),
      againCalls: again.stats.apiCalls,
    };
  } finally {
    sfn.destroy();
    logs.destroy();
    await store.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatMapRunBench(r: MapRunBenchResult): string[] {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    `map run: one Distributed Map over ${r.children.toLocaleString('en-US')} items, Express children, emulator with AWS quotas (run took ${s(r.runMs)})`,
    `  ingested by pollOnce in ${s(r.ingestMs)} (${r.cycles} cycles, ${r.errors.length} errors): ${Math.round(r.childrenStored / (r.ingestMs / 1000)).toLocaleString('en-US')} children/s, ${Math.round(r.rows.events / (r.ingestMs / 1000)).toLocaleString('en-US')} events/s`,
    `  stored: ${r.childrenStored.toLocaleString('en-US')} of ${r.children.toLocaleString('en-US')} children (${Object.entries(r.childrenByStatus).map(([k, v]) => `${k} ${v}`).join(', ')}), ${r.childEvents.toLocaleString('en-US')} child events of ${r.logRecords.toLocaleString('en-US')} log records (${(r.logBytes / 1_048_576).toFixed(1)} MiB, parent's included); ${r.sampleExact}/${r.sampleSize} sampled children exactly their records; Map Run ${r.mapRunStatus ?? 'missing'}, ${r.settled ? 'settled' : 'not settled'}`,
    ...r.errors.map((e) => `  error: ${e}`),
    `  rows: ${r.rows.executions} executions, ${r.rows.events} events, ${r.rows.stateMachines} state machines, ${r.rows.revisions} revisions, ${r.rows.runs} state runs`,
    `  API calls by operation (minimum for this work; ratio):`,
  ];
  for (const c of r.calls) lines.push(`    ${c.op.padEnd(34)} ${String(c.calls).padStart(6)}  min ${String(c.minimum).padStart(4)}  ${c.minimum > 0 ? `${(c.calls / c.minimum).toFixed(2)}×` : c.calls === 0 ? '—' : 'extra'}`);
  const total = r.calls.reduce((a, c) => a + c.calls, 0);
  const min = r.calls.reduce((a, c) => a + c.minimum, 0);
  lines.push(`    ${'total'.padEnd(34)} ${String(total).padStart(6)}  min ${String(min).padStart(4)}  ${(total / min).toFixed(2)}×`);
  const listing = r.calls.find((c) => c.op === 'ListExecutions');
  if (listing && listing.calls > listing.minimum) {
    // Both by the poller's design (poller-bench's minimum counts them too): the parent's history is
    // read in the first cycle, so the Map Run it names is worked in the next, which lists P again.
    lines.push(`  ListExecutions above the minimum by ${listing.calls - listing.minimum}: P's redrive check (redriveFilter=REDRIVEN, once per machine per redriveCheckMs) and P's page in each later cycle (${r.cycles - 1})`);
  }
  const logs = r.calls.find((c) => c.op === 'FilterLogEvents');
  if (logs && logs.calls < logs.minimum) {
    lines.push(`  FilterLogEvents below AWS's minimum: the emulator pages at 10,000 events only (${r.logPagesByEvents} pages), not at AWS's 1 MB per response too`);
  }
  const again = Object.entries(r.againCalls).filter(([, n]) => n > 0).map(([op, n]) => `${op} ${n}`).join(', ');
  lines.push(`  a second pollOnce once settled: ${again || 'no calls'}`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv[2];
  const n = arg === undefined ? 10_000 : Number(arg);
  for (const line of formatMapRunBench(await runMapRunBench(n))) console.log(line);
}
