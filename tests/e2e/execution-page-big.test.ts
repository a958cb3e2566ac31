import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchDefinition } from '../bench/page-bench';
import { generateHistory } from '../bench/generate-history';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// The execution page over the page bench's execution (25,000 events, 1,000 interleaved Map
// iterations, 5,003 state runs, a 200-state definition) in a real Chromium: the event table, the
// timeline and the runs list are windowed (@tanstack/react-virtual): a few dozen rows in the DOM
// whatever the scroll position, the rows at the scroll position being the right ones, a selection
// made elsewhere scrolled into view, and an expanded event pushing the rows below it down.
// Screenshots go to tests/artifacts/screenshots/ (and /tmp/steplens-big-*.png) to be looked at.

const EVENT_ROW = 28;
const EVENT_EXPANDED = 320;
const TIMELINE_ROW = 24;
/** More rows than this in the DOM means the list is not windowed (the viewport shows ~25). */
const MAX_ROWS_IN_DOM = 120;

let server: RunningServer;
let browser: Browser;
let page: Page;
let arn: string;
let runCount: number;
let dir: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
  await page.screenshot({ path: `/tmp/steplens-${name}.png` });
}

const pageUrl = (query = '') => `${server.baseUrl}/executions/${encodeURIComponent(arn)}${query}`;

/** The `data-run-index` values of the rows `rows` holds, ascending. */
async function runIndexes(rows: Locator): Promise<number[]> {
  const values = await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-run-index'))));
  return values.sort((a, b) => a - b);
}

/** Whether `row` lies inside the visible part of its scroll container `scroll`. */
async function inView(scroll: Locator, row: Locator): Promise<boolean> {
  const box = await scroll.boundingBox();
  const r = await row.boundingBox();
  if (!box || !r) return false;
  return r.y >= box.y - 1 && r.y + r.height <= box.y + box.height + 1;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-big-page-'));
  const file = join(dir, 'bench-25k.json');
  writeFileSync(file, JSON.stringify({ definition: benchDefinition(), events: generateHistory().events }));
  server = await startSteplensServer();
  const imported = await runSteplens(['import', file], { env: server.env });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const list = (await (await fetch(`${server.baseUrl}/api/executions?limit=5`)).json()) as { items: Array<{ executionArn: string }> };
  arn = list.items[0]?.executionArn ?? '';
  if (!arn) throw new Error('the 25,000-event execution was not stored');
  const detail = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}?runs=slim`)).json()) as { analysis: { runs: unknown[] } };
  runCount = detail.analysis.runs.length;
  mkdirSync(screenshotDir, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('execution page over a 25,000-event execution', () => {
  it('opens the step panel from the graph, then fills in its data path and definition', { timeout: 120_000 }, async () => {
    expect(runCount).toBeGreaterThan(5_000);
    await page.goto(pageUrl());
    const panel = page.locator('[data-testid="step-panel"]');
    // A click that lands before React has hydrated this big page does nothing (CI machines are
    // slower than ours): wait for the page's hydrated marker first.
    await page.waitForSelector('html[data-execution-ready-at]', { state: 'attached', timeout: 90_000 });
    await page.locator('[data-testid="graph-view"] g.wg-node[data-state-name="Store"]').click();
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.textContent()).toContain('Store');
    // The deferred part of the panel follows the opening frame.
    await expect.poll(() => panel.locator('[data-testid="data-path"]').count()).toBe(1);
    await expect.poll(() => panel.locator('[data-testid="step-definition"]').count()).toBe(1);
    await expect.poll(() => panel.locator('[data-testid="step-input"]').textContent()).not.toMatch(/loading/i);
    expect(new URL(page.url()).searchParams.get('state')).toBe('Store');
    await shot('big-execution-step-panel');
  });

  it('timeline: windowed, scrolled to the run selected in the graph, the right rows at any scroll position', async () => {
    const selected = Number(new URL(page.url()).searchParams.get('run'));
    expect(selected).toBeGreaterThan(100);
    await page.click('[data-view="timeline"]');
    const scroll = page.locator('[data-testid="timeline"] .tl-scroll');
    const rows = page.locator('[data-testid="timeline"] .tl-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(10);
    expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_DOM);
    expect(await scroll.evaluate((el) => (el.firstElementChild as HTMLElement).offsetHeight)).toBe(runCount * TIMELINE_ROW);
    const row = page.locator(`[data-testid="timeline"] .tl-row[data-run-index="${selected}"]`);
    await expect.poll(() => row.getAttribute('class')).toContain('ex-selected');
    expect(await inView(scroll, row)).toBe(true);
    await shot('big-execution-timeline');

    await scroll.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await runIndexes(rows)).at(-1)).toBe(runCount - 1);
    expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_DOM);
    await scroll.evaluate((el) => (el.scrollTop = 2_000 * 24));
    // Until the window re-renders the rows are still the bottom ones (also all above 1,950): wait
    // for the window at row 2,000 itself.
    const windowAt2000 = (shown: number[]) => shown.includes(2_000) && shown.every((i) => i >= 1_950 && i < 2_100);
    await expect.poll(async () => windowAt2000(await runIndexes(rows))).toBe(true);
    // A row of the timeline selects its run: the panel follows.
    await page.locator('[data-testid="timeline"] .tl-row[data-run-index="2005"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('run')).toBe('2005');
    await expect.poll(() => page.locator('[data-testid="step-panel"]').count()).toBe(1);
  });

  it('runs list: windowed under its header, the selection scrolled into view, the right rows when scrolled', async () => {
    await page.click('[data-view="table"]');
    const scroll = page.locator('[data-testid="runs-view"]');
    const rows = page.locator('[data-testid="runs-table"] tbody tr[data-run-index]');
    await expect.poll(() => rows.count()).toBeGreaterThan(10);
    expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_DOM);
    const selected = page.locator('[data-testid="runs-table"] tbody tr[data-run-index="2005"]');
    await expect.poll(() => selected.getAttribute('class')).toContain('ex-selected');
    expect(await inView(scroll, selected)).toBe(true);
    // The selected row is below the sticky header, not hidden under it.
    const head = await page.locator('[data-testid="runs-table"] thead').boundingBox();
    const box = await selected.boundingBox();
    expect(head && box && box.y >= head.y + head.height - 1).toBe(true);
    // The table is as tall as every row (spacer rows above and below the window).
    const height = await scroll.evaluate((el) => el.scrollHeight);
    expect(height).toBeGreaterThan(runCount * 30 - 100);

    await scroll.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect.poll(async () => (await runIndexes(rows)).at(-1)).toBe(runCount - 1);
    const last = page.locator(`[data-testid="runs-table"] tbody tr[data-run-index="${runCount - 1}"]`);
    expect(await inView(scroll, last)).toBe(true);
    await scroll.evaluate((el) => (el.scrollTop = 0));
    await expect.poll(async () => (await runIndexes(rows))[0]).toBe(0);
    await page.locator('[data-testid="runs-table"] tbody tr[data-run-index="3"]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('run')).toBe('3');
    await scroll.evaluate((el) => (el.scrollTop = 1_000 * 30));
    await expect.poll(async () => (await runIndexes(rows)).includes(1_000)).toBe(true);
    expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_DOM);
    await shot('big-execution-runs-list');
  });

  it('event table: every event counted, windowed, keyboard paging keeps the active row in view, an expanded row pushes the rest down', async () => {
    await page.goto(pageUrl('?view=events'));
    const count = page.locator('[data-testid="event-count"]');
    await expect.poll(() => count.textContent(), { timeout: 30_000 }).toMatch(/^25,000 of 25,000 events(?! \(loaded)/);
    const scroll = page.locator('[data-testid="event-scroll"]');
    const rows = page.locator('.ev-row');
    expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_DOM);
    expect(await scroll.evaluate((el) => el.scrollHeight)).toBe(25_000 * EVENT_ROW);

    await page.focus('[data-testid="event-scroll"]');
    for (let i = 0; i < 30; i++) await page.keyboard.press('PageDown');
    const active = page.locator('.ev-row[aria-selected="true"]');
    await expect.poll(() => active.getAttribute('data-event-id')).toBe('601');
    await expect.poll(() => inView(scroll, active)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="event-details"]').count()).toBe(1);
    expect(await page.locator('[data-testid="event-details"]').textContent()).toContain('Event 601');
    const top = (id: number) => page.locator(`.ev-row[data-event-id="${id}"]`).evaluate((el) => (el as HTMLElement).offsetTop);
    expect((await top(602)) - (await top(601))).toBe(EVENT_ROW + EVENT_EXPANDED);
    expect((await top(601)) - (await top(600))).toBe(EVENT_ROW);
    expect(await scroll.evaluate((el) => el.scrollHeight)).toBe(25_000 * EVENT_ROW + EVENT_EXPANDED);
    await shot('big-execution-events-expanded');

    await page.keyboard.press('End');
    await expect.poll(() => active.getAttribute('data-event-id')).toBe('25000');
    await expect.poll(() => inView(scroll, active)).toBe(true);
    expect(await rows.count()).toBeLessThan(MAX_ROWS_IN_DOM);
    await scroll.evaluate((el) => (el.scrollTop = 12_000 * 28));
    await expect.poll(() => page.locator('.ev-row[data-event-id="12010"]').count()).toBe(1);
    expect(await page.locator('.ev-row[data-event-id="1"]').count()).toBe(0);
    await shot('big-execution-events-scrolled');
    expect(pageErrors).toEqual([]);
  });
});
