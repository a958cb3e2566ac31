import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

// Actions over the live demo (DESIGN.md §2.7) with STEPLENS_ACTIONS=on and sign-in off (the
// local user is an operator): a running demo execution is stopped from its page through the
// confirmation dialog; AWS (the demo emulator) then says ABORTED, the page shows it, and /audit
// lists the stop with its outcome. Cancelling the dialog sends nothing.

let server: RunningServer;
/** The execution the first test stopped (the second starts it again). */
let stoppedArn = '';
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

interface Item {
  executionArn: string;
  status: string;
}

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function auditRows(): Promise<Array<{ action: string; target: string; outcome: string }>> {
  return ((await (await fetch(`${server.baseUrl}/api/audit`)).json()) as { entries: Array<{ action: string; target: string; outcome: string }> }).entries;
}

beforeAll(async () => {
  server = await startSteplensServer({ demo: true, env: { STEPLENS_ACTIONS: 'on' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('actions over the live demo', () => {
  it('stops a running execution through the confirmation and finds the stop in /audit', async () => {
    // A running Standard execution whose Stop button is enabled (AWS's view: still RUNNING): an
    // expense approval, which waits minutes on its approver's task token, so that it is still
    // running when a slow machine has loaded the page (an order ends within seconds).
    const arn = await eventually(async () => {
      const list = (await (await fetch(`${server.baseUrl}/api/executions?status=RUNNING&limit=50`)).json()) as { items: Item[] };
      for (const item of list.items.filter((i) => i.executionArn.includes(':execution:expense-approval:'))) {
        const offer = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(item.executionArn)}/actions`)).json()) as { eligibility: { stop: { allowed: boolean } } | null };
        if (offer.eligibility?.stop.allowed) return item.executionArn;
      }
      return null;
    });
    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(arn)}`);
    const stop = page.locator('[data-testid="action-stop"]');
    await expect.poll(() => stop.isEnabled(), { timeout: 30_000 }).toBe(true);
    // Redrive is not offered for a running execution, and says why.
    expect(await page.locator('[data-testid="action-redrive"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="action-redrive"]').getAttribute('title')).toMatch(/still running/);

    // Cancel first: the dialog closes, nothing is sent or audited.
    const before = (await auditRows()).length;
    await stop.click();
    const dialog = page.locator('[data-testid="confirm-stop"]');
    await dialog.waitFor({ state: 'visible' });
    await page.screenshot({ path: join(screenshotDir, 'actions-demo-confirm-stop.png') });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await auditRows()).length).toBe(before);

    await stop.click();
    await page.click('[data-testid="confirm-action"]');
    const outcome = page.locator('[data-testid="action-outcome"]');
    await outcome.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await outcome.getAttribute('data-outcome')).toBe('succeeded');
    await expect.poll(() => page.locator('[data-testid="execution-page"]').getAttribute('data-status'), { timeout: 30_000 }).toBe('ABORTED');
    // AWS's own view (the demo emulator), through the API.
    const stored = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(arn)}`)).json()) as { execution: { status: string } };
    expect(stored.execution.status).toBe('ABORTED');
    await expect.poll(() => stop.isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'actions-demo-stopped.png'), fullPage: true });

    await page.click('[data-testid="action-outcome"] a[href="/audit"]');
    await page.waitForURL(/\/audit$/);
    const row = page.locator(`[data-testid="audit-row"][data-target="${arn}"]`);
    await row.first().waitFor({ state: 'visible' });
    expect(await row.count()).toBe(1);
    expect(await row.first().getAttribute('data-action')).toBe('stop');
    expect(await row.first().getAttribute('data-outcome')).toBe('succeeded');
    expect(await row.first().textContent()).toContain('local user (sign-in off)');
    await page.screenshot({ path: join(screenshotDir, 'actions-demo-audit.png'), fullPage: true });
    expect((await auditRows())[0]).toMatchObject({ action: 'stop', target: arn, outcome: 'succeeded' });
    expect(dialogs).toEqual([]);
    stoppedArn = arn;
  }, 300_000);

  it('starts it again with an edited input, which must be JSON before it can be sent', async () => {
    expect(stoppedArn).not.toBe('');
    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(stoppedArn)}`);
    const startAgain = page.locator('[data-testid="action-start-again"]');
    await expect.poll(() => startAgain.isEnabled(), { timeout: 30_000 }).toBe(true);
    await startAgain.click();
    const dialog = page.locator('[data-testid="confirm-start-again"]');
    await dialog.waitFor({ state: 'visible' });
    await page.click('[data-testid="edit-input"]');
    const input = page.locator('[data-testid="start-input"]');
    await input.fill('{"batchId": "edited", ');
    await expect.poll(() => page.locator('[data-testid="input-problem"]').textContent()).toMatch(/not valid JSON/);
    expect(await page.locator('[data-testid="confirm-action"]').isDisabled()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'actions-demo-start-again-invalid.png') });
    await input.fill('{"batchId": "edited-by-e2e", "recordCount": 1}');
    await expect.poll(() => page.locator('[data-testid="confirm-action"]').isEnabled()).toBe(true);
    await page.click('[data-testid="confirm-action"]');
    const outcome = page.locator('[data-testid="action-outcome"]');
    await outcome.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await outcome.getAttribute('data-outcome')).toBe('succeeded');
    const [row] = (await (await fetch(`${server.baseUrl}/api/audit?action=start-again`)).json()).entries as Array<{ target: string; outcome: string; resultArn: string }>;
    expect(row).toMatchObject({ target: stoppedArn, outcome: 'succeeded' });
    // The new execution runs the edited input (the API fetches it from the source on demand).
    await page.click('[data-testid="action-outcome"] a[href^="/executions/"]');
    await page.waitForURL((url) => url.pathname === `/executions/${encodeURIComponent(row?.resultArn ?? '')}`);
    const started = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(row?.resultArn ?? '')}`)).json()) as { execution: { input: string } };
    expect(JSON.parse(started.execution.input)).toEqual({ batchId: 'edited-by-e2e', recordCount: 1 });
    expect(dialogs).toEqual([]);
  }, 300_000);
});
