import { join } from 'node:path';
import { DescribeStateMachineCommand, SFNClient, UpdateStateMachineCommand } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// The state machine health page over the live demo (emulator + poller): the heatmap paints the
// state with the highest failure rate in the worst colour and the legend says so; a state's panel
// draws its charts and links its runs to the execution at that state; the trends draw, a drag sets
// a custom window; a definition update on the emulator shows up as a deploy marker.
//
// order-fulfilment is the machine under test: the demo starts one every ~2 s, with failures
// (its Fail states fail on every run), caught errors and retries, so a window fills in a minute.

let server: RunningServer;
let browser: Browser;
let page: Page;
let machineArn: string;
const pageErrors: string[] = [];

interface StateStatsItem {
  stateName: string;
  runs: number;
  failed: number;
  caught: number;
}

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 150_000): Promise<T> {
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

const api = (rest: string) => `/api/state-machines/${encodeURIComponent(machineArn)}${rest}`;
const lastHour = () => `from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`;
const healthUrl = (query = 'window=1h') => `${server.baseUrl}/state-machines/${encodeURIComponent(machineArn)}?${query}`;

async function shot(name: string, fullPage = true) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
  await page.screenshot({ path: `/tmp/${name}.png`, fullPage });
}

beforeAll(async () => {
  server = await startSteplensServer({ demo: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  machineArn = await eventually(async () => {
    const { items } = await getJson<{ items: Array<{ stateMachineArn: string; name: string }> }>('/api/state-machines');
    return items.find((m) => m.name === 'order-fulfilment')?.stateMachineArn;
  });
  // Enough finished executions that a Fail state and a caught error are in the window.
  await eventually(async () => {
    const stats = await getJson<{ items: StateStatsItem[] }>(api(`/states?${lastHour()}`));
    const failing = stats.items.some((s) => s.failed > 0);
    const caught = stats.items.some((s) => s.caught > 0);
    return failing && caught && stats.items.reduce((n, s) => n + s.runs, 0) > 60 ? true : null;
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('state machine health page over the live demo', () => {
  it('paints the state with the highest failure rate in the worst colour, and the legend explains the scale', async () => {
    await page.goto(healthUrl());
    const graph = page.locator('[data-testid="heat-graph"]');
    await expect.poll(() => graph.locator('g.wg-node[data-heat]').count()).toBeGreaterThan(5);
    // The figures the page painted: the legend names its worst state; the API agrees that no
    // state's failure rate is above it.
    const legend = page.locator('[data-testid="heat-legend"]');
    expect(await legend.getAttribute('data-metric')).toBe('failureRate');
    await expect.poll(() => legend.textContent()).toMatch(/Worst: \S+ \(/);
    const worst = /Worst: (\S+) \(/.exec((await legend.textContent()) ?? '')?.[1] as string;
    const stats = await getJson<{ items: StateStatsItem[] }>(api(`/states?${lastHour()}`));
    const rate = (s: StateStatsItem) => s.failed / s.runs;
    const highest = Math.max(...stats.items.map(rate));
    const worstStats = stats.items.find((s) => s.stateName === worst) as StateStatsItem;
    expect(rate(worstStats)).toBe(highest);

    const worstNode = graph.locator(`g.wg-node[data-state-name="${worst}"]`).first();
    expect(await worstNode.getAttribute('data-heat')).toBe('4');
    expect(await worstNode.getAttribute('class')).toContain('sm-heat-risk-4');
    expect(await worstNode.locator('.wg-badge-heat text').textContent()).toMatch(/%$/);
    // Its colour is the legend's last step, and a state that never fails is in the first one.
    const fill = (selector: string) => page.locator(selector).first().evaluate((el) => getComputedStyle(el).borderColor || getComputedStyle(el).stroke);
    const nodeStroke = await worstNode.locator('rect.wg-box').evaluate((el) => getComputedStyle(el).stroke);
    expect(nodeStroke).toBe(await fill('[data-testid="heat-legend"] li[data-legend-level="4"] .sm-swatch'));
    const calm = stats.items.find((s) => s.failed === 0 && s.runs > 0) as StateStatsItem;
    expect(await graph.locator(`g.wg-node[data-state-name="${calm.stateName}"]`).first().getAttribute('data-heat')).toBe('0');
    const legendText = (await legend.textContent()) ?? '';
    expect(legendText).toContain('Failure rate');
    expect(legendText).toContain('calm (green) to worst (red)');
    expect(legendText).toContain('no runs in the window');
    expect(await legend.locator('li[data-legend-level]').count()).toBe(7);

    // Another metric repaints the nodes: the retried-run rate's worst is a retried Task.
    await page.selectOption('[data-testid="metric-picker"]', 'p95');
    await expect.poll(() => legend.getAttribute('data-metric')).toBe('p95');
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).searchParams.get('metric'))).toBe('p95');
    expect(await legend.textContent()).toContain('(log scale)');
    await page.selectOption('[data-testid="metric-picker"]', 'failureRate');
    await expect.poll(() => legend.getAttribute('data-metric')).toBe('failureRate');
    await shot('state-machine-health-heatmap');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('state-machine-health-heatmap-dark', false);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('opens a state’s panel: its charts draw and its runs link to the execution at that state', async () => {
    const stats = await getJson<{ items: StateStatsItem[] }>(api(`/states?${lastHour()}`));
    // A Task with caught errors: it has errors, slow runs and (with the Fail states) a rich panel.
    const state = [...stats.items].sort((a, b) => b.caught - a.caught)[0] as StateStatsItem;
    await page.goto(healthUrl());
    await page.locator(`[data-testid="heat-graph"] g.wg-node[data-state-name="${state.stateName}"]`).first().click();
    const panel = page.locator('[data-testid="state-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe(state.stateName);
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).searchParams.get('state'))).toBe(state.stateName);
    await expect.poll(() => panel.locator('[data-testid="state-runs-chart"] svg.recharts-surface .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await expect.poll(() => panel.locator('[data-testid="state-histogram"] svg.recharts-surface .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await panel.locator('[data-testid="state-errors"] li').count()).toBeGreaterThan(0);
    const links = panel.locator('[data-testid="state-slowest"] a[data-testid="run-link"]');
    expect(await links.count()).toBeGreaterThan(0);
    const href = (await links.first().getAttribute('href')) as string;
    expect(href).toMatch(new RegExp(`^/executions/arn%3A[^?]+\\?state=${encodeURIComponent(state.stateName)}&run=\\d+`));
    await shot('state-machine-health-panel');

    await links.first().click();
    await page.waitForURL(/\/executions\/arn%3A/);
    const stepPanel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => stepPanel.getAttribute('data-state-name')).toBe(state.stateName);

    // A state that fails: its most recent failed runs, newest first, open the execution at that
    // run, whose step panel shows the FAILED run.
    const failing = [...stats.items].sort((a, b) => b.failed - a.failed)[0] as StateStatsItem;
    await page.goto(healthUrl(`window=1h&state=${encodeURIComponent(failing.stateName)}`));
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe(failing.stateName);
    const failedLinks = panel.locator('[data-testid="state-recent-failures"] a[data-testid="run-link"]');
    await expect.poll(() => failedLinks.count()).toBeGreaterThan(0);
    expect(await panel.locator('[data-testid="state-recent-failures"] [data-status="FAILED"]').count()).toBe(await failedLinks.count());
    await failedLinks.first().click();
    await page.waitForURL(/\/executions\/arn%3A/);
    await expect.poll(() => stepPanel.getAttribute('data-state-name')).toBe(failing.stateName);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('draws the trends and a drag across a chart sets a custom window', async () => {
    await page.goto(healthUrl());
    const volume = page.locator('[data-testid="trend-executions"]');
    await expect.poll(() => volume.locator('svg.recharts-surface .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid="trend-durations"] svg.recharts-surface .recharts-line-curve').count()).toBe(3);
    await expect.poll(() => page.locator('[data-testid="trend-success"] svg.recharts-surface .recharts-line-curve').count()).toBe(1);
    await page.locator('[data-testid="trends"]').scrollIntoViewIfNeeded();
    await shot('state-machine-health-trends', false);

    // The plot area (the grid), not the legend's little icons, which are svg.recharts-surface too.
    const box = (await volume.locator('.recharts-cartesian-grid').first().boundingBox()) as { x: number; y: number; width: number; height: number };
    const y = box.y + box.height * 0.5;
    await page.mouse.move(box.x + box.width * 0.2, y, { steps: 4 });
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.97, y, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).searchParams.get('window'))).toBe('custom');
    const params = await page.evaluate(() => Object.fromEntries(new URL(window.location.href).searchParams));
    expect(Date.parse(params.wfrom as string)).toBeLessThan(Date.parse(params.wto as string));
    await expect.poll(() => page.locator('[data-testid="window-summary"]').textContent()).toContain((params.wfrom as string).slice(11, 16));
    expect(await page.inputValue('[data-testid="custom-from"]')).toBe((params.wfrom as string).replace('.000Z', 'Z'));
    // A custom window typed in: the API's refusal names the field.
    await page.fill('[data-testid="custom-to"]', 'yesterday');
    await page.click('[data-testid="window-picker"] button:text("Apply")');
    await expect.poll(() => page.locator('[data-testid="state-machine-health"] p.sm-error[role="alert"]').textContent()).toContain('to: must be an ISO-8601 date');
    expect(await page.inputValue('[data-testid="custom-to"]')).toBe('yesterday');
    await page.locator('[data-testid="window-picker"]').scrollIntoViewIfNeeded();
    await shot('state-machine-health-custom', false);

    // The last N executions: the API resolves the window, the page says how many it holds.
    await page.fill('[data-testid="last-n"]', '12');
    await page.click('button[data-window="last"]');
    await expect.poll(() => page.evaluate(() => new URL(window.location.href).search)).toContain('window=last&last=12');
    await expect.poll(() => page.locator('[data-testid="window-summary"]').textContent()).toContain('12 executions started');
    expect(await page.locator('button[data-window="last"]').getAttribute('aria-pressed')).toBe('true');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('paints the states inside sales-etl’s inline Map with their own figures', async () => {
    // sales-etl starts about once a minute: wait for a finished one, with its Map iterations.
    const etlArn = await eventually(async () => {
      const { items } = await getJson<{ items: Array<{ stateMachineArn: string; name: string }> }>('/api/state-machines');
      const arn = items.find((m) => m.name === 'sales-etl')?.stateMachineArn;
      if (!arn) return null;
      const stats = await getJson<{ items: StateStatsItem[] }>(`/api/state-machines/${encodeURIComponent(arn)}/states?${lastHour()}`);
      const transform = stats.items.find((s) => s.stateName === 'TransformRecord');
      const extract = stats.items.find((s) => s.stateName === 'ExtractBatch');
      return transform && extract && transform.runs > (extract?.runs ?? 0) ? arn : null;
    }, 240_000);
    await page.goto(`${server.baseUrl}/state-machines/${encodeURIComponent(etlArn)}?window=1h&metric=runs`);
    const graph = page.locator('[data-testid="heat-graph"]');
    const node = (name: string) => graph.locator(`g[data-state-name="${name}"]`).first();
    await expect.poll(() => node('TransformRecord').getAttribute('data-heat')).toBeTruthy();
    // One entry per Map iteration: the inline Map's task ran more often than the one before it,
    // so on the runs scale it is the darkest node.
    expect(await node('TransformRecord').getAttribute('data-heat')).toBe('4');
    expect(Number(await node('ExtractBatch').getAttribute('data-heat'))).toBeLessThan(4);
    // The Distributed Map's children are Express executions of their own: no runs here.
    expect(await node('LoadPartition').getAttribute('data-heat')).toBe('no-runs');
    await shot('state-machine-health-sales-etl', false);
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('lists the machine’s failure clusters of the window under the trends', async () => {
    // A machine with a failure in the last hour, and that cluster as the API answers it.
    const cluster = await eventually(async () => {
      const { items } = await getJson<{ items: Array<{ id: string; stateMachineArn: string; stateName: string; count: number }> }>(`/api/failure-clusters?${lastHour()}`);
      return items[0] ?? null;
    }, 240_000);
    await page.goto(`${server.baseUrl}/state-machines/${encodeURIComponent(cluster.stateMachineArn)}?window=1h`);
    const section = page.locator('[data-testid="health-failures"]');
    const card = section.locator(`[data-testid="failure-cluster"][data-cluster-id="${cluster.id}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain(cluster.stateName);
    // Only this machine's clusters: the machine's own API answer has as many.
    const own = await getJson<{ items: unknown[] }>(`/api/failure-clusters?stateMachineArn=${encodeURIComponent(cluster.stateMachineArn)}&${lastHour()}`);
    await expect.poll(() => section.locator('[data-testid="failure-cluster"]').count()).toBe(own.items.length);
    await section.scrollIntoViewIfNeeded();
    await shot('state-machine-health-failures', false);
    // The demo never has enough executions for the rollups; an answer marked approximate (as a
    // window of more than 2,000 gets) is said so under the legend, with the bound.
    expect(await page.locator('[data-testid="overlay-approximate"]').count()).toBe(0);
    await page.route('**/api/state-machines/*/states?*', async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), approximate: true } });
    });
    await page.reload();
    const note = page.locator('[data-testid="overlay-approximate"]');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/durations \(p50\/p95\/p99\/max\) are estimates within 6\.1 %/);
    await page.unroute('**/api/state-machines/*/states?*');
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('marks a deploy on the trends after a definition update on the emulator', async () => {
    const sfn = new SFNClient({
      endpoint: `http://127.0.0.1:${server.env.STEPLENS_EMULATOR_PORT}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: machineArn }));
      const definition = JSON.parse(described.definition as string) as { StartAt: string; States: Record<string, unknown>; Comment?: string };
      // The deploy: an audit step in front of the workflow.
      const next = { ...definition, Comment: `${definition.Comment ?? ''} (with audit)`, StartAt: 'AuditOrder', States: { AuditOrder: { Type: 'Pass', Next: definition.StartAt }, ...definition.States } };
      const updated = await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: machineArn, definition: JSON.stringify(next) }));
      const revisionId = updated.revisionId as string;
      expect(revisionId).toBeTruthy();

      // New executions run the new revision; once the poller stored one, the series marks it.
      await eventually(async () => {
        const series = await getJson<{ revisions: Array<{ revisionId: string; firstSeen: string }> }>(api(`/series?${lastHour()}&bucket=1m`));
        return series.revisions.some((r) => r.revisionId === revisionId) ? true : null;
      });
      await page.goto(healthUrl());
      const markers = page.locator('[data-testid="deploy-markers"]');
      await expect.poll(() => markers.getAttribute('data-revisions'), { timeout: 60_000 }).toContain(revisionId);
      expect(await markers.textContent()).toContain(revisionId.slice(0, 8));
      const count = Number(await markers.getAttribute('data-count'));
      for (const chart of ['trend-executions', 'trend-durations', 'trend-success']) {
        await expect.poll(() => page.locator(`[data-testid="${chart}"] .recharts-reference-line`).count()).toBe(count);
        // The line's label (Recharts draws it in its own layer) names the revision.
        expect(await page.locator(`[data-testid="${chart}"] svg text`, { hasText: `deploy` }).filter({ hasText: revisionId.slice(0, 8) }).count()).toBe(1);
      }
      // The page draws the machine's current definition, which the poller re-discovers every
      // minute: once it has, a reload shows the audit step on the graph, painted with its runs.
      await eventually(async () => {
        await page.goto(healthUrl());
        const audit = page.locator('[data-testid="heat-graph"] g.wg-node[data-state-name="AuditOrder"]');
        await page.locator('[data-testid="heat-graph"] g.wg-node[data-heat]').first().waitFor();
        return (await audit.count()) === 1 ? true : null;
      });
      await expect.poll(() => page.locator('[data-testid="heat-graph"] g.wg-node[data-state-name="AuditOrder"]').getAttribute('data-heat')).toBe('0');
      await page.locator('[data-testid="trends"]').scrollIntoViewIfNeeded();
      await shot('state-machine-health-deploy', false);
      await shot('state-machine-health-full');
    } finally {
      sfn.destroy();
    }
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
