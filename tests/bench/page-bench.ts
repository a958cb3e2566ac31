// Execution page figures for a stored execution with a 25,000-event history and a 200-state
// definition: API response time (GET /api/executions/{arn} and the first events page), graph
// layout time, and time until the page is interactive in Chromium (navigation start → hydrated
// with the graph drawn), and the step panel's opening: from the click on a graph node (the click
// event's timestamp, taken in the page) to the first frame painted after the panel entered the
// document (stepPanelOpenMs), with its payloads shown (stepPanelPayloadsMs), and the old figure
// navigation start → panel open (stepPanelSinceNavigationMs, which includes the page load).
// Targets: API ≤ 300 ms, layout ≤ 150 ms, interactive ≤ 1.5 s (first load ≤ 1.0 s), step panel
// ≤ 100 ms. Reported, never asserted.
// Cold figures: before each cold run the bench bumps the execution's updatedAt in the SQLite file
// (what a new poll does), which changes its version and so invalidates the server's per-execution
// caches (detail and event items); the browser page is always a fresh page (no HTTP cache).
// Run alone: `TZ=UTC npx tsx tests/bench/page-bench.ts`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { buildGraph } from '../../lib/graph/build-graph.ts';
import { clearLayoutMemo, layoutGraph } from '../../lib/graph/layout-graph.ts';
import { generateDefinition } from '../fixtures/graph/generate-definition.ts';
import { launchChromium } from '../helpers/browser.ts';
import { runSteplens } from '../helpers/run-steplens.ts';
import { startSteplensServer } from '../helpers/steplens-server.ts';
import { generateHistory } from './generate-history.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The generator's workflow (Prepare → ProcessItems Map → Summarize) followed by generated states: 200 in all. */
export function benchDefinition(): Record<string, unknown> {
  const rest = generateDefinition(192);
  const task = (next: string) => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3 }], Next: next });
  return {
    Comment: '25,000-event bench: 200 states',
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Next: 'ProcessItems' },
      ProcessItems: {
        Type: 'Map',
        MaxConcurrency: 40,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'Fetch',
          States: {
            Fetch: task('Validate'),
            Validate: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Enrich' }], Default: 'Enrich' },
            Enrich: task('Store'),
            Store: task('Done'),
            Done: { Type: 'Pass', End: true },
          },
        },
        Next: 'Summarize',
      },
      Summarize: { Type: 'Pass', Next: rest.StartAt },
      ...rest.States,
    },
  };
}

export async function runPageBench(options: { repetitions?: number } = {}): Promise<Record<string, number>> {
  const repetitions = options.repetitions ?? 5;
  const definition = benchDefinition();
  const history = generateHistory();
  const dir = mkdtempSync(join(tmpdir(), 'steplens-page-bench-'));
  const file = join(dir, 'bench-25k.json');
  writeFileSync(file, JSON.stringify({ definition, events: history.events }));
  const out: Record<string, number> = { events: history.events.length, states: Object.keys(JSON.stringify(definition).match(/"Type"/g) ?? []).length };

  // Layout in Node, cold (memo cleared), as the page computes it once per definition.
  const graph = buildGraph(definition);
  const layoutTimes: number[] = [];
  for (let i = 0; i < repetitions + 2; i++) {
    clearLayoutMemo();
    const t0 = performance.now();
    layoutGraph(buildGraph(definition), { direction: 'TB' });
    if (i >= 2) layoutTimes.push(performance.now() - t0);
  }
  out.graphNodes = Object.keys(graph.nodes).length;
  out.layoutMs = median(layoutTimes);

  const server = await startSteplensServer();
  try {
    const imported = await runSteplens(['import', file], { env: server.env });
    if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
    const list = (await (await fetch(`${server.baseUrl}/api/executions?limit=5`)).json()) as { items: Array<{ executionArn: string }> };
    const arn = list.items[0]?.executionArn;
    if (!arn) throw new Error('bench execution not stored');
    const detailUrl = `${server.baseUrl}/api/executions/${encodeURIComponent(arn)}`;

    // Invalidate the server's caches for the execution: a new updatedAt is a new version.
    const dbFile = (server.env.DATABASE_URL ?? '').replace(/^file:/, '');
    let bump = 0;
    const invalidate = () => {
      const db = new Database(dbFile);
      try {
        db.prepare('UPDATE "Execution" SET "updatedAt" = ? WHERE "executionArn" = ?').run(new Date(Date.UTC(2030, 0, 1) + ++bump).toISOString().replace('Z', '+00:00'), arn);
      } finally {
        db.close();
      }
    };

    const time = async (url: string) => {
      const t0 = performance.now();
      const response = await fetch(url);
      const body = await response.arrayBuffer();
      return { ms: performance.now() - t0, bytes: body.byteLength };
    };
    out.apiColdMs = (await time(detailUrl)).ms; // first read: events from the store + analysis (then cached by row version)
    const api: number[] = [];
    let bytes = 0;
    for (let i = 0; i < repetitions; i++) {
      const r = await time(detailUrl);
      api.push(r.ms);
      bytes = r.bytes;
    }
    out.apiMs = median(api);
    const apiCold: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      invalidate();
      apiCold.push((await time(detailUrl)).ms);
    }
    out.apiColdMedianMs = median(apiCold);
    out.apiKb = Math.round(bytes / 1024);
    const eventsPage: number[] = [];
    for (let i = 0; i < repetitions; i++) eventsPage.push((await time(`${detailUrl}/events?limit=5000`)).ms);
    out.eventsPageMs = median(eventsPage);

    const browser = await launchChromium();
    try {
      const pageUrl = `${server.baseUrl}/executions/${encodeURIComponent(arn)}`;
      const ready: number[] = [];
      const selectable: number[] = [];
      const panelOpen: number[] = [];
      const panelPayloads: number[] = [];
      const tableReady: number[] = [];
      const coldReady: number[] = [];
      const firstBytes: number[] = [];
      const htmlDone: number[] = [];
      for (let i = 0; i < repetitions + 1; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pageUrl, { waitUntil: 'commit' });
        await page.waitForFunction(() => document.documentElement?.dataset.executionReadyAt !== undefined && document.querySelector('[data-testid="graph-view"] g.wg-node') !== null, undefined, { timeout: 60_000, polling: 16 });
        const readyAt = Number(await page.evaluate(() => document.documentElement.dataset.executionReadyAt));
        // Where the time goes: the server's first byte and last byte of the HTML (navigation timing).
        const nav = (await page.evaluate(
          "(() => { const e = performance.getEntriesByType('navigation')[0]; return { firstByte: e ? e.responseStart : 0, lastByte: e ? e.responseEnd : 0 }; })()",
        )) as { firstByte: number; lastByte: number };
        if (i === 0) Object.assign(out, { firstLoadFirstByteMs: nav.firstByte, firstLoadHtmlDoneMs: nav.lastByte });
        else {
          firstBytes.push(nav.firstByte);
          htmlDone.push(nav.lastByte);
        }
        // In the page: the click's timestamp, when the panel entered the document, the first frame
        // after that (requestAnimationFrame, then a task: the frame has been produced), and when its
        // input was shown (no longer "loading…"). A string (evaluated through the DevTools protocol, so the
        // page's CSP does not apply), so that tsx's helpers (__name) stay out of it.
        await page.evaluate(`(() => {
          const w = window;
          document.addEventListener('click', (e) => { w.__benchClickAt = e.timeStamp; }, { capture: true, once: true });
          const observer = new MutationObserver(() => {
            const panel = document.querySelector('[data-testid="step-panel"]');
            if (!panel) return;
            if (w.__benchPanelAt === undefined) {
              w.__benchPanelAt = performance.now();
              requestAnimationFrame(() => setTimeout(() => { w.__benchPanelPaintAt = performance.now(); }, 0));
            }
            const input = panel.querySelector('[data-testid="step-input"]');
            if (w.__benchPayloadsAt === undefined && input && !/loading/.test(input.textContent || '')) {
              w.__benchPayloadsAt = performance.now();
              observer.disconnect();
            }
          });
          observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        })()`);
        await page.locator('[data-testid="graph-view"] g.wg-node[data-state-name="Store"]').click();
        await page.waitForSelector('[data-testid="step-panel"]', { timeout: 60_000 });
        await page.waitForFunction(() => {
          const w = window as unknown as { __benchPanelPaintAt?: number; __benchPayloadsAt?: number };
          return w.__benchPanelPaintAt !== undefined && w.__benchPayloadsAt !== undefined;
        }, undefined, { timeout: 60_000 });
        const panel = (await page.evaluate('({ clickAt: window.__benchClickAt, panelAt: window.__benchPanelAt, paintAt: window.__benchPanelPaintAt, payloadsAt: window.__benchPayloadsAt })')) as { clickAt: number; panelAt: number; paintAt: number; payloadsAt: number };
        const panelAt = panel.panelAt;
        const eventsAt = await page.evaluate(() => performance.now());
        await page.click('[data-view="events"]');
        await page.waitForFunction(() => /of 25,000 events/.test(document.querySelector('[data-testid="event-count"]')?.textContent ?? '') && !/loaded/.test(document.querySelector('[data-testid="event-count"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
        const tableAt = await page.evaluate(() => performance.now());
        if (i === 0) out.interactiveFirstMs = readyAt;
        if (i > 0) {
          ready.push(readyAt);
          selectable.push(panelAt);
          panelOpen.push(panel.paintAt - panel.clickAt);
          panelPayloads.push(Math.max(panel.paintAt, panel.payloadsAt) - panel.clickAt);
          tableReady.push(tableAt - eventsAt);
        }
        await page.close();
      }
      for (let i = 0; i < repetitions; i++) {
        invalidate();
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pageUrl, { waitUntil: 'commit' });
        await page.waitForFunction(() => document.documentElement?.dataset.executionReadyAt !== undefined && document.querySelector('[data-testid="graph-view"] g.wg-node') !== null, undefined, { timeout: 60_000, polling: 16 });
        coldReady.push(Number(await page.evaluate(() => document.documentElement.dataset.executionReadyAt)));
        await page.close();
      }
      out.interactiveColdMs = median(coldReady);
      out.pageHtmlKb = Math.round((await (await fetch(pageUrl)).arrayBuffer()).byteLength / 1024);
      out.interactiveMs = median(ready);
      out.firstByteMs = median(firstBytes);
      out.htmlDoneMs = median(htmlDone);
      out.stepPanelOpenMs = median(panelOpen);
      out.stepPanelPayloadsMs = median(panelPayloads);
      out.stepPanelSinceNavigationMs = median(selectable);
      out.eventTableLoadedMs = median(tableReady);
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await runPageBench();
  const f = (n: number | undefined) => (n === undefined ? '?' : Math.round(n).toLocaleString('en-US'));
  console.log(`execution page: ${f(r.events)}-event history, ${f(r.graphNodes)} graph nodes`);
  console.log(`  API GET /api/executions/{arn}: ${f(r.apiMs)} ms (${f(r.apiKb)} KB) (target ≤ 300 ms; first read ${f(r.apiColdMs)} ms, cold median ${f(r.apiColdMedianMs)} ms) · events page of 5,000: ${f(r.eventsPageMs)} ms`);
  console.log(`  graph layout: ${r.layoutMs?.toFixed(1)} ms (target ≤ 150 ms)`);
  console.log(`  interactive in Chromium: ${f(r.interactiveMs)} ms (target ≤ 1,500 ms; first load ${f(r.interactiveFirstMs)} ms, target ≤ 1,000 ms; cold median ${f(r.interactiveColdMs)} ms; HTML ${f(r.pageHtmlKb)} KB) · event table fully loaded: +${f(r.eventTableLoadedMs)} ms`);
  console.log(`  of which the server: first byte ${f(r.firstByteMs)} ms, HTML done ${f(r.htmlDoneMs)} ms (first load ${f(r.firstLoadFirstByteMs)} / ${f(r.firstLoadHtmlDoneMs)} ms); the rest is the browser (scripts, hydration, first paint)`);
  console.log(`  step panel: click → panel painted ${f(r.stepPanelOpenMs)} ms (target ≤ 100 ms) · with its payloads ${f(r.stepPanelPayloadsMs)} ms · navigation start → panel ${f(r.stepPanelSinceNavigationMs)} ms`);
}
