import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { corpusDir, runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// The execution page in a real Chromium over imported corpus histories (retry, Catch, inline Map,
// a failing Map) and a hostile history written here. Screenshots go to tests/artifacts/screenshots/.

const base = (name: string) => join(corpusDir, `scenarios.test_base_scenarios__TestBaseScenarios.${name}__0.json`);
const FILES = {
  retry: base('test_lambda_service_invoke_with_retry_extended_input'),
  catchRuntime: base('test_catch_states_runtime'),
  map: base('test_map_state_legacy_config_inline'),
  mapCatch: join(corpusDir, 'test_error_output__TestStateVariablesTemplate.test_map_catch_error-MAP_CATCH_ERROR_OUTPUT_WITH_RETRY__0.json'),
};

const XSS_NAME = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
const XSS_ERROR = '<img src=x onerror="window.__pwned=3">';

function deepJson(depth: number): unknown {
  let value: unknown = { leaf: '<script>window.__pwned=4</script>' };
  for (let i = 0; i < depth; i++) value = { [`level${depth - i}`]: value };
  return value;
}

/** A failed execution whose names, input, parameters, error and cause are all hostile. */
function hostileHistory(withDefinition: boolean): unknown {
  const input = JSON.stringify({ html: '<h1>big</h1><script>window.__pwned=5</script>', huge: 'A'.repeat(1_000_000), deep: deepJson(200) });
  const cause = JSON.stringify({
    errorType: '<script>window.__pwned=6</script>',
    errorMessage: `<b>bold?</b> ${'x'.repeat(1_000_000)}`,
    stackTrace: ['  File "<script>alert(1)</script>", line 1\n', '<img src=x onerror=alert(2)>'],
  });
  const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
  const res = { resourceType: 'lambda', resource: 'invoke' };
  const events = [
    { id: 1, previousEventId: 0, timestamp: t(0), type: 'ExecutionStarted', executionStartedEventDetails: { input, roleArn: 'arn:aws:iam::1:role/r' } },
    { id: 2, previousEventId: 1, timestamp: t(1), type: 'TaskStateEntered', stateEnteredEventDetails: { name: XSS_NAME, input } },
    { id: 3, previousEventId: 2, timestamp: t(1), type: 'TaskScheduled', taskScheduledEventDetails: { ...res, region: 'us-east-1', parameters: JSON.stringify({ Payload: deepJson(200) }) } },
    { id: 4, previousEventId: 3, timestamp: t(2), type: 'TaskStarted', taskStartedEventDetails: res },
    { id: 5, previousEventId: 4, timestamp: t(3), type: 'TaskFailed', taskFailedEventDetails: { ...res, error: XSS_ERROR, cause } },
    { id: 6, previousEventId: 5, timestamp: t(3), type: 'ExecutionFailed', executionFailedEventDetails: { error: XSS_ERROR, cause } },
  ];
  const definition = { StartAt: XSS_NAME, States: { [XSS_NAME]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Comment: '<script>alert(7)</script>', End: true } } };
  return withDefinition ? { definition, events } : { events };
}

let server: RunningServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
let hostileDir: string;

async function arnOf(fragment: string): Promise<string> {
  const list = (await (await fetch(`${server.baseUrl}/api/executions?limit=500`)).json()) as { items: Array<{ executionArn: string; name: string }> };
  const item = list.items.find((i) => i.executionArn.includes(fragment));
  if (!item) throw new Error(`no execution matching ${fragment}: ${list.items.map((i) => i.executionArn).join(', ')}`);
  return item.executionArn;
}

const pageUrl = (arn: string, query = '') => `${server.baseUrl}/executions/${encodeURIComponent(arn)}${query}`;
const node = (name: string) => page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${name}"]`);

beforeAll(async () => {
  server = await startSteplensServer();
  hostileDir = mkdtempSync(join(tmpdir(), 'steplens-hostile-'));
  const hostile = join(hostileDir, 'hostile-with-definition.json');
  const noDefinition = join(hostileDir, 'hostile-no-definition.json');
  writeFileSync(hostile, JSON.stringify(hostileHistory(true)));
  writeFileSync(noDefinition, JSON.stringify(hostileHistory(false)));
  const imported = await runSteplens(['import', ...Object.values(FILES), hostile, noDefinition], { env: server.env });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('execution page over imported histories', () => {
  it('browses to a failed Map execution: failing node FAILED, banner and step panel show error and cause', async () => {
    await page.goto(`${server.baseUrl}/executions?status=FAILED`);
    const link = page.locator('[data-testid="executions-table"] tbody tr a[href*="map_catch_error"]').first();
    await link.click();
    await page.waitForURL(/\/executions\/arn%3A/);
    const banner = page.locator('[data-testid="failure-banner"]');
    await expect.poll(() => banner.textContent()).toContain('States.QueryEvaluationError');
    expect(await banner.textContent()).toContain('“Fallback”');
    expect(await banner.textContent()).toContain("The JSONata expression '$stateError'");
    expect(await node('Fallback').getAttribute('data-status')).toBe('FAILED');
    // The Task inside the Map failed, was retried and caught.
    expect(await node('ProcessItem').getAttribute('data-status')).toBe('CAUGHT');
    // The banner tells the story: first raised by ProcessItem (iteration #0, its second attempt),
    // caught by its own Catch, then Fallback ended the execution.
    const rootCause = page.locator('[data-testid="root-cause"]');
    expect(await rootCause.textContent()).toBe('Root cause Exception first raised in ProcessItem (Map iteration #0, attempt 2), caught by ProcessItem — then Fallback');

    await page.click('[data-testid="show-failing-step"]');
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe('Fallback');
    expect(await panel.locator('[data-testid="step-error"]').textContent()).toContain('States.QueryEvaluationError');
    expect(await panel.locator('[data-testid="step-error"]').textContent()).toContain('returned nothing (undefined)');
    expect(page.url()).toContain('state=Fallback');
    expect(await node('Fallback').evaluate((el) => el.classList.contains('wg-selected'))).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'execution-page-failed-map.png'), fullPage: true });

    // The caught Task, reached from the banner's root cause: its Lambda error payload is unpacked
    // and both attempts are listed.
    await page.click('[data-testid="root-cause-state"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe('ProcessItem');
    expect(await panel.getAttribute('data-status')).toBe('CAUGHT');
    const attempts = panel.locator('[data-testid="attempt"]');
    expect(await attempts.count()).toBe(2);
    expect(await attempts.first().textContent()).toContain('Initial attempt');
    expect(await attempts.nth(1).textContent()).toContain('Retry 1');
    const error = await panel.locator('[data-testid="step-error"]').textContent();
    expect(error).toContain('Some exception was raised.');
    expect(error).toContain('Stack trace');
    await page.screenshot({ path: join(screenshotDir, 'execution-page-caught-retry.png'), fullPage: true });
  });

  it('lists the retry attempts of a retried state and shows a caught error as CAUGHT', async () => {
    await page.goto(pageUrl(await arnOf('test_lambda_service_in')));
    const caught = page.locator('[data-testid="graph-view"] g.wg-node[data-status="CAUGHT"]');
    await expect.poll(() => caught.count()).toBeGreaterThan(0);
    await caught.first().click();
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-status')).toBe('CAUGHT');
    const attempts = panel.locator('[data-testid="attempt"]');
    expect(await attempts.count()).toBeGreaterThan(1);
    expect(await attempts.first().getAttribute('data-status')).toBe('FAILED');
    expect(await panel.locator('[data-testid="data-path"]').textContent()).toContain('TaskScheduled.parameters');
    expect(await panel.locator('[data-testid="step-definition"]').textContent()).toContain('Retry');
    await page.screenshot({ path: join(screenshotDir, 'execution-page-retry.png'), fullPage: true });

    // The timeline draws the attempts, the failed ones red.
    await page.click('[data-view="timeline"]');
    await expect.poll(() => page.locator('[data-testid="timeline"] .tl-row').count()).toBeGreaterThan(0);
    expect(page.url()).toContain('view=timeline');
    await page.screenshot({ path: join(screenshotDir, 'execution-page-timeline.png') });
  });

  it('selects a Map iteration, repaints the overlay, and restores the selection from a deep link', async () => {
    const arn = await arnOf('legacy_-');
    await page.goto(pageUrl(arn));
    const picker = page.locator('[data-testid="map-iteration-picker"] select').first();
    await expect.poll(() => picker.locator('optgroup[label="All iterations"] option').count()).toBeGreaterThan(1);
    const inner = page.locator('[data-testid="graph-view"] g.wg-node').filter({ has: page.locator('.wg-badge') });
    const aggregateBadges = await page.locator('[data-testid="graph-view"] .wg-badges').allTextContents();
    expect(aggregateBadges.join(' ')).toMatch(/×\d/);
    await picker.selectOption('1');
    await expect.poll(() => page.locator('[data-testid="graph-view"]').getAttribute('data-iteration')).toBe('1');
    const iterationBadges = await page.locator('[data-testid="graph-view"] .wg-badges').allTextContents();
    expect(iterationBadges.join(' ')).not.toMatch(/×\d/);
    expect(await inner.count()).toBeGreaterThanOrEqual(0);
    expect(page.url()).toContain('iter=1');
    await page.screenshot({ path: join(screenshotDir, 'execution-page-map-iteration.png'), fullPage: true });

    // Pick a state inside the iteration, then open the same URL fresh: the selection comes back.
    const innerState = await page.locator('[data-testid="graph-view"] g.wg-node.wg-leaf[data-status="SUCCEEDED"]').last().getAttribute('data-state-name');
    await page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${innerState}"]`).click();
    await expect.poll(() => page.locator('[data-testid="step-panel"]').getAttribute('data-state-name')).toBe(innerState);
    const deepLink = page.url();
    const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await fresh.goto(deepLink);
    await expect.poll(() => fresh.locator('[data-testid="step-panel"]').getAttribute('data-state-name')).toBe(innerState);
    expect(await fresh.locator('[data-testid="graph-view"]').getAttribute('data-iteration')).toBe(new URL(deepLink).searchParams.get('iter'));
    await fresh.goto(`${deepLink}&view=events`);
    await expect.poll(() => fresh.locator('[data-testid="event-count"]').textContent()).toMatch(/of 16 events/);
    await fresh.close();
  });

  it('event table: total count, filters, keyboard and expandable details; n/p and Escape', async () => {
    await page.goto(pageUrl(await arnOf('test_catch_states_runtime'), '?view=events'));
    const count = page.locator('[data-testid="event-count"]');
    await expect.poll(() => count.textContent()).toContain('6 of 6 events');
    await page.selectOption('select[aria-label="Filter by event type"]', 'ExecutionFailed');
    await expect.poll(() => count.textContent()).toContain('1 of 6 events');
    const row = page.locator('.ev-row').first();
    expect(await row.getAttribute('data-kind')).toBe('fail');
    await page.selectOption('select[aria-label="Filter by event type"]', '');
    await page.fill('input[aria-label="Search events"]', 'States.Runtime');
    await expect.poll(() => count.textContent()).toMatch(/^[1-6] of 6 events/);
    await page.fill('input[aria-label="Search events"]', '');
    await page.focus('[data-testid="event-scroll"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid="event-details"]').count()).toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'execution-page-events.png') });

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('n');
    await expect.poll(() => page.locator('[data-testid="step-panel"]').getAttribute('data-status')).toBe('FAILED');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[data-testid="step-panel"]').count()).toBe(0);
  });

  it('renders hostile names, inputs, errors and causes as text, with no script or dialog', async () => {
    await page.goto(pageUrl(await arnOf('hostile-with-definition')));
    const banner = page.locator('[data-testid="failure-banner"]');
    await expect.poll(() => banner.textContent()).toContain(XSS_ERROR);
    expect(await banner.textContent()).toContain('<script>window.__pwned=6</script>');
    expect(await page.locator(`[data-testid="graph-view"] g.wg-node[data-state-name="${XSS_NAME.replace(/"/g, '\\"')}"]`).getAttribute('data-status')).toBe('FAILED');
    await page.click('[data-testid="show-failing-step"]');
    await expect.poll(() => page.locator('[data-testid="step-panel"]').getAttribute('data-state-name')).toBe(XSS_NAME);
    // Every view once, the deep JSON opened a few levels.
    for (const v of ['timeline', 'events', 'table', 'graph']) await page.click(`[data-view="${v}"]`);
    await page.locator('[data-testid="step-input"] .jv-summary').first().click();
    await page.locator('[data-testid="step-input"] .jv-summary').first().click();
    const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
    expect(pwned).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('[data-testid="execution-page"] img, [data-testid="execution-page"] script, [data-testid="execution-page"] h1 h1').count()).toBe(0);
    // Huge strings are truncated with "show more" and nothing widens the page.
    expect(await page.locator('[data-testid="step-input"]').textContent()).toContain('show more');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const text = (await page.locator('[data-testid="execution-page"]').textContent()) ?? '';
    expect(text.length).toBeLessThan(200_000);
    await page.screenshot({ path: join(screenshotDir, 'execution-page-hostile.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('an unknown definition: the graph says so, the other views still work; dark theme', async () => {
    const dark = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    dark.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await dark.goto(pageUrl(await arnOf('hostile-no-definition')));
    await expect.poll(() => dark.locator('[data-testid="graph-unknown"]').textContent()).toContain('Definition unknown');
    await dark.click('[data-testid="show-failing-step"]');
    await expect.poll(() => dark.locator('[data-testid="step-panel"]').count()).toBe(1);
    await dark.click('[data-view="timeline"]');
    await expect.poll(() => dark.locator('[data-testid="timeline"] .tl-row').count()).toBe(1);
    await dark.screenshot({ path: join(screenshotDir, 'execution-page-dark-no-definition.png'), fullPage: true });
    expect(dialogs).toEqual([]);
    await dark.close();
  });

  it('console parity: Map iteration counts, Definition tab, sortable events, Export downloads every event', async () => {
    const arn = await arnOf('legacy_-');
    const api = `${server.baseUrl}/api/executions/${encodeURIComponent(arn)}`;
    type Run = { stateName: string; stateType: string; status: string; mapIndex: number[]; input?: unknown };
    const full = (await (await fetch(api)).json()) as { analysis: { runs: Run[] }; definition: { StartAt: string } };
    const mapIndex = full.analysis.runs.findIndex((r) => r.stateType === 'Map');
    const mapRun = full.analysis.runs[mapIndex];
    if (!mapRun) throw new Error('no Map run');
    const iterations = new Set(full.analysis.runs.filter((r) => r.mapIndex.length > 0).map((r) => r.mapIndex[0])).size;
    expect(iterations).toBeGreaterThan(1);

    // The §2.3 detail keeps the payloads; ?runs=slim (what the page embeds) drops them, …/runs/{i} has them.
    expect(full.analysis.runs.some((r) => r.input !== undefined)).toBe(true);
    const slim = (await (await fetch(`${api}?runs=slim`)).json()) as { analysis: { runs: Run[] }; runPayloads?: string };
    expect(slim.runPayloads).toBe('omitted');
    expect(slim.analysis.runs.map((r) => r.stateName)).toEqual(full.analysis.runs.map((r) => r.stateName));
    expect(slim.analysis.runs.every((r) => r.input === undefined)).toBe(true);
    expect(await (await fetch(`${api}/runs/${mapIndex}`)).json()).toEqual(full.analysis.runs[mapIndex]);
    expect((await fetch(`${api}/runs/9999`)).status).toBe(404);
    expect((await fetch(`${api}/runs/x`)).status).toBe(400);

    await page.goto(pageUrl(arn));
    await node(mapRun.stateName).first().click({ position: { x: 12, y: 10 } }); // the container's title, not its children
    const panel = page.locator('[data-testid="step-panel"]');
    await expect.poll(() => panel.getAttribute('data-state-name')).toBe(mapRun.stateName);
    const counts = panel.locator('[data-testid="map-counts"]');
    expect(await counts.textContent()).toContain(`Map iterations (${iterations})`);
    expect(await counts.locator('[data-testid="map-count-succeeded"]').getAttribute('data-count')).toBe(String(iterations));
    expect(await counts.locator('[data-testid="map-count-failed"]').getAttribute('data-count')).toBe('0');
    expect(await counts.locator('[data-testid="map-count-aborted"]').getAttribute('data-count')).toBe('0');
    expect(await counts.locator('[data-testid="map-count-running"]').getAttribute('data-count')).toBe('0');
    // The run's input arrives from …/runs/{i}.
    await expect.poll(() => panel.locator('[data-testid="step-input"]').textContent()).not.toMatch(/loading|not recorded/);
    await page.screenshot({ path: join(screenshotDir, 'execution-page-map-counts.png'), fullPage: true });

    await page.click('[data-view="definition"]');
    const definition = page.locator('[data-testid="definition-json"]');
    await expect.poll(() => definition.textContent()).toContain(full.definition.StartAt);
    expect(await definition.textContent()).toContain(mapRun.stateName);
    expect(page.url()).toContain('view=definition');
    await page.screenshot({ path: join(screenshotDir, 'execution-page-definition.png'), fullPage: true });

    await page.click('[data-view="events"]');
    const firstRow = page.locator('.ev-row').first();
    await expect.poll(() => firstRow.getAttribute('data-event-id')).toBe('1');
    await page.click('[data-testid="event-sort"]');
    await expect.poll(() => firstRow.getAttribute('data-event-id')).toBe('16');
    expect(await page.locator('.ev-header [aria-sort]').getAttribute('aria-sort')).toBe('descending');
    await page.screenshot({ path: join(screenshotDir, 'execution-page-events-descending.png') });
    await page.click('[data-testid="event-sort"]');
    await expect.poll(() => firstRow.getAttribute('data-event-id')).toBe('1');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-execution"]')]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { execution: { executionArn: string }; events: Array<{ id: number; type: string }>; definition: unknown; analysis: { runs: unknown[] } };
    expect(exported.execution.executionArn).toBe(arn);
    expect(exported.events).toHaveLength(16);
    expect(exported.events.map((e) => e.id)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(exported.events[0]?.type).toBe('ExecutionStarted');
    expect(exported.definition).toEqual(full.definition);
    expect(exported.analysis.runs).toHaveLength(full.analysis.runs.length);
  });

  it('answers a 404 page for an unknown execution and pages the events API', async () => {
    const missing = await fetch(pageUrl('arn:aws:states:us-east-1:1:execution:nope:nope'));
    expect(missing.status).toBe(404);
    const arn = await arnOf('legacy_-');
    const first = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}/events?limit=10`)).json()) as { items: unknown[]; nextCursor: string | null; total: number };
    expect(first.items).toHaveLength(10);
    expect(first.total).toBe(16);
    const second = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}/events?limit=10&cursor=${first.nextCursor}`)).json()) as { items: unknown[]; nextCursor: string | null };
    expect(second.items).toHaveLength(6);
    expect(second.nextCursor).toBeNull();
    expect((await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}/events?cursor=x`)).status).toBe(400);
  });
});
