// Visual check of <WorkflowGraph>: server-rendered SVG for corpus executions and the generated
// 200-state definition, opened in Debian's Chromium. Asserts the data-status attributes and that
// every label fits its box in the real font; writes tests/artifacts/graph/*.html and
// tests/artifacts/screenshots/graph-*.png for a person to look at.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowGraph } from '../../../components/graph/workflow-graph.tsx';
import { buildGraph } from '../../../lib/graph/build-graph.ts';
import { graphOverlay } from '../../../lib/graph/graph-overlay.ts';
import { layoutGraph } from '../../../lib/graph/layout-graph.ts';
import type { ExecutionGraph, GraphDirection, GraphOverlay } from '../../../lib/graph/types.ts';
import { analyzeHistory } from '../../../lib/history/index.ts';
import type { StateRun, StateRunStatus } from '../../../lib/history/types.ts';
import { launchChromium, screenshotDir } from '../../helpers/browser.ts';
import { repoRoot } from '../../helpers/run-steplens.ts';
import { generateDefinition } from '../../fixtures/graph/generate-definition.ts';
import { corpusFile } from './corpus-definitions.ts';

const artifactDir = join(repoRoot, 'tests', 'artifacts', 'graph');
const css = ['app/globals.css', 'components/graph/workflow-graph.css'].map((f) => readFileSync(join(repoRoot, f), 'utf8')).join('\n');

function page(title: string, graph: ExecutionGraph, overlay: GraphOverlay | null, direction: GraphDirection, selected: string | null, height: number): string {
  const layout = layoutGraph(graph, { direction });
  const markup = renderToStaticMarkup(
    createElement(WorkflowGraph, { graph, layout, overlay, direction, selectedStateName: selected, height, onSelect: () => undefined, onDirectionChange: () => undefined }),
  );
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title.replace(/[<&]/g, '')}</title><style>${css}\nbody{padding:12px}</style></head><body>${markup}</body></html>`;
}

let browser: Browser;
let tab: Page;

beforeAll(async () => {
  mkdirSync(artifactDir, { recursive: true });
  browser = await launchChromium();
  tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(name: string, html: string, dark = false): Promise<void> {
  const file = join(artifactDir, `${name}.html`);
  writeFileSync(file, html);
  await tab.emulateMedia({ colorScheme: dark ? 'dark' : 'light' });
  await tab.goto(`file://${file}`);
}

/** Labels whose rendered width exceeds their box (real font metrics), as readable strings. */
async function overflowingLabels(): Promise<string[]> {
  return tab.evaluate(() => {
    const out: string[] = [];
    for (const g of Array.from(document.querySelectorAll('g.wg-leaf'))) {
      const box = g.querySelector('rect.wg-box');
      const width = box ? Number(box.getAttribute('width')) : 0;
      for (const t of Array.from(g.querySelectorAll(':scope > text'))) {
        const len = (t as SVGTextElement).getComputedTextLength();
        if (30 + len > width - 2) out.push(`${g.getAttribute('data-state-name')}: "${t.textContent}" ${len.toFixed(0)} > ${width - 32}`);
      }
    }
    for (const g of Array.from(document.querySelectorAll('g.wg-container'))) {
      const box = g.querySelector('rect.wg-box');
      const width = box ? Number(box.getAttribute('width')) : 0;
      const t = g.querySelector(':scope > text.wg-name') as SVGTextElement | null;
      const len = t ? t.getComputedTextLength() : 0;
      if (30 + len > width - 2) out.push(`container ${g.getAttribute('data-state-name')}: ${len.toFixed(0)} > ${width - 32}`);
    }
    for (const g of Array.from(document.querySelectorAll('g.wg-edge-label'))) {
      const rect = g.querySelector('rect');
      const t = g.querySelector('text') as SVGTextElement | null;
      const w = rect ? Number(rect.getAttribute('width')) : 0;
      const len = t ? t.getComputedTextLength() : 0;
      if (len > w) out.push(`edge label "${t?.textContent}": ${len.toFixed(0)} > ${w}`);
    }
    return out;
  });
}

const statuses = () => tab.$$eval('[data-state-name]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-node-id'), e.getAttribute('data-status')])));

describe('<WorkflowGraph> in Chromium', () => {
  it('draws a Parallel with a caught branch failure', async () => {
    const record = corpusFile('scenarios.test_base_scenarios__TestBaseScenarios.test_parallel_state_catch__0.json');
    const graph = buildGraph(record.definition);
    const overlay = graphOverlay(graph, analyzeHistory(record).runs);
    await open('parallel-catch', page('parallel catch', graph, overlay, 'TB', null, 520));
    const s = await statuses();
    expect(Object.values(s)).toContain('CAUGHT');
    expect(Object.values(s)).toContain('FAILED');
    expect(await tab.locator('[data-edge-kind="catch"]').count()).toBeGreaterThan(0);
    expect(await overflowingLabels()).toEqual([]);
    await tab.screenshot({ path: join(screenshotDir, 'graph-parallel-catch.png'), fullPage: true });
  });

  it('draws a Map whose iterations failed after retries, with a selected iteration', async () => {
    const record = corpusFile('test_error_output__TestStateVariablesTemplate.test_map_catch_error-MAP_CATCH_ERROR_OUTPUT_WITH_RETRY__0.json');
    const graph = buildGraph(record.definition);
    const runs = analyzeHistory(record).runs;
    await open('map-retry', page('map retry', graph, graphOverlay(graph, runs), 'LR', null, 420));
    const s = await statuses();
    const mapNode = Object.values(graph.nodes).find((n) => n.stateType === 'Map');
    expect(mapNode).toBeDefined();
    expect(Object.values(s)).toContain('FAILED');
    expect(await tab.locator('.wg-badge-retry').count()).toBeGreaterThan(0);
    expect(await overflowingLabels()).toEqual([]);
    await tab.screenshot({ path: join(screenshotDir, 'graph-map-retry.png'), fullPage: true });
  });

  it('draws Choice rules and a caught Lambda error in dark mode', async () => {
    const choice = corpusFile('scenarios.test_base_scenarios__TestBaseScenarios.test_choice_aws_docs_scenario-CHOICE_STATE_AWS_SCENARIO__0.json');
    const graph = buildGraph(choice.definition);
    const overlay = graphOverlay(graph, analyzeHistory(choice).runs);
    await open('choice', page('choice', graph, overlay, 'TB', null, 520), true);
    expect(await tab.locator('[data-edge-kind="choice"]').count()).toBeGreaterThan(1);
    expect(await tab.locator('[data-edge-kind="default"]').count()).toBe(1);
    expect(Object.values(await statuses())).toContain('SUCCEEDED');
    expect(Object.values(await statuses())).toContain('NOT_STARTED');
    expect(await overflowingLabels()).toEqual([]);
    await tab.screenshot({ path: join(screenshotDir, 'graph-choice-dark.png'), fullPage: true });
  });

  it('draws the generated 200-state definition with every status, hostile names as text', async () => {
    const def = generateDefinition(200);
    const hostile = '<img src=x onerror="window.__pwned=1">';
    (def.States as Record<string, Record<string, unknown>>)['Validate 1'] = { ...def.States['Validate 1'], Comment: hostile };
    // An unreachable state with a hostile name (replaces "Give up", keeping 200 states).
    def.States[`${hostile}<script>window.__pwned=2</script>`] = def.States['Give up'] as Record<string, unknown>;
    delete def.States['Give up'];
    const graph = buildGraph(def);
    const order: StateRunStatus[] = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CAUGHT', 'RUNNING', 'ABORTED'];
    const runs: StateRun[] = graph.nodeOrder
      .map((id) => graph.nodes[id])
      .filter((n) => n !== undefined && n.kind === 'state' && n.depth < 2)
      .slice(0, 120)
      .map((n, i) => ({
        stateName: n?.stateName ?? '',
        stateType: n?.stateType ?? 'Task',
        status: order[i % order.length] as StateRunStatus,
        attempts: i % 5 === 0 ? 3 : 1,
        mapIndex: [],
        enteredEventId: i,
        exitedEventId: i + 1,
        durationMs: 37 * i,
        error: null,
        cause: null,
      }));
    const overlay = graphOverlay(graph, runs);
    await open('generated-200', page('generated', graph, overlay, 'TB', 'Charge 1', 860));
    const s = await statuses();
    expect(Object.keys(s)).toHaveLength(200);
    for (const st of ['SUCCEEDED', 'FAILED', 'CAUGHT', 'RUNNING', 'ABORTED', 'NOT_STARTED']) expect(Object.values(s)).toContain(st);
    expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await tab.locator('img, script').count()).toBe(0);
    expect(await tab.locator(`[data-state-name="${hostile.replace(/"/g, '\\"')}<script>window.__pwned=2</script>"]`).count()).toBe(1);
    expect(await overflowingLabels()).toEqual([]);
    await tab.screenshot({ path: join(screenshotDir, 'graph-generated-200-fit.png') });
    // At 1:1 scale: the top of the graph, as a person reads it after zooming in.
    await tab.evaluate(() => {
      const svg = document.querySelector('svg.wg-svg') as SVGSVGElement;
      svg.style.width = `${svg.viewBox.baseVal.width}px`;
      svg.style.height = `${svg.viewBox.baseVal.height}px`;
    });
    await tab.setViewportSize({ width: 2600, height: 1400 });
    await tab.screenshot({ path: join(screenshotDir, 'graph-generated-200-detail.png'), clip: { x: 0, y: 0, width: 2600, height: 1400 } });
    await tab.setViewportSize({ width: 1280, height: 900 });
  });
});

describe('<WorkflowGraph> interactive (client bundle)', () => {
  it('zooms, selects, toggles direction and exports SVG and PNG', async () => {
    const { build } = await import('esbuild');
    await build({
      entryPoints: [join(repoRoot, 'tests', 'unit', 'graph', 'interactive-entry.tsx')],
      bundle: true,
      format: 'iife',
      outdir: artifactDir,
      entryNames: 'interactive',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      tsconfig: join(repoRoot, 'tsconfig.json'),
      logLevel: 'silent',
    });
    const def = generateDefinition(200);
    const runs: StateRun[] = [{ stateName: 'Validate 1', stateType: 'Task', status: 'FAILED', attempts: 3, mapIndex: [], enteredEventId: 1, exitedEventId: 2, durationMs: 1234, error: 'Boom', cause: null }];
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>${readFileSync(join(repoRoot, 'app/globals.css'), 'utf8')}\nbody{padding:12px}</style><link rel="stylesheet" href="interactive.css"></head>
<body><div id="root"></div><script>window.__graphInput = ${JSON.stringify({ definition: def, runs }).replace(/</g, '\\u003c')};</script><script src="interactive.js"></script></body></html>`;
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await open('interactive', html);
    const node = tab.locator('[data-state-name="Validate 1"]');
    await node.waitFor();
    expect(await node.getAttribute('data-status')).toBe('FAILED');
    // A 200-state graph starts zoomed to a readable scale at its start, not fitted.
    const layer = tab.locator('[data-zoom-layer]');
    const initial = await layer.getAttribute('transform');
    expect(initial).toMatch(/scale\(/);
    expect((await node.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await tab.screenshot({ path: join(screenshotDir, 'graph-interactive-initial.png') });

    await node.click();
    expect(await tab.evaluate(() => window.__selected)).toEqual(['Validate 1']);
    expect(await node.getAttribute('class')).toContain('wg-selected');
    await node.focus();
    await tab.keyboard.press('Enter');
    expect(await tab.evaluate(() => window.__selected)).toHaveLength(2);

    await tab.getByRole('button', { name: 'Zoom in' }).click();
    await tab.waitForTimeout(300);
    expect(await layer.getAttribute('transform')).not.toBe(initial);
    await tab.getByRole('button', { name: 'Fit' }).click();
    await tab.waitForTimeout(400);
    expect(await layer.getAttribute('transform')).toBe('translate(0,0) scale(1)');

    await tab.locator('[data-action="toggle-direction"]').click();
    await expect.poll(() => tab.locator('.wg').getAttribute('data-direction')).toBe('LR');
    await tab.waitForTimeout(300);
    await tab.screenshot({ path: join(screenshotDir, 'graph-interactive-lr.png') });

    const [svgDownload] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'SVG' }).click()]);
    const svgPath = join(artifactDir, 'export.svg');
    await svgDownload.saveAs(svgPath);
    const svgText = readFileSync(svgPath, 'utf8');
    expect(svgText).toContain('Validate 1');
    expect(svgText).not.toContain('var(--');
    expect(svgText).not.toContain('class=');
    const [pngDownload] = await Promise.all([tab.waitForEvent('download'), tab.getByRole('button', { name: 'PNG' }).click()]);
    const pngPath = join(screenshotDir, 'graph-export.png');
    await pngDownload.saveAs(pngPath);
    expect(readFileSync(pngPath).subarray(1, 4).toString()).toBe('PNG');
    expect(errors).toEqual([]);
  });
});
