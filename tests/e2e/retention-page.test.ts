// The execution page of an execution whose events retention pruned, in a real Chromium: it says
// "Events pruned on <date>" instead of an empty history, keeps the stored status and error, and
// its Events tab says the same; the API carries the note. Screenshot: retention-pruned.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExecution, listExecutions, openStore, pruneExpiredEvents } from '../../lib/store/index';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { runSteplens } from '../helpers/run-steplens';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

/** A dated history (the corpus' timestamps are masked, and undated executions are never pruned) that failed, so the stored error shows. */
function failedHistory(): unknown {
  const t = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
  const res = { resourceType: 'lambda', resource: 'invoke' };
  return {
    events: [
      { id: 1, previousEventId: 0, timestamp: t(0), type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"order":1}', roleArn: 'arn:aws:iam::1:role/r' } },
      { id: 2, previousEventId: 1, timestamp: t(1), type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Charge', input: '{"order":1}' } },
      { id: 3, previousEventId: 2, timestamp: t(1), type: 'TaskScheduled', taskScheduledEventDetails: { ...res, region: 'us-east-1', parameters: '{}' } },
      { id: 4, previousEventId: 3, timestamp: t(2), type: 'TaskStarted', taskStartedEventDetails: res },
      { id: 5, previousEventId: 4, timestamp: t(3), type: 'TaskFailed', taskFailedEventDetails: { ...res, error: 'CardDeclined', cause: 'insufficient funds' } },
      { id: 6, previousEventId: 5, timestamp: t(3), type: 'ExecutionFailed', executionFailedEventDetails: { error: 'CardDeclined', cause: 'insufficient funds' } },
    ],
  };
}

let dir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let arn: string;
let prunedAt: string;
let eventCount: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'steplens-retention-page-'));
  const databaseUrl = `file:${join(dir, 'store.db')}`;
  const file = join(dir, 'charge-failed.json');
  writeFileSync(file, JSON.stringify(failedHistory()));
  const imported = await runSteplens(['import', file], { env: { DATABASE_URL: databaseUrl } });
  if (imported.code !== 0) throw new Error(`import failed: ${imported.stderr}`);
  const store = await openStore(databaseUrl);
  // It ran in January 2025: one day of retention prunes it.
  const result = await pruneExpiredEvents(store, { defaults: { eventsDays: 1, keepNewest: null }, stateMachines: {}, batchExecutions: 10, batchEvents: 20_000 }, { now: new Date() });
  if (result.executions !== 1) throw new Error(`expected one pruned execution, got ${JSON.stringify(result)}`);
  const row = await listExecutions(store, {});
  arn = row.items[0]?.executionArn as string;
  const stored = await getExecution(store, arn);
  prunedAt = stored?.execution.eventsPrunedAt as string;
  eventCount = stored?.execution.eventCount as number;
  await store.close();
  server = await startSteplensServer({ databaseUrl });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a pruned execution', () => {
  it('says when its events were pruned, on the page and in the API', async () => {
    expect(eventCount).toBeGreaterThan(0);
    const note = `Events pruned on ${prunedAt.slice(0, 10)} by retention (${eventCount.toLocaleString('en-US')} events): the history is no longer stored; the execution's summary and its state figures are kept.`;
    const detail = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}`)).json()) as { prunedNote?: string; analysis: { status: string } };
    expect(detail.prunedNote).toBe(note);
    const events = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}/events`)).json()) as { items: unknown[]; note?: string; prunedAt?: string };
    expect(events).toMatchObject({ items: [], note, prunedAt });

    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(arn)}`);
    const banner = page.locator('[data-testid="history-pruned"]');
    await expect.poll(() => banner.textContent()).toBe(note);
    // The stored status, not the analysis of no events.
    expect(await page.locator('[data-testid="execution-page"]').getAttribute('data-status')).toBe(detail.analysis.status);
    expect(detail.analysis.status).toBe('FAILED');
    // Its failure from the stored error (the failing state is not kept apart from the events).
    expect(await page.locator('[data-testid="failure-banner"]').textContent()).toContain('CardDeclined');
    // The Events fact: none shown, how many went.
    expect(await page.locator('.ex-facts').textContent()).toContain(`Events0 (${eventCount} pruned)`);
    await page.screenshot({ path: join(screenshotDir, 'retention-pruned.png'), fullPage: true });
    await page.click('button[data-view="events"]');
    await expect.poll(() => page.locator('[data-testid="events-pruned"]').textContent()).toBe(note);
  });
});
