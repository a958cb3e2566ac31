import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { corpusDir, runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// Home (state machines with success rate, last failure, hourly volume, health summary) and
// /health, in a real Chromium: empty store, imported files, then the live demo.

const corpus = (name: string) => join(corpusDir, `scenarios.test_base_scenarios__TestBaseScenarios.${name}__0.json`);
const files = [corpus('test_catch_states_runtime'), corpus('test_lambda_service_invoke_with_retry_extended_input'), corpus('test_map_state_legacy_config_inline')];

let imported: RunningServer;
let demo: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [imported, demo] = await Promise.all([startSteplensServer(), startSteplensServer({ demo: true })]);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([imported?.stop(), demo?.stop()]);
});

describe('home', () => {
  it('explains the demo and import on an empty store', async () => {
    await page.goto(`${imported.baseUrl}/`);
    await expect.poll(() => page.locator('[data-testid="home-empty"]').textContent()).toContain('steplens import');
    await page.screenshot({ path: join(screenshotDir, 'home-empty.png'), fullPage: true });
  });

  it('lists imported state machines with success rate and a linked last failure', async () => {
    const done = await runSteplens(['import', ...files], { env: imported.env });
    expect(done.code, done.stderr).toBe(0);
    await page.goto(`${imported.baseUrl}/`);
    const table = page.locator('[data-testid="state-machines-table"] tbody tr');
    await expect.poll(() => table.count()).toBe(3);
    const rates = await page.locator('[data-testid="success-rate"]').allTextContents();
    expect(rates.filter((r) => r === '100%')).toHaveLength(2);
    expect(rates).toContain('0%');
    const failure = page.locator('[data-testid="last-failure"] a');
    expect(await failure.count()).toBe(1);
    expect(await page.locator('[data-testid="last-failure"]').allTextContents()).toContainEqual(expect.stringContaining('States.Runtime'));
    await page.screenshot({ path: join(screenshotDir, 'home-imported.png'), fullPage: true });
    await failure.click();
    await page.waitForURL(/\/executions\/arn%3A/);
  });

  it('shows the live demo state machines with hourly bars and the health summary', async () => {
    await page.goto(`${demo.baseUrl}/`);
    await expect.poll(() => page.locator('[data-testid="state-machines-table"] tbody tr').count(), { timeout: 90_000 }).toBeGreaterThan(1);
    await expect.poll(() => page.locator('[data-testid="success-rate"]').filter({ hasText: '%' }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.recharts-bar-rectangle').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="health-summary"]').textContent(), { timeout: 30_000 }).toMatch(/API calls: [1-9]/);
    await page.screenshot({ path: join(screenshotDir, 'home-demo.png'), fullPage: true });
  }, 300_000);
});

describe('/health', () => {
  it('shows sources, API calls by operation, throttles, backlog, lag and backfill progress', async () => {
    await page.goto(`${demo.baseUrl}/health`);
    const calls = page.locator('[data-testid="api-calls-table"] tbody tr');
    await expect.poll(() => calls.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // The table fills in as the poller makes its calls (ListStateMachines comes first): wait for
    // the operation asserted, not for the first row.
    await expect.poll(() => calls.locator('td:first-child').allTextContents(), { timeout: 60_000 }).toContain('ListExecutions');
    expect(await page.locator('[data-testid="sources-table"] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="throttled"]').textContent()).toMatch(/^\d/);
    expect(await page.locator('[data-testid="backfill"]').textContent()).toMatch(/executions complete/);
    // Everything the demo stored was derived by this analyzer version: nothing to rebuild.
    expect(await page.locator('[data-testid="analysis"]').textContent()).toMatch(/^Derived rowscurrentanalyzer version \d+$/);
    // The store's size as /api/health reports it (issue 11: bytes per event and total on /health).
    await expect.poll(() => page.locator('[data-testid="store-size"]').textContent()).toMatch(/^Store\d[\d.]* [kMG]?B[\d,]+ executions · [\d,]+ events · [\d.]+ [kM]?B per event/);
    expect(await page.locator('[data-testid="retention"]').textContent()).toMatch(/^Last retention pass/);
    await page.screenshot({ path: join(screenshotDir, 'health.png'), fullPage: true });
    // Dark theme renders too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${demo.baseUrl}/`);
    await expect.poll(() => page.locator('[data-testid="state-machines-table"] tbody tr').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(screenshotDir, 'home-demo-dark.png'), fullPage: true });
    await page.goto(`${demo.baseUrl}/executions`);
    await expect.poll(() => page.locator('[data-testid="executions-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.keyboard.press('j');
    await page.screenshot({ path: join(screenshotDir, 'executions-list-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });
  }, 300_000);
});
