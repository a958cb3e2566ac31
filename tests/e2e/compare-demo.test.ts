import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonDeltaChanges, type JsonDiff } from '../../lib/metrics/index.ts';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// Comparison pages over the live demo (emulator + poller): /compare opened with no selection
// preselects the demo's one workflow deployed as both types (iot-ingestion-standard, then
// iot-ingestion) and shows both machines' rates, percentiles and costs with the charts drawn; a
// failed demo execution's "Compare with last success" opens the execution diff, which marks where
// the paths part on the graph and lists the JSON differences the API reports.

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

interface ExecutionItem {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
}

interface DiffAnswer {
  a: { executionArn: string };
  b: { executionArn: string; status: string };
  firstDivergence: { stateName: string } | null;
  states: Array<{ stateName: string; taken: string }>;
  input: JsonDiff;
  output: JsonDiff;
}

describe('/executions/diff over the live demo', () => {
  it('a failed execution against its last success: the divergence on the graph and the JSON differences', async () => {
    // Any demo execution that failed in a state, of a machine that also has a success before it.
    const failed = await eventually(async () => {
      const { items } = await getJson<{ items: ExecutionItem[] }>('/api/executions?status=FAILED&limit=50');
      for (const item of items) {
        const { items: ok } = await getJson<{ items: ExecutionItem[] }>(`/api/executions?${new URLSearchParams({ stateMachineArn: item.stateMachineArn, status: 'SUCCEEDED', limit: '1' })}`);
        if (ok.length > 0) return item;
      }
      return null;
    });
    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(failed.executionArn)}`);
    await page.locator('[data-testid="compare-last-success"]').click();
    await page.locator('[data-testid="execution-diff"]').waitFor();
    const params = new URL(page.url()).searchParams;
    expect(params.get('a')).toBe(failed.executionArn);
    const b = params.get('b');
    expect(b).toBeTruthy();
    const answer = await getJson<DiffAnswer>(`/api/executions/diff?${new URLSearchParams({ a: failed.executionArn, b: b ?? '' })}`);
    expect(answer.b.status).toBe('SUCCEEDED');
    // A failed and a success part somewhere: the banner and the graph name the same state.
    const parting = answer.firstDivergence?.stateName;
    expect(parting).toBeTruthy();
    expect(await page.locator('[data-testid="diff-divergence"]').getAttribute('data-state-name')).toBe(parting);
    const node = page.locator(`[data-testid="diff-graph"] g[data-state-name="${parting}"]`).first();
    expect(await node.getAttribute('data-heat')).toMatch(/ diverge$/);
    // Every state either took is painted with who took it, as the API says.
    for (const state of answer.states) {
      const painted = page.locator(`[data-testid="diff-graph"] g.wg-node[data-state-name="${state.stateName}"]`);
      if ((await painted.count()) === 0) continue; // a state inside a Map drawn once per scope is checked below
      expect((await painted.first().getAttribute('data-heat'))?.split(' ')[0], state.stateName).toBe(state.taken);
    }
    expect(await page.locator('[data-testid="diff-states"] tbody tr').count()).toBe(answer.states.length);
    // The JSON differences of the executions' inputs and outputs are the API's, change for change.
    for (const [testId, delta] of [['diff-input', answer.input], ['diff-output', answer.output]] as const) {
      const { changes, omitted } = jsonDeltaChanges(delta);
      expect(Number(await page.locator(`[data-testid="${testId}"]`).getAttribute('data-changes')), testId).toBe(changes.length + omitted);
      expect(await page.locator(`[data-testid="${testId}"] tr.xd-change`).count(), testId).toBe(changes.length);
    }
    // The failed run has no output and the success has one: the output differs at the root.
    expect(await page.locator('[data-testid="diff-output"] tr.xd-change').count()).toBeGreaterThan(0);
    // The parting state's panel is open with its paired runs.
    const panel = page.locator('[data-testid="diff-state-panel"]');
    expect(await panel.getAttribute('data-state-name')).toBe(parting);
    expect(await panel.locator('[data-testid="diff-run-pair"]').count()).toBeGreaterThan(0);
    await shot('execution-diff-demo');
    // Clicking another state in the table opens its panel.
    const other = answer.states.find((s) => s.stateName !== parting);
    if (other) {
      await page.locator(`[data-testid="diff-states"] tr[data-state-name="${other.stateName}"] button`).click();
      await expect.poll(() => panel.getAttribute('data-state-name')).toBe(other.stateName);
    }
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('"Compare with…" offers the machine\'s executions; an unknown B is named', async () => {
    const { items } = await getJson<{ items: ExecutionItem[] }>('/api/executions?limit=1');
    const a = items[0];
    expect(a).toBeDefined();
    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(a?.executionArn ?? '')}`);
    await page.locator('[data-testid="compare-with"]').click();
    await page.locator('[data-testid="diff-picker"]').waitFor();
    const candidate = page.locator('[data-testid="diff-candidates"] a').first();
    await candidate.waitFor();
    await candidate.click();
    await page.locator('[data-testid="execution-diff"]').waitFor();
    expect(new URL(page.url()).searchParams.get('a')).toBe(a?.executionArn);
    // Executions of two state machines: each definition gets its graph, states matched by name.
    const other = await eventually(async () => {
      const { items: all } = await getJson<{ items: ExecutionItem[] }>('/api/executions?limit=100');
      return all.find((item) => item.stateMachineArn !== a?.stateMachineArn) ?? null;
    });
    await page.goto(`${server.baseUrl}/executions/diff?${new URLSearchParams({ a: a?.executionArn ?? '', b: other.executionArn })}`);
    await page.locator('[data-testid="execution-diff"]').waitFor();
    expect(await page.locator('[data-testid="diff-graph"]').count()).toBe(2);
    expect(await page.locator('[data-testid="diff-graph"] figcaption').allTextContents()).toEqual([expect.stringContaining("A's definition"), expect.stringContaining("B's definition")]);
    const missing = `${a?.executionArn ?? ''}-no-such-execution`;
    await page.goto(`${server.baseUrl}/executions/diff?${new URLSearchParams({ a: a?.executionArn ?? '', b: missing })}`);
    expect(await page.locator('[data-testid="diff-picker"] [role="alert"]').textContent()).toContain(`Execution B not found: ${missing}`);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
