import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// The execution page over the live demo (emulator + poller): a failed execution found from the
// list, its failing node, banner and step panel; a retried state's attempts when the demo has one.

let server: RunningServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

interface Item {
  executionArn: string;
  status: string;
}

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function detail(arn: string) {
  return (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}`)).json()) as {
    analysis: { failure: { stateName: string | null; error: string | null } | null; runs: Array<{ stateName: string; status: string; attempts: number; mapIndex: number[] }> };
    definition: unknown;
  };
}

beforeAll(async () => {
  server = await startSteplensServer({ demo: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('execution page over the live demo', () => {
  it('browses to a failed execution: failing node FAILED, banner and step panel show error and cause', async () => {
    const failedArn = await eventually(async () => {
      const list = (await (await fetch(`${server.baseUrl}/api/executions?status=FAILED&limit=50`)).json()) as { items: Item[] };
      for (const item of list.items) {
        const d = await detail(item.executionArn);
        if (d.definition && d.analysis.failure?.stateName && d.analysis.failure.error) return item.executionArn;
      }
      return null;
    });
    const d = await detail(failedArn);
    const failure = d.analysis.failure as { stateName: string; error: string };
    await page.goto(`${server.baseUrl}/executions?status=FAILED`);
    await page.locator(`[data-testid="executions-table"] a[href="/executions/${encodeURIComponent(failedArn)}"]`).first().click();
    await page.waitForURL(/\/executions\/arn%3A/);
    const banner = page.locator('[data-testid="failure-banner"]');
    await expect.poll(() => banner.textContent()).toContain(failure.error);
    const failing = page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${failure.stateName}"]`);
    expect(await failing.first().getAttribute('data-status')).toBe('FAILED');
    await page.click('[data-testid="show-failing-step"]');
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe(failure.stateName);
    expect(await panel.locator('[data-testid="step-error"]').textContent()).toContain(failure.error);
    await page.screenshot({ path: join(screenshotDir, 'execution-page-demo-failed.png'), fullPage: true });
    expect(dialogs).toEqual([]);
  }, 300_000);

  it('lists the attempts of a retried state in a demo execution', async () => {
    const found = await eventually(async () => {
      const list = (await (await fetch(`${server.baseUrl}/api/executions?limit=100`)).json()) as { items: Item[] };
      for (const item of list.items) {
        if (item.status === 'RUNNING') continue;
        const d = await detail(item.executionArn);
        const index = d.analysis.runs.findIndex((r) => r.attempts > 1);
        if (d.definition && index >= 0) return { arn: item.executionArn, index, run: d.analysis.runs[index] as { stateName: string; attempts: number } };
      }
      return null;
    });
    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(found.arn)}?state=${encodeURIComponent(found.run.stateName)}&run=${found.index}`);
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe(found.run.stateName);
    expect(await panel.locator('[data-testid="attempt"]').count()).toBe(found.run.attempts);
    expect(await panel.locator('[data-testid="attempt"]').first().textContent()).toContain('Initial attempt');
    await page.click('[data-view="timeline"]');
    await expect.poll(() => page.locator('[data-testid="timeline"] rect[data-kind="attempt"]').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(screenshotDir, 'execution-page-demo-retry-timeline.png') });
  }, 300_000);

  it('groups the demo’s failures into clusters on /failures, and a cluster opens its members', async () => {
    interface Cluster {
      id: string;
      stateMachineArn: string;
      stateName: string | null;
      count: number;
      rootCauses: Array<{ stateName: string; count: number }>;
    }
    // sales-etl fails in BatchFailed after a TransformRecord iteration's error was caught: a
    // cluster with a root cause.
    const cluster = await eventually(async () => {
      const answer = (await (await fetch(`${server.baseUrl}/api/failure-clusters`)).json()) as { items: Cluster[] };
      return answer.items.find((item) => item.rootCauses.length > 0 && item.count >= 1) ?? null;
    });
    await page.goto(`${server.baseUrl}/failures`);
    const card = page.locator(`[data-testid="failure-cluster"][data-cluster-id="${cluster.id}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(`first raised in ${cluster.rootCauses[0]?.stateName}`);
    expect(await card.locator('[data-testid="cluster-sparkline"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="failure-cluster"]').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir, 'failures-demo.png'), fullPage: true });
    await card.locator('[data-testid="cluster-members-link"]').click();
    await page.waitForURL(/\/executions\?cluster=/);
    await page.locator('[data-testid="cluster-filter"]').waitFor();
    const rows = page.locator('[data-testid="executions-table"] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    // Every row listed is a member: FAILED or TIMED_OUT, of the cluster's machine.
    const members = (await (await fetch(`${server.baseUrl}/api/executions?cluster=${cluster.id}&limit=500`)).json()) as { items: Item[] };
    expect(members.items.length).toBeGreaterThanOrEqual(cluster.count);
    expect(members.items.every((item) => item.status === 'FAILED' || item.status === 'TIMED_OUT')).toBe(true);
    const shown = await rows.locator('a[href^="/executions/"]').evaluateAll((links) => links.map((link) => decodeURIComponent(link.getAttribute('href') ?? '').replace('/executions/', '')));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((arn) => members.items.some((item) => item.executionArn === arn))).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'failures-demo-members.png') });
    expect(dialogs).toEqual([]);
  }, 300_000);
});
