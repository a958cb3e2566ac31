// Server memory when people open big executions (issue 11 item 5): `steplens start` serving a
// store holding K executions of ~48,000 events each (2,000 interleaved Map iterations with
// retries, ~1 KB payloads per state), opened one after the other as the page and its API do
// (GET /api/executions/{arn}?runs=slim, the page's HTML, one run's payloads, an events page),
// then once more as a full GET /api/executions/{arn}. Prints response sizes and the server's
// resident memory (its process tree, from /proc) at the start, after each execution and at the
// end: the figure that must stay flat however many big executions are opened.
// Baseline: the same server after opening one small execution. The server runs with a V8 heap
// limit (--max-old-space-size, default 768 MB): a server whose memory grew with every big
// execution opened runs out of it and dies, which the bench reports. Run alone:
// `TZ=UTC npx tsx tests/bench/detail-memory-bench.ts [K] [heap MB]` (default 6, 768).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSteplens } from '../helpers/run-steplens.ts';
import { startSteplensServer } from '../helpers/steplens-server.ts';
import { generateHistory, type GeneratedEvent } from './generate-history.ts';
import { benchDefinition } from './page-bench.ts';

/** Resident memory (MB) of `pid` and every process below it. */
export function treeRssMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let kb = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop() as number;
    try {
      const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += Number(rss?.[1] ?? 0);
    } catch {
      continue;
    }
    stack.push(...(children.get(p) ?? []));
  }
  return Math.round(kb / 1024);
}

/** ~1 KB of JSON per state input/output, so payloads weigh what real ones do. */
function withPayloads(events: GeneratedEvent[]): GeneratedEvent[] {
  const pad = 'x'.repeat(900);
  return events.map((event) => {
    for (const key of Object.keys(event)) {
      if (!key.endsWith('EventDetails')) continue;
      const details = event[key] as Record<string, unknown>;
      for (const field of ['input', 'output']) {
        if (typeof details[field] === 'string') details[field] = JSON.stringify({ value: details[field], pad });
      }
    }
    return event;
  });
}

// The page bench's definition: the shape generateHistory writes (a Map of Fetch/Validate/Enrich/Store).
const definition = benchDefinition();

/** Opens `count` big executions on one server with a `heapMb` V8 heap limit; prints as it goes. */
export async function runDetailMemoryBench(count = 6, heapMb = 768): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'steplens-memory-'));
  const server = await startSteplensServer({ env: { NODE_OPTIONS: `--max-old-space-size=${heapMb}` } });
  try {
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
      const events = withPayloads(generateHistory({ iterations: 2_000, retries: 2_600, seed: 7 + i, startTime: Date.UTC(2025, 2, 1 + i, 9) }).events);
      const file = join(dir, `big-${i}.json`);
      writeFileSync(file, JSON.stringify({ definition, events, executionArn: `arn:aws:states:us-east-1:123456789012:execution:memory-bench:big-${i}` }));
      files.push(file);
    }
    const small = join(dir, 'small.json');
    writeFileSync(small, JSON.stringify({ definition, events: generateHistory({ iterations: 5, retries: 2 }).events, executionArn: 'arn:aws:states:us-east-1:123456789012:execution:memory-bench:small' }));
    const imported = await runSteplens(['import', small, ...files], { env: server.env });
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const eventCount = (JSON.parse(readFileSync(files[0] as string, 'utf8')) as { events: unknown[] }).events.length;

    const get = async (path: string): Promise<number> => {
      const response = await fetch(`${server.baseUrl}${path}`);
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return (await response.arrayBuffer()).byteLength;
    };
    const open = async (arn: string): Promise<{ slim: number; html: number }> => {
      const e = encodeURIComponent(arn);
      const slim = await get(`/api/executions/${e}?runs=slim`);
      const html = await get(`/executions/${e}`);
      await get(`/api/executions/${e}/runs/1`);
      await get(`/api/executions/${e}/events?limit=500`);
      return { slim, html };
    };
    await open('arn:aws:states:us-east-1:123456789012:execution:memory-bench:small');
    const baseline = treeRssMb(server.pid);
    console.log(`server memory with ${count} executions of ${eventCount.toLocaleString('en-US')} events (~1 KB payloads) stored, V8 heap limit ${heapMb} MB`);
    console.log(`  baseline (started, one small execution opened): ${baseline} MB resident`);
    let peak = baseline;
    for (let i = 0; i < count; i++) {
      const arn = `arn:aws:states:us-east-1:123456789012:execution:memory-bench:big-${i}`;
      const sizes = await open(arn).catch((error: unknown) => {
        throw new Error(`opening big-${i} failed (${String(error)}): the server died? Its log ends:\n${server.log().slice(-1500)}`);
      });
      const rss = treeRssMb(server.pid);
      peak = Math.max(peak, rss);
      console.log(`  after opening big-${i} (page ${(sizes.html / 1e6).toFixed(1)} MB, slim detail ${(sizes.slim / 1e6).toFixed(1)} MB): ${rss} MB (${(rss / baseline).toFixed(2)}× baseline)`);
    }
    const full = await get(`/api/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:memory-bench:big-0')}`);
    const afterFull = treeRssMb(server.pid);
    peak = Math.max(peak, afterFull);
    console.log(`  full GET /api/executions/{arn} of big-0: ${(full / 1e6).toFixed(1)} MB response; server then ${afterFull} MB`);
    console.log(`  peak ${peak} MB = ${(peak / baseline).toFixed(2)}× baseline; growth per big execution opened ${((peak - baseline) / count).toFixed(0)} MB`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runDetailMemoryBench(Number(process.argv[2] ?? 6), Number(process.argv[3] ?? 768));
