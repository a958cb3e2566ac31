import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { corpusDir, runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// A user in a real Chromium: from the list to a failed execution, its failure and its runs.
// Screenshots land in tests/artifacts/screenshots/ for a person to look at.

const corpus = (name: string) => join(corpusDir, `scenarios.test_base_scenarios__TestBaseScenarios.${name}__0.json`);
const files = [corpus('test_catch_states_runtime'), corpus('test_lambda_service_invoke_with_retry_extended_input'), corpus('test_map_state_legacy_config_inline')];

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startSteplensServer();
  const imported = await runSteplens(['import', ...files], { env: server.env });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('browsing executions in Chromium', () => {
  it('lists the imported executions and filters by status', async () => {
    await page.goto(`${server.baseUrl}/executions`);
    await expect.poll(() => page.locator('[data-testid="executions-table"] tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(screenshotDir, 'executions-list.png'), fullPage: true });

    await page.click('[data-testid="status-chip-FAILED"]');
    await page.waitForURL(/status=FAILED/);
    await expect.poll(() => page.locator('[data-testid="executions-table"] tbody tr').count()).toBe(1);
  });

  it('opens the failed execution and shows where and why it failed', async () => {
    await page.locator('[data-testid="executions-table"] tbody tr a').first().click();
    await page.waitForURL(/\/executions\/arn%3A/);
    const banner = page.locator('[data-testid="failure-banner"]');
    await expect.poll(() => banner.textContent()).toContain('States.Runtime');
    const failingRow = page.locator('[data-testid="runs-table"] tr[data-failing="true"]');
    expect(await failingRow.count()).toBe(1);
    expect(await failingRow.getAttribute('data-status')).toBe('FAILED');
    const stateName = await failingRow.getAttribute('data-state-name');
    expect(await banner.textContent()).toContain(`“${stateName}”`);
    await page.screenshot({ path: join(screenshotDir, 'execution-failed.png'), fullPage: true });
  });

  it('shows a caught error as CAUGHT with its retry attempts, and Map iterations', async () => {
    await page.goto(`${server.baseUrl}/executions?status=SUCCEEDED`);
    const rows = page.locator('[data-testid="executions-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const links = await rows.locator('td:first-child a').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    let caughtSeen = false;
    let iterationsSeen = 0;
    for (const href of links) {
      await page.goto(href);
      const caught = page.locator('[data-testid="runs-table"] tr[data-status="CAUGHT"]');
      if ((await caught.count()) > 0) {
        caughtSeen = true;
        expect(Number(await caught.locator('td').nth(4).textContent())).toBeGreaterThan(1);
        await page.screenshot({ path: join(screenshotDir, 'execution-caught.png'), fullPage: true });
      }
      const iterationCells = await page.locator('[data-testid="runs-table"] tbody tr td:nth-child(6)').allTextContents();
      const iterations = new Set(iterationCells.filter((cell) => cell !== ''));
      if (iterations.size > 0) {
        iterationsSeen = iterations.size;
        await page.screenshot({ path: join(screenshotDir, 'execution-map.png'), fullPage: true });
      }
    }
    expect(caughtSeen).toBe(true);
    expect(iterationsSeen).toBeGreaterThan(1);
  });
});
