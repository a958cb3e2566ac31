import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_RUN_FAILED_STATUSES } from '../../lib/history/index.ts';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { runMapRunScenario, type MapRunScenario } from '../helpers/map-run-scenario';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';
import { EXTERNAL_ENDPOINT } from '../integration/poller/poller-helpers';

// Map Runs and nested executions in a real Chromium (DESIGN.md §2.9, issue 13): the poller fills a
// store from the built-in emulator (tests/helpers/map-run-scenario: a parent that starts an
// execution through states:startExecution, then fails in a Distributed Map), `steplens start`
// serves it, and the test goes from the failed parent's Map node to its Map Run page, filters the
// failed children, opens one and follows its link back; and from the StartExecution task's step
// panel to the execution it started and back. Screenshots go to tests/artifacts/screenshots/.

let scenario: MapRunScenario;
let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

const executionUrl = (arn: string) => `${server.baseUrl}/executions/${encodeURIComponent(arn)}`;
const mapRunUrl = (arn: string) => `${server.baseUrl}/map-runs/${encodeURIComponent(arn)}`;
const node = (name: string) => page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${name}"]`);

/** Waits for the execution page to hydrate (a click before it would do nothing). */
async function openExecution(url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.executionReadyAt !== undefined);
}

beforeAll(async () => {
  if (EXTERNAL_ENDPOINT !== null) return;
  scenario = await runMapRunScenario();
  // The emulator is not needed any more: the server serves the store the poller filled.
  await scenario.rig.close();
  // A long wait: on a shared tree the sources may change after the suite's build, and start rebuilds.
  server = await startSteplensServer({ databaseUrl: scenario.rig.dbUrl, timeoutMs: 480_000 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe.skipIf(EXTERNAL_ENDPOINT !== null)('Map Runs and child executions in the browser', () => {
  it('from the failed parent’s Distributed Map node to its Map Run page, the failed children, one of them and back', async () => {
    const counts = scenario.described.executionCounts;
    const bad = [[counts.failed, 'failed'], [counts.timedOut, 'timed out'], [counts.aborted, 'aborted']].filter(([n]) => Number(n) > 0).map(([n, word]) => `${n} ${word} · `);
    expect(counts.failed).toBeGreaterThan(0);
    // The run failed: items whose child never started stay pending (DescribeMapRun), "not started" on the node.
    const pending = counts.pending ?? 0;
    const rest = pending > 0 ? ` · ${pending} not started` : '';

    await openExecution(executionUrl(scenario.parentArn));
    expect(await page.locator('[data-testid="execution-page"]').getAttribute('data-status')).toBe('FAILED');
    // The Map node shows the Map Run's counts as DescribeMapRun gave them, as a link to its page.
    const note = node('Fan').locator('[data-testid="node-note"]');
    // The whole line is the tooltip's first; the node draws it, or its short form in a narrow header.
    expect((await note.locator('title').textContent())?.split('\n')[0]).toBe(`${bad.join('')}${counts.succeeded}/${counts.total} succeeded${rest}`);
    expect([`${bad.join('')}${counts.succeeded}/${counts.total} succeeded${rest}`, `${bad.join('')}${counts.succeeded}/${counts.total} ok${rest}`]).toContain(await note.locator('text').textContent());
    expect(await note.getAttribute('class')).toContain('wg-note-bad');
    expect(await note.getAttribute('href')).toBe(`/map-runs/${encodeURIComponent(scenario.mapRunArn)}`);
    expect(await page.locator('[data-testid="execution-map-run"] [data-testid="map-run-link"]').getAttribute('href')).toBe(`/map-runs/${encodeURIComponent(scenario.mapRunArn)}`);
    await page.screenshot({ path: join(screenshotDir, 'map-run-parent-node.png'), fullPage: true });

    // Selecting the Map node opens its step panel with the Map Run's counts table.
    await node('Fan').click();
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe('Fan');
    expect(await panel.locator('[data-testid="executions-failed"]').textContent()).toBe(String(counts.failed));
    expect(await panel.locator('[data-testid="open-map-run"]').getAttribute('href')).toBe(`/map-runs/${encodeURIComponent(scenario.mapRunArn)}`);

    // The node's link opens the Map Run page.
    await note.click();
    await page.waitForURL((url) => url.pathname === `/map-runs/${encodeURIComponent(scenario.mapRunArn)}`);
    const mapRun = page.locator('[data-testid="map-run-page"]');
    expect(await mapRun.getAttribute('data-status')).toBe('FAILED');
    expect(await page.locator('[data-testid="map-run-state"]').textContent()).toBe('Fan');
    // Its parent link opens the parent with the Map state's run selected.
    const parentHref = (await page.locator('[data-testid="map-run-parent"]').getAttribute('href')) ?? '';
    expect(parentHref.startsWith(`/executions/${encodeURIComponent(scenario.parentArn)}?state=Fan&run=`)).toBe(true);
    expect(parentHref).toMatch(/&run=\d+$/);
    for (const key of ['pending', 'succeeded', 'failed', 'aborted', 'total'] as const) {
      expect(await page.locator(`[data-testid="map-run-counts"] [data-testid="executions-${key}"]`).textContent(), key).toBe(String(counts[key] ?? 0));
      expect(await page.locator(`[data-testid="map-run-counts"] [data-testid="items-${key}"]`).textContent(), key).toBe(String(scenario.described.itemCounts[key] ?? 0));
    }
    const summary = (await page.locator('[data-testid="map-run-summary"]').textContent()) ?? '';
    expect(summary).toContain(`${scenario.described.toleratedFailurePercentage} % · ${scenario.described.toleratedFailureCount} executions`);
    expect(summary).toContain(String(scenario.described.maxConcurrency));
    // Failed first: every child that did not succeed, in their own section above the others.
    const failedRows = page.locator('[data-testid="map-run-children-failed"] tbody tr');
    expect(await failedRows.count()).toBe(scenario.children.filter((c) => (MAP_RUN_FAILED_STATUSES as readonly string[]).includes(c.status)).length);
    for (const status of await failedRows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')))) expect(MAP_RUN_FAILED_STATUSES).toContain(status);
    expect(await page.locator('[data-testid="map-run-children-other"] tbody tr').count()).toBe(scenario.children.filter((c) => !(MAP_RUN_FAILED_STATUSES as readonly string[]).includes(c.status)).length);
    await page.screenshot({ path: join(screenshotDir, 'map-run-page.png'), fullPage: true });

    // The FAILED filter lists exactly the failed children.
    await page.locator('[data-testid="map-run-filters"] a[data-filter="FAILED"]').click();
    await page.waitForURL(/\?status=FAILED$/);
    const rows = page.locator('[data-testid="map-run-children"] tbody tr');
    const failedArns = scenario.children.filter((c) => c.status === 'FAILED').map((c) => c.executionArn);
    expect(await rows.count()).toBe(failedArns.length);
    expect(new Set(await rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-status'))))).toEqual(new Set(['FAILED']));
    expect(await page.locator('[data-testid="map-run-filters"] a[aria-current="page"]').getAttribute('data-filter')).toBe('FAILED');
    await page.screenshot({ path: join(screenshotDir, 'map-run-page-failed-filter.png'), fullPage: true });

    // A failed child: its page names the parent and the Map Run; the link goes back to the parent.
    const childLink = rows.first().locator('a');
    const childHref = (await childLink.getAttribute('href')) as string;
    expect(failedArns.map((arn) => `/executions/${encodeURIComponent(arn)}`)).toContain(childHref);
    await childLink.click();
    await page.waitForURL((url) => url.pathname === childHref);
    await page.waitForFunction(() => document.documentElement.dataset.executionReadyAt !== undefined);
    expect(await page.locator('[data-testid="execution-page"]').getAttribute('data-status')).toBe('FAILED');
    const parent = page.locator('[data-testid="parent-execution"]');
    expect(await parent.getAttribute('data-via')).toBe('map-run');
    expect(await parent.textContent()).toContain('fan-out-1');
    expect(await parent.textContent()).toContain('in state “Fan”');
    expect(await page.locator('[data-testid="parent-map-run-link"]').getAttribute('href')).toBe(`/map-runs/${encodeURIComponent(scenario.mapRunArn)}`);
    await page.screenshot({ path: join(screenshotDir, 'map-run-child.png'), fullPage: true });
    await page.locator('[data-testid="parent-execution-link"]').click();
    await page.waitForURL((url) => url.pathname === `/executions/${encodeURIComponent(scenario.parentArn)}`);
    expect(await page.locator('h1').textContent()).toBe('fan-out-1');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('opens the execution a StartExecution task started from its step panel, and links back from it', async () => {
    await openExecution(executionUrl(scenario.parentArn));
    await node('Launch').click();
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe('Launch');
    const open = panel.locator('[data-testid="open-child-execution"]');
    expect(await open.getAttribute('href')).toBe(`/executions/${encodeURIComponent(scenario.startedArn)}`);
    await page.screenshot({ path: join(screenshotDir, 'map-run-start-execution-panel.png'), fullPage: true });
    await open.click();
    await page.waitForURL((url) => url.pathname === `/executions/${encodeURIComponent(scenario.startedArn)}`);
    await page.waitForFunction(() => document.documentElement.dataset.executionReadyAt !== undefined);
    const parent = page.locator('[data-testid="parent-execution"]');
    expect(await parent.getAttribute('data-via')).toBe('task-output');
    expect(await parent.textContent()).toContain('in state “Launch”');
    await page.locator('[data-testid="parent-execution-link"]').click();
    await page.waitForURL((url) => url.pathname === `/executions/${encodeURIComponent(scenario.parentArn)}`);
    expect(await page.locator('[data-testid="execution-relations"] [data-testid="child-execution-link"]').getAttribute('href')).toBe(`/executions/${encodeURIComponent(scenario.startedArn)}`);
    // An unknown Map Run is the 404 page.
    const missing = await page.goto(mapRunUrl(scenario.mapRunArn.replace(/:[^:]+$/, ':00000000-0000-0000-0000-000000000000')));
    expect(missing?.status()).toBe(404);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
