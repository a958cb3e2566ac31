import { join } from 'node:path';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateStateMachineCommand, DescribeExecutionCommand, DescribeMapRunCommand, ListExecutionsCommand, ListMapRunsCommand } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_RUN_FAILED_STATUSES } from '../../lib/history/index.ts';
import { pollOnce } from '../../lib/poller/index.ts';
import { MAP_RUN_REFRESH_MS } from '../../lib/queries/map-runs.ts';
import { getMapRun, type StoredMapRun } from '../../lib/store/index.ts';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';
import { EXTERNAL_ENDPOINT, ROLE_ARN, start, startRig, waitFor, type Rig } from '../integration/poller/poller-helpers';

// Map Runs in a real Chromium, beside tests/e2e/map-runs.test.ts (Standard children), with the
// built-in emulator kept running and the test driving the poller (pollOnce into the store the
// server reads), so what the page shows is exactly what the store holds at each step:
//  - a failed Distributed Map of Express children (stored from the parent's CloudWatch Logs):
//    from the failed parent to its Map Run page, to a failed child and back;
//  - a running Map Run page refreshes its counts without a reload, and stops once it ended.
// Every wait is on a condition (the pages' hydration markers, the store, the emulator).

let rig: Rig;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const executionUrl = (arn: string) => `${server.baseUrl}/executions/${encodeURIComponent(arn)}`;
const mapRunUrl = (arn: string) => `${server.baseUrl}/map-runs/${encodeURIComponent(arn)}`;
const mapRunPath = (arn: string) => `/map-runs/${encodeURIComponent(arn)}`;
const node = (name: string) => page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${name}"]`);
const count = (kind: 'items' | 'executions', key: string) => page.locator(`[data-testid="map-run-counts"] [data-testid="${kind}-${key}"]`);
const COUNT_KEYS = ['pending', 'running', 'succeeded', 'failed', 'timedOut', 'aborted', 'total'] as const;

const executionReady = () => page.waitForFunction(() => document.documentElement.dataset.executionReadyAt !== undefined);
const mapRunReady = () => page.waitForFunction(() => document.documentElement.dataset.mapRunReadyAt !== undefined);

/** A Distributed Map `Fan` over $.items: an item with `fail` true fails, the others wait `wait` seconds and succeed. */
function fanOut(executionType: 'STANDARD' | 'EXPRESS', maxConcurrency: number) {
  return {
    StartAt: 'Fan',
    States: {
      Fan: {
        Type: 'Map',
        ItemsPath: '$.items',
        ToleratedFailurePercentage: 0,
        MaxConcurrency: maxConcurrency,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: executionType },
          StartAt: 'Check',
          States: {
            Check: { Type: 'Choice', Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Broken' }], Default: 'Hold' },
            Hold: { Type: 'Wait', SecondsPath: '$.wait', Next: 'Work' },
            Work: { Type: 'Pass', Result: { done: true }, ResultPath: '$.r', End: true },
            Broken: { Type: 'Fail', Error: 'Item.Broken', Cause: 'this item is broken' },
          },
        },
        End: true,
      },
    },
  };
}

/** A parent machine logging ALL with execution data: the poller reads its Express children's records from its log group. */
async function createLoggedMachine(name: string, definition: unknown): Promise<string> {
  const full = `${rig.prefix}-${name}`;
  const group = `/aws/vendedlogs/states/${full}`;
  await rig.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  const out = await rig.sfn.send(
    new CreateStateMachineCommand({
      name: full,
      definition: JSON.stringify(definition),
      roleArn: ROLE_ARN,
      loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:${group}:*` } }] },
    }),
  );
  return out.stateMachineArn as string;
}

async function poll(options: { logsOverlapMs?: number } = {}): Promise<void> {
  const result = await pollOnce({ store: rig.store, sources: rig.config.sources, ...(options.logsOverlapMs !== undefined ? { poll: { logsOverlapMs: options.logsOverlapMs } } : {}) });
  if (result.errors.length > 0) throw new Error(`poll failed: ${JSON.stringify(result.errors)}`);
}

async function mapRunOf(parentArn: string): Promise<string> {
  return waitFor('the Map Run', async () => (await rig.sfn.send(new ListMapRunsCommand({ executionArn: parentArn }))).mapRuns?.[0]?.mapRunArn);
}

async function parentEnded(parentArn: string): Promise<string> {
  return waitFor('the parent to end', async () => {
    const { status } = await rig.sfn.send(new DescribeExecutionCommand({ executionArn: parentArn }));
    return status === 'RUNNING' ? null : status;
  }, 120_000);
}

/** Polls until the stored Map Run satisfies `done`. */
async function pollUntil(what: string, mapRunArn: string, done: (run: StoredMapRun) => boolean, options: { logsOverlapMs?: number } = {}): Promise<StoredMapRun> {
  return waitFor(what, async () => {
    await poll(options);
    const run = await getMapRun(rig.store, mapRunArn);
    return run !== null && done(run) ? run : null;
  }, 120_000);
}

beforeAll(async () => {
  if (EXTERNAL_ENDPOINT !== null) return;
  rig = await startRig();
  // A long wait: on a shared tree the sources may change after the suite's build, and start rebuilds.
  server = await startSteplensServer({ databaseUrl: rig.dbUrl, timeoutMs: 480_000 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await rig?.close();
});

describe.skipIf(EXTERNAL_ENDPOINT !== null)('Map Runs of Express children and live Map Run pages in the browser', () => {
  it('from a failed Distributed Map of Express children to its Map Run page, a failed child and back', async () => {
    const machine = await createLoggedMachine('express-fan', fanOut('EXPRESS', 4));
    // Every fourth item fails and the Map tolerates none: the Map Run fails, and so does the parent.
    const items = Array.from({ length: 12 }, (_, i) => ({ i, fail: i % 4 === 0, wait: 0 }));
    const parentArn = await start(rig, machine, { items }, 'express-fan-1');
    expect(await parentEnded(parentArn)).toBe('FAILED');
    const mapRunArn = await mapRunOf(parentArn);
    const listed = await rig.sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000 }));
    const children = (listed.executions ?? []).map((e) => ({ executionArn: e.executionArn as string, status: e.status as string }));
    expect(children.some((c) => c.status === 'FAILED')).toBe(true);
    const described = await rig.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    // Settled: described after the end, every child listed, the log records read through the end.
    const stored = await pollUntil('the Map Run to settle', mapRunArn, (run) => run.childrenListed, { logsOverlapMs: 0 });
    expect(stored).toMatchObject({ status: 'FAILED', executionType: 'EXPRESS', itemCounts: described.itemCounts, executionCounts: described.executionCounts });

    await page.goto(executionUrl(parentArn));
    await executionReady();
    expect(await page.locator('[data-testid="execution-page"]').getAttribute('data-status')).toBe('FAILED');
    const note = node('Fan').locator('[data-testid="node-note"]');
    expect(await note.getAttribute('href')).toBe(mapRunPath(mapRunArn));
    expect(await note.getAttribute('class')).toContain('wg-note-bad');
    await note.click();
    await page.waitForURL((url) => url.pathname === mapRunPath(mapRunArn));
    await mapRunReady();
    const mapRun = page.locator('[data-testid="map-run-page"]');
    expect(await mapRun.getAttribute('data-status')).toBe('FAILED');
    expect(await mapRun.getAttribute('data-live')).toBe('off');
    expect(await page.locator('[data-testid="map-run-summary"]').textContent()).toContain('EXPRESS');
    // The counts are DescribeMapRun's, items never started included (pending, not aborted).
    for (const key of COUNT_KEYS) {
      expect(await count('items', key).textContent(), key).toBe(String(described.itemCounts?.[key] ?? 0));
      expect(await count('executions', key).textContent(), key).toBe(String(described.executionCounts?.[key] ?? 0));
    }
    const pending = described.executionCounts?.pending ?? 0;
    expect(await page.locator('[data-testid="map-run-stored"]').textContent()).toBe(
      `${children.length} of ${children.length} started child executions stored${pending > 0 ? `; ${pending} items never started.` : '.'}`,
    );
    const failedRows = page.locator('[data-testid="map-run-children-failed"] tbody tr');
    expect(await failedRows.count()).toBe(children.filter((c) => (MAP_RUN_FAILED_STATUSES as readonly string[]).includes(c.status)).length);
    await page.screenshot({ path: join(screenshotDir, 'map-run-express-page.png'), fullPage: true });

    // A failed Express child, stored from the logs: its page names the parent; the link goes back.
    const failedArns = children.filter((c) => c.status === 'FAILED').map((c) => `/executions/${encodeURIComponent(c.executionArn)}`);
    const failedChild = page.locator('[data-testid="map-run-children-failed"] tbody tr[data-status="FAILED"] a').first();
    const childHref = (await failedChild.getAttribute('href')) as string;
    expect(failedArns).toContain(childHref);
    await failedChild.click();
    await page.waitForURL((url) => url.pathname === childHref);
    await executionReady();
    expect(await page.locator('[data-testid="execution-page"]').getAttribute('data-status')).toBe('FAILED');
    const parent = page.locator('[data-testid="parent-execution"]');
    expect(await parent.getAttribute('data-via')).toBe('map-run');
    expect(await parent.textContent()).toContain('express-fan-1');
    expect(await page.locator('[data-testid="parent-map-run-link"]').getAttribute('href')).toBe(mapRunPath(mapRunArn));
    await page.screenshot({ path: join(screenshotDir, 'map-run-express-child.png'), fullPage: true });
    await page.locator('[data-testid="parent-execution-link"]').click();
    await page.waitForURL((url) => url.pathname === `/executions/${encodeURIComponent(parentArn)}`);
    await executionReady();
    expect(await page.locator('h1').textContent()).toBe('express-fan-1');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('refreshes a running Map Run’s counts without a reload, and stops once it ended', async () => {
    const machine = await createLoggedMachine('live-fan', fanOut('STANDARD', 1));
    // One child at a time, each waiting 2 s: the Map Run runs for about 12 s.
    const items = Array.from({ length: 6 }, (_, i) => ({ i, fail: false, wait: 2 }));
    const parentArn = await start(rig, machine, { items }, 'live-fan-1');
    const mapRunArn = await mapRunOf(parentArn);
    const first = await pollUntil('the running Map Run to be stored', mapRunArn, () => true);
    await page.goto(mapRunUrl(mapRunArn));
    await mapRunReady();
    const mapRun = page.locator('[data-testid="map-run-page"]');
    // A reload would drop this mark.
    await page.evaluate(() => ((window as unknown as { steplensNoReload: boolean }).steplensNoReload = true));
    if (first.status === 'RUNNING') expect(await mapRun.getAttribute('data-live')).toBe('on');
    expect(await count('executions', 'succeeded').textContent()).toBe(String(first.executionCounts.succeeded));

    // More children succeed at the source; once the store has them, the page shows them.
    const later = await pollUntil('a child to succeed after the page was drawn', mapRunArn, (run) => run.executionCounts.succeeded > first.executionCounts.succeeded);
    await expect.poll(() => count('executions', 'succeeded').textContent()).toBe(String(later.executionCounts.succeeded));

    // It ends: the page shows the final counts and the stored children, then stops refreshing.
    expect(await parentEnded(parentArn)).toBe('SUCCEEDED');
    const done = await pollUntil('the Map Run to settle', mapRunArn, (run) => run.status === 'SUCCEEDED' && run.childrenListed);
    const described = await rig.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(done.executionCounts).toMatchObject({ ...described.executionCounts });
    await expect.poll(() => mapRun.getAttribute('data-live')).toBe('off');
    expect(await mapRun.getAttribute('data-status')).toBe('SUCCEEDED');
    for (const key of COUNT_KEYS) expect(await count('executions', key).textContent(), key).toBe(String(described.executionCounts?.[key] ?? 0));
    await expect.poll(() => page.locator('[data-testid="map-run-children-other"] tbody tr[data-status="SUCCEEDED"]').count()).toBe(items.length);
    expect(await page.evaluate(() => (window as unknown as { steplensNoReload?: boolean }).steplensNoReload)).toBe(true);
    // Stopped: no request for the Map Run through one and a half refresh intervals after it ended
    // (an absence, so a fixed span: there is no event to wait for).
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/map-runs/')) requests.push(request.url());
    });
    const describedAt = await mapRun.getAttribute('data-described-at');
    await page.waitForTimeout(MAP_RUN_REFRESH_MS * 1.5);
    expect(requests).toEqual([]);
    expect(await mapRun.getAttribute('data-described-at')).toBe(describedAt);
    await page.screenshot({ path: join(screenshotDir, 'map-run-live-ended.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
