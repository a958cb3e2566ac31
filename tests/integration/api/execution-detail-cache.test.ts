import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approximateBytes, cachedExecutionDetails, getExecutionDetail } from '../../../lib/api/executions/get-execution-detail.ts';
import { historyFileRecord } from '../../../lib/cli/history-file-record.ts';
import { ingestExecution } from '../../../lib/ingest/index.ts';
import { openStore, type Store } from '../../../lib/store/index.ts';
import { generateHistory } from '../../bench/generate-history.ts';
import { benchDefinition } from '../../bench/page-bench.ts';

// The server keeps the details it analysed for the executions people open (the page, the API
// and the step panel share one per execution version), within a memory budget
// (STEPLENS_DETAIL_CACHE_MB): the least recently used go first, the newest always stays.

let store: Store;
let dir = '';
const savedBudget = process.env.STEPLENS_DETAIL_CACHE_MB;
const arnOf = (i: number) => `arn:aws:states:us-east-1:123456789012:execution:detail-cache:run-${i}`;
// The page bench's definition: the shape generateHistory writes (a Map of Fetch/Validate/Enrich/Store).
const definition = benchDefinition();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-detail-cache-'));
  store = await openStore(`file:${join(dir, 'store.db')}`);
  for (let i = 0; i < 4; i++) {
    const events = generateHistory({ iterations: 40, retries: 10, seed: i + 1 }).events;
    const record = historyFileRecord(JSON.stringify({ definition, events, executionArn: arnOf(i) }), `run-${i}.json`, {});
    await ingestExecution(store, record.ingest);
  }
});

afterAll(async () => {
  if (savedBudget === undefined) delete process.env.STEPLENS_DETAIL_CACHE_MB;
  else process.env.STEPLENS_DETAIL_CACHE_MB = savedBudget;
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cachedArns = () => cachedExecutionDetails().map((entry) => entry.executionArn);

describe('execution detail cache', () => {
  it('measures a detail at about its heap size: strings by length, every slot counted', () => {
    expect(approximateBytes('abcd')).toBe(16 + 8);
    expect(approximateBytes({ a: 'xy', b: [1, 2] })).toBe(16 + 32 + (16 + 4) + (16 + 16 + 8 + 8));
    const shared = { s: 'x'.repeat(1_000) };
    expect(approximateBytes([shared, shared])).toBe(approximateBytes([shared]) + 8);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { d: deep };
    expect(approximateBytes(deep)).toBe(100_000 * 32 + 16 + 8);
  });

  it('keeps what fits the budget, drops the least recently used first, and always keeps the newest', async () => {
    delete process.env.STEPLENS_DETAIL_CACHE_MB;
    for (let i = 0; i < 4; i++) await getExecutionDetail(store, arnOf(i));
    expect(cachedArns().slice(-4)).toEqual([0, 1, 2, 3].map(arnOf));
    const sizes = cachedExecutionDetails().slice(-4).map((entry) => entry.bytes);
    expect(Math.min(...sizes)).toBeGreaterThan(50_000);

    // A budget for about two of them: opening run-0 again (cached: it becomes the newest), then
    // run-1 evicts down to what fits, oldest first.
    process.env.STEPLENS_DETAIL_CACHE_MB = String((Math.max(...sizes) * 2.5) / (1024 * 1024));
    await getExecutionDetail(store, arnOf(0));
    expect(cachedArns().at(-1)).toBe(arnOf(0));
    const again = await getExecutionDetail(store, arnOf(1));
    expect(again?.execution.executionArn).toBe(arnOf(1));
    expect(cachedArns()).toEqual([arnOf(0), arnOf(1)]);

    // A budget smaller than any one detail: the newest alone stays, and is what is served next.
    process.env.STEPLENS_DETAIL_CACHE_MB = '0';
    const detail = await getExecutionDetail(store, arnOf(2));
    expect(cachedArns()).toEqual([arnOf(2)]);
    expect(await getExecutionDetail(store, arnOf(2))).toBe(detail);
  });
});
