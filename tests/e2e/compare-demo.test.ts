import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// Comparison pages over the live demo (emulator + poller): /compare opened with no selection
// preselects the demo's one workflow deployed as both types (iot-ingestion-standard, then
// iot-ingestion) and shows both machines' rates, percentiles and costs with the charts drawn.

let server: RunningServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

interface Machine {
  stateMachineArn: string;
  name: string;
  type: string;
}

interface CompareAnswer {
  items: Array<{ stateMachineArn: string; type: string; executions: number; transitionsPerExecution: number | null; successRate: number | null; durationMs: { p50: number | null }; cost: { perMillionUsd: number | null; assumptions: { pricesSource: string } } }>;
}

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function shot(name: string, fullPage = true) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage });
}

let pair: [Machine, Machine];

beforeAll(async () => {
  server = await startSteplensServer({ demo: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  pair = await eventually(async () => {
    const { items } = await getJson<{ items: Machine[] }>('/api/state-machines');
    const standard = items.find((m) => m.name === 'iot-ingestion-standard');
    const express = items.find((m) => m.name === 'iot-ingestion');
    return standard && express ? ([standard, express] as [Machine, Machine]) : null;
  });
  // Both machines have finished executions with durations in the last hour.
  await eventually(async () => {
    const params = new URLSearchParams({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });
    for (const m of pair) params.append('stateMachineArn', m.stateMachineArn);
    const answer = await getJson<CompareAnswer>(`/api/compare?${params}`);
    return answer.items.every((item) => item.executions >= 3 && item.durationMs.p50 !== null && item.successRate !== null) ? true : null;
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/compare over the live demo', () => {
  it('preselects the Standard/Express pair and shows both machines’ rates, percentiles, costs and charts', async () => {
    await page.goto(`${server.baseUrl}/compare?range=1h`);
    // The preselection lands in the URL, Standard first.
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).searchParams.getAll('stateMachineArn'))).toEqual(pair.map((m) => m.stateMachineArn));
    const table = page.locator('[data-testid="compare-table"]');
    await table.waitFor();
    expect(await page.locator('[data-testid="compare-machine-head"]').allTextContents()).toEqual(pair.map((m) => m.name));
    const cells = async (row: string) => page.locator(`[data-testid="compare-row-${row}"] td`).allTextContents();
    expect(await cells('type')).toEqual(['STANDARD', 'EXPRESS']);
    for (const row of ['success-rate', 'p50', 'p95', 'p99', 'throughput-mean', 'cost-execution', 'cost-million', 'cost-window']) {
      const values = await cells(row);
      expect(values, row).toHaveLength(2);
      for (const value of values) expect(value, row).not.toBe('—');
    }
    expect((await cells('success-rate')).every((v) => / %$/.test(v))).toBe(true);
    expect((await cells('cost-million')).every((v) => v.startsWith('$'))).toBe(true);
    expect((await cells('whatif-million'))[0]).toContain('as EXPRESS');
    expect((await cells('whatif-million'))[1]).toContain('as STANDARD');

    // The costs shown are the API's for the same window (refetched: the demo keeps running).
    const params = new URLSearchParams(await page.evaluate(() => window.location.search));
    const answer = await getJson<CompareAnswer>(`/api/compare?${new URLSearchParams([...params.getAll('stateMachineArn').map((a) => ['stateMachineArn', a]), ['from', new Date(Date.now() - 3_600_000).toISOString()], ['to', new Date().toISOString()]])}`);
    expect(answer.items.map((i) => i.type)).toEqual(['STANDARD', 'EXPRESS']);
    // Standard pays per transition, Express per request and GB-s: a short IoT run costs far less as Express.
    const [standard, express] = answer.items;
    expect(standard?.cost.perMillionUsd).toBeGreaterThan(express?.cost.perMillionUsd ?? Infinity);
    // The page's transitions per execution are the API's (a moment apart: the mean may have moved a little).
    expect(Math.abs(Number((await cells('transitions'))[0]) - (standard?.transitionsPerExecution ?? NaN))).toBeLessThan(0.5);

    // The charts are Recharts SVG with one series per machine.
    for (const chart of ['compare-distribution', 'compare-percentiles', 'compare-costs']) {
      await page.locator(`[data-testid="${chart}"] svg.recharts-surface`).first().waitFor();
    }
    expect(await page.locator('[data-testid="compare-distribution"] .recharts-line').count()).toBe(2);
    expect(await page.locator('[data-testid="compare-percentiles"] .recharts-bar').count()).toBe(2);
    // The assumptions are on the page, with the prices' source.
    const assumptions = page.locator('[data-testid="compare-assumptions"]');
    expect(await assumptions.textContent()).toContain(standard?.cost.assumptions.pricesSource ?? 'missing');
    expect(await assumptions.textContent()).toContain('the free tier is not deducted');
    await shot('compare-demo');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('names a bad window and an unknown machine instead of drawing nothing', async () => {
    await page.goto(`${server.baseUrl}/compare?stateMachineArn=${encodeURIComponent(pair[0].stateMachineArn)}&stateMachineArn=${encodeURIComponent(pair[1].stateMachineArn)}&range=custom&from=yesterday`);
    const error = page.locator('[data-testid="compare-error"]');
    await error.waitFor();
    expect(await error.textContent()).toContain('from');
    const unknown = pair[0].stateMachineArn.replace(/:[^:]+$/, ':no-such-machine');
    await page.goto(`${server.baseUrl}/compare?stateMachineArn=${encodeURIComponent(unknown)}&stateMachineArn=${encodeURIComponent(pair[1].stateMachineArn)}`);
    await error.waitFor();
    expect(await error.textContent()).toContain('no-such-machine');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
