// "Try a fix" in Chromium over the live demo (DESIGN.md §2.10): a failed demo execution whose error
// a top-level Task state raised; from its page, "Try a fix", a Catch for that error is added to that
// state in the editor, the replay SUCCEEDS, and the diff view shows the paths parting at that state.
// A definition the emulator refuses lists its problem at its line instead.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotDir } from '../helpers/browser';
import { startSteplensServer, type RunningServer } from '../helpers/steplens-server';

let server: RunningServer;
let browser: Browser;
let page: Page;

type Machine = { StartAt: string; States: Record<string, Record<string, unknown>> };

async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; server log:\n${server.log().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

beforeAll(async () => {
  // Five times the usual demo traffic: a failure raised by a top-level Task state comes within a
  // minute or so instead of several (the demo's seed, and so which failure comes first, is fresh).
  server = await startSteplensServer({ demo: true, env: { STEPLENS_DEMO_RATE: '5' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Try a fix over the live demo', () => {
  it('adds a Catch for the error of a failed execution: the replay SUCCEEDS and the diff parts at the failing state', async () => {
    const found = await eventually(async () => {
      const list = (await (await fetch(`${server.baseUrl}/api/executions?status=FAILED&limit=100`)).json()) as { items: Array<{ executionArn: string }> };
      for (const item of list.items) {
        const d = (await (await fetch(`${server.baseUrl}/api/executions/${encodeURIComponent(item.executionArn)}`)).json()) as {
          analysis: { failure: { stateName: string | null; error: string | null } | null };
          definition: Machine | null;
        };
        const failure = d.analysis.failure;
        const state = failure?.stateName ? d.definition?.States[failure.stateName] : undefined;
        if (d.definition && failure?.error && state?.Type === 'Task') return { arn: item.executionArn, stateName: failure.stateName as string, error: failure.error, definition: d.definition };
      }
      return null;
    });
    const fixed = structuredClone(found.definition);
    const failing = fixed.States[found.stateName] as Record<string, unknown>;
    failing.Catch = [{ ErrorEquals: [found.error], Next: 'TryFixRecovered' }, ...((failing.Catch as unknown[] | undefined) ?? [])];
    fixed.States.TryFixRecovered = { Type: 'Pass', End: true };

    await page.goto(`${server.baseUrl}/executions/${encodeURIComponent(found.arn)}`);
    await page.click('[data-testid="try-fix-link"]');
    await page.waitForURL(/\/try-fix$/);
    const editor = page.locator('[data-testid="try-fix-definition"]');
    // The editor is read-only and the replay button disabled until the page has hydrated (a click
    // before then would do nothing): Playwright's fill and click wait for that.
    expect(JSON.parse(await editor.inputValue())).toEqual(found.definition);

    // First a definition the emulator refuses: its problem is listed at its line.
    const broken = structuredClone(fixed);
    (broken.States.TryFixRecovered as Record<string, unknown>).Next = 'Nowhere';
    delete (broken.States.TryFixRecovered as Record<string, unknown>).End;
    const brokenText = JSON.stringify(broken, null, 2);
    await editor.fill(brokenText);
    await page.click('[data-testid="try-fix-replay"]');
    const problems = page.locator('[data-testid="try-fix-problems"]');
    await expect.poll(() => problems.textContent(), { timeout: 30_000 }).toContain("transitions to 'Nowhere'");
    const line = brokenText.split('\n').findIndex((l) => l.includes('"TryFixRecovered": {')) + 1;
    expect(await problems.textContent()).toContain(`line ${line}`);

    await editor.fill(JSON.stringify(fixed, null, 2));
    await page.click('[data-testid="try-fix-replay"]');
    const result = page.locator('[data-testid="try-fix-result"]');
    await expect.poll(() => result.getAttribute('data-status'), { timeout: 30_000 }).toBe('SUCCEEDED');
    expect(await page.locator('[data-testid="diff-execution-a"]').textContent()).toContain('FAILED');
    expect(await page.locator('[data-testid="diff-execution-b"]').textContent()).toContain('SUCCEEDED');
    expect(await page.locator('[data-testid="diff-divergence"]').getAttribute('data-state-name')).toBe(found.stateName);
    // The replay is not stored: its card and runs link nowhere, and no Swap / Compare-with action
    // would look it up; the original still links to its page.
    expect(await page.locator('[data-testid="diff-execution-a"] a.xd-card-name').count()).toBe(1);
    expect(await page.locator('[data-testid="diff-execution-b"] a.xd-card-name').count()).toBe(0);
    expect(await page.getByText('Swap A and B').count()).toBe(0);
    await page.screenshot({ path: join(screenshotDir, 'try-fix-demo.png'), fullPage: true });
  }, 400_000);
});
